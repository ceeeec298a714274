import { readFile } from "node:fs/promises";
import { InputError } from "../../errors.js";
import { createQaService } from "../../qa/create-qa-service.js";
import { cliContext } from "../context.js";
import { answerToJson, answerToText } from "../output.js";

export interface AskOptions {
  corpus?: string;
  index?: string;
  json?: boolean;
  batch?: string;
  k?: number;
}

export async function runAsk(question: string | undefined, opts: AskOptions): Promise<void> {
  if (!opts.batch && !question?.trim()) {
    throw new InputError(
      'Give a question, e.g. npm run ask -- "清远高新区综合排名第几？", or --batch <file.jsonl>.',
    );
  }
  const { config, logger } = cliContext(opts);
  const qa = await createQaService({ config, logger });
  if (!opts.batch) {
    const answer = await qa.ask(question!, { k: opts.k });
    process.stdout.write(
      opts.json ? `${JSON.stringify(answerToJson(answer))}\n` : `${answerToText(answer)}\n`,
    );
    return;
  }
  const lines = (await readFile(opts.batch, "utf8")).split("\n").filter((l) => l.trim());
  for (const [i, line] of lines.entries()) {
    // One bad line must not lose the answers to the others: it gets an error object in its place.
    let out: unknown;
    try {
      const q = (JSON.parse(line) as { question?: unknown }).question;
      if (typeof q !== "string" || !q.trim()) throw new InputError(`line ${i + 1} has no "question" string`);
      out = answerToJson(await qa.ask(q, { k: opts.k }));
    } catch (err) {
      out = { question: null, error: `${opts.batch}:${i + 1}: ${(err as Error).message}` };
    }
    process.stdout.write(opts.json ? `${JSON.stringify(out)}\n` : `${JSON.stringify(out, null, 2)}\n\n`);
  }
}
