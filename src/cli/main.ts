#!/usr/bin/env node
/**
 * The CLI harness. Only results go to stdout (JSON with --json); logs and errors go to stderr.
 */
import { Command, InvalidArgumentError } from "commander";
import { NewsQaError } from "../errors.js";
import { runAsk } from "./commands/ask-command.js";
import { runEval } from "./commands/eval-command.js";
import { runIndex } from "./commands/index-command.js";
import { runSegment } from "./commands/segment-command.js";
import { cliRedactor } from "./context.js";

// Piping into `head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new InvalidArgumentError("expected a whole number from 1 to 100");
  return n;
};

const program = new Command()
  .name("newsqa")
  .description("Question answering over newspaper pages, with numbered citations.")
  .showHelpAfterError();

program
  .command("index")
  .description("Build the index from a corpus folder (every .txt under it is a page).")
  .option("--corpus <dir>", "corpus folder (default: CORPUS_DIR or corpus/)")
  .option("--index <dir>", "index folder (default: INDEX_DIR or embeddings/)")
  .option("--json", "print the build summary as JSON")
  .option("--full", "re-read and re-embed every page instead of reusing unchanged ones")
  .option("--verify", "check the live index's files against their checksums, build nothing")
  .action(async (opts) => {
    await runIndex(opts);
  });

program
  .command("ask")
  .description("Answer a question (builds the index first if it is missing).")
  .argument("[question]", "the question, in Chinese or English")
  .option("--corpus <dir>", "corpus folder, used if the index must be built")
  .option("--index <dir>", "index folder")
  .option("--json", "print the answer as one JSON object")
  .option("--batch <file>", 'answer every {"question": …} line of a JSONL file, one JSON object per line')
  .option("--k <n>", "passages to retrieve (default: TOP_K or 5)", positiveInt)
  .action((question, opts) => runAsk(question, opts));

program
  .command("eval")
  .description("Run a QA set and report retrieval, answer, citation and abstention figures per kind.")
  .requiredOption("--qa <file>", "QA set in JSONL (see test/fixtures/qa/dev-qa.jsonl)")
  .option("--corpus <dir>", "corpus folder")
  .option("--index <dir>", "index folder")
  .option("--k <n>", "passages to retrieve", positiveInt)
  .option("--json", "print the figures as JSON")
  .option("--verbose", "also list every question with its answer")
  .action(async (opts) => {
    await runEval(opts);
  });

program
  .command("segment")
  .description("Show how a page file is split into articles.")
  .argument("<page-file>", "a .txt page")
  .option("--json", "print the articles as a JSON array")
  .action((file, opts) => runSegment(file, opts));

program.parseAsync().catch((err: unknown) => {
  // Our own errors already say what to do; anything else is a bug worth a stack trace. Either may
  // quote a remote server, so the configured secrets are taken out.
  const { redact } = cliRedactor();
  if (err instanceof NewsQaError) process.stderr.write(`error: ${redact(err.message)}\n`);
  else
    process.stderr.write(
      `error: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`,
    );
  process.exitCode = 1;
});
