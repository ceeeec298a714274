/**
 * The English wordings of the real news questions (`npm run eval:real -- --sets news-en`): each names
 * a question of ../shared/eval/news/dev-qa.jsonl, whose facts it is scored by, and the two halves
 * hold 40 each, so that the English figures have a report half no change was chosen on. Where
 * ../shared/eval is absent the check cannot run and says so.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_EVAL, splitOf } from "../../scripts/lib/real-sets.js";
import { isEnglishQuestion } from "../../src/answer/english-query.js";

const DEV = join(SHARED_EVAL, "news/dev-qa.jsonl");
const available = existsSync(DEV);
if (!available) console.warn(`news-en check skipped: ${DEV} is not on this machine`);

const lines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; question: string; doc?: string });

describe.skipIf(!available)("the news questions asked in English", () => {
  const english = lines(resolve(import.meta.dirname, "../fixtures/qa/news-en.jsonl"));
  const dev = new Map(lines(DEV).map((q) => [q.id, q]));

  it("each name a dev question once, and are read as English", () => {
    expect(new Set(english.map((q) => q.id)).size).toBe(english.length);
    for (const q of english) {
      expect(dev.has(q.id), q.id).toBe(true);
      expect(isEnglishQuestion(q.question), q.question).toBe(true);
    }
  });

  it("hold 40 questions of each half", () => {
    const halves = english.map((q) => splitOf({ id: q.id, doc: dev.get(q.id)?.doc }));
    expect(halves.filter((h) => h === "tune")).toHaveLength(40);
    expect(halves.filter((h) => h === "report")).toHaveLength(40);
  });
});
