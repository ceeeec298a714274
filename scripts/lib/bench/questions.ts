import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/**
 * The first `n` answerable questions of a JSONL question file (a generated qa.jsonl, or a real set's),
 * read line by line: at a million chunks the generated file is over 512 MB, more than one string can hold.
 */
export async function firstQuestions(file: string, n: number): Promise<string[]> {
  const out: string[] = [];
  const input = createReadStream(file, "utf8");
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const q = JSON.parse(line) as { question: string; kind?: string; answerable?: boolean };
    if (q.kind !== "unanswerable" && q.answerable !== false) out.push(q.question);
    if (out.length === n) break;
  }
  lines.close();
  input.destroy();
  return out;
}
