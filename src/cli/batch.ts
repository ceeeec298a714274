/**
 * `ask --batch FILE`: one result per line of the file, in order, blank lines included, so a
 * script can pair its questions with the answers by position and trust the line numbers errors
 * name. A line that cannot be answered gets an error in its place instead of stopping the rest.
 */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import type { Answer } from "../types.js";
import { answerToJson, answerToText } from "./output.js";

/** A batch file's lines, as numbered from 1 in the file. */
export interface BatchFile {
  file: string;
  lines: string[];
}

/** The error object a line gets in place of an answer in --json mode. */
export interface BatchLineError {
  question: null;
  error: string;
}

const EMPTY_LINE = "empty line";

/** What to do about a batch file that cannot be read, by the system's error code. */
const UNREADABLE: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
};

/**
 * Reads a JSONL batch file. Line ends may be LF or CRLF, and a UTF-8 byte-order mark is ignored;
 * the newline that ends the last line does not start another one. Throws an {@link InputError}
 * saying what to do when the file cannot be read.
 */
export async function readBatch(file: string): Promise<BatchFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw new InputError(
      `Cannot read the batch file ${file} (${UNREADABLE[code] ?? (code || "unreadable")}). ` +
        'Pass --batch a readable JSONL file with one {"question": "…"} object per line.',
      { cause: err },
    );
  }
  const lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return { file, lines };
}

/** The question on one line, or an error message for the line (without its number). */
function questionOf(line: string): { question: string } | { error: string } {
  if (!line.trim()) return { error: EMPTY_LINE };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return {
      error: `not valid JSON (${(err as Error).message}); write each line as {"question": "…"}`,
    };
  }
  const question = (parsed as { question?: unknown } | null)?.question;
  if (typeof question !== "string" || !question.trim())
    return { error: 'no "question" string; write each line as {"question": "…"}' };
  return { question };
}

/**
 * Answers every line in order and writes one result per line: in --json mode one JSON object per
 * line (the answer, or {"question": null, "error": …}); in text mode one block per line, headed
 * by its line number and followed by a blank line.
 */
export async function answerBatch(
  batch: BatchFile,
  opts: { ask: (question: string) => Promise<Answer>; json?: boolean; write: (text: string) => void },
): Promise<void> {
  for (const [i, line] of batch.lines.entries()) {
    const n = i + 1;
    const read = questionOf(line);
    let result: { answer: Answer } | { error: string };
    if ("error" in read) {
      // A blank line's place in the output already says which it is; other errors point at the line.
      result = { error: read.error === EMPTY_LINE ? read.error : `${batch.file}:${n}: ${read.error}` };
    } else {
      try {
        result = { answer: await opts.ask(read.question) };
      } catch (err) {
        // One failed question must not lose the answers to the others.
        result = { error: `${batch.file}:${n}: ${(err as Error).message}` };
      }
    }
    if (opts.json) {
      const out: BatchLineError | ReturnType<typeof answerToJson> =
        "answer" in result ? answerToJson(result.answer) : { question: null, error: result.error };
      opts.write(`${JSON.stringify(out)}\n`);
    } else if ("answer" in result) {
      opts.write(`[line ${n}] ${result.answer.question}\n${answerToText(result.answer)}\n\n`);
    } else {
      opts.write(`[line ${n}] error: ${result.error}\n\n`);
    }
  }
}
