/**
 * `npm run index`: builds the index from CORPUS_DIR into INDEX_DIR (flags: --corpus, --index, --json).
 */
import { parseArgs } from "node:util";
import { runIndex } from "../src/cli/commands/index-command.js";
import { NewsQaError } from "../src/errors.js";

const { values } = parseArgs({
  options: { corpus: { type: "string" }, index: { type: "string" }, json: { type: "boolean" } },
});

runIndex(values).catch((err: unknown) => {
  process.stderr.write(
    `error: ${err instanceof NewsQaError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exitCode = 1;
});
