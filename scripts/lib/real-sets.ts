/**
 * The real dev sets of ../shared/eval, laid out as corpora the bot can index, with their questions
 * split into a part we tune on and a part we only report. The text stays outside the repository:
 * corpora are written under a work folder (default .scratch/eval-real, git-ignored) by the sets'
 * own scripts, and reused on the next run.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sameChunking } from "../../src/chunk/chunker.js";
import type { Config } from "../../src/config.js";
import { parseQaSet, type QaItem } from "../../src/eval/evaluate.js";
import { currentGeneration, readManifest } from "../../src/index/store.js";

export const SHARED_EVAL = resolve(import.meta.dirname, "../../../shared/eval");

export type Split = "tune" | "report";

/**
 * Which half a question belongs to, fixed for ever by its source article: questions about one
 * article never straddle the halves, so tuning on one half cannot learn the other's articles.
 */
export function splitOf(item: { id: string; doc?: string }): Split {
  const key = item.doc ?? item.id;
  return createHash("sha1").update(`newsqa-split:${key}`).digest()[0]! % 2 === 0 ? "tune" : "report";
}

export interface RealSet {
  /** news, news-drop, cmrc, news-all, news-en */
  name: string;
  description: string;
  corpusDir: string;
  items: (QaItem & { doc?: string; split: Split })[];
}

export const SET_NAMES = ["news", "news-drop", "cmrc", "news-all", "news-en"] as const;
export type SetName = (typeof SET_NAMES)[number];

/**
 * English wordings of 80 of the news questions (40 of each half), written here for `news-en`: ids
 * and questions only; the facts and evidence are read from ../shared by id.
 */
const NEWS_EN = resolve(import.meta.dirname, "../../test/fixtures/qa/news-en.jsonl");

function readQa(file: string): RealSet["items"] {
  // One CMRC trial question is blank; a question nobody asked is no question.
  const text = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() && (JSON.parse(line) as { question?: string }).question?.trim())
    .join("\n");
  const docs = new Map<string, string | undefined>();
  for (const line of text.split("\n"))
    if (line.trim()) {
      const raw = JSON.parse(line) as { id: string; doc?: string };
      docs.set(raw.id, raw.doc);
    }
  return parseQaSet(text, file).map((item) => {
    const doc = docs.get(item.id);
    return { ...item, doc, split: splitOf({ id: item.id, doc }) };
  });
}

function python(args: string[]): void {
  execFileSync("python3", args, { stdio: ["ignore", "ignore", "inherit"] });
}

/** Lays out one set under `work` (once; a `.ready` marker says it is complete) and reads its questions. */
export function prepareSet(name: SetName, work: string, opts: { newsSize?: number } = {}): RealSet {
  const dir = join(work, name);
  const corpusDir = join(dir, "corpus");
  const ready = join(dir, ".ready");
  const news = join(SHARED_EVAL, "news");
  const size = opts.newsSize ?? 10_000;
  const fresh = !existsSync(ready) || readFileSync(ready, "utf8") !== String(size);
  if (name === "cmrc") {
    if (fresh) {
      python([
        join(SHARED_EVAL, "cmrc/to_corpus.py"),
        join(SHARED_EVAL, "cmrc/cmrc2018_trial.json"),
        corpusDir,
        join(dir, "qa.jsonl"),
      ]);
      writeFileSync(ready, String(size));
    }
    return {
      name,
      description: "CMRC 2018 trial set (Chinese Wikipedia, 256 articles)",
      corpusDir,
      items: readQa(join(dir, "qa.jsonl")),
    };
  }
  const questions = join(news, "dev-qa.jsonl");
  // make_corpus.py: the questions' source articles, then others drawn with seed 1 up to the size.
  const makeCorpus = (size: number, extra: string[] = []) =>
    python([
      join(news, "make_corpus.py"),
      corpusDir,
      "--questions",
      questions,
      "--size",
      String(size),
      "--seed",
      "1",
      ...extra,
    ]);
  if (name === "news-drop") {
    if (fresh) {
      makeCorpus(size, [
        "--drop-answers",
        "0.3",
        "--dropped-out",
        join(dir, "unanswerable.jsonl"),
        "--answerable-out",
        join(dir, "answerable.jsonl"),
      ]);
      writeFileSync(ready, String(size));
    }
    return {
      name,
      description: `real news, ${size.toLocaleString("en")} articles, the answers of 30% of the questions removed`,
      corpusDir,
      items: [...readQa(join(dir, "answerable.jsonl")), ...readQa(join(dir, "unanswerable.jsonl"))],
    };
  }
  if (name === "news-en") {
    // The news set's own articles and questions, so its corpus (and the index beside it) serve both.
    const news = prepareSet("news", work, opts);
    const english = new Map(
      readFileSync(NEWS_EN, "utf8")
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as { id: string; question: string })
        .map(({ id, question }) => [id, question]),
    );
    return {
      name,
      description: `real news, ${size.toLocaleString("en")} articles, ${english.size} of its questions asked in English`,
      corpusDir: news.corpusDir,
      items: news.items.flatMap((item) => {
        const question = english.get(item.id);
        return question ? [{ ...item, question }] : [];
      }),
    };
  }
  const all = name === "news-all";
  if (fresh) {
    makeCorpus(all ? 0 : size);
    writeFileSync(ready, String(size));
  }
  return {
    name,
    description: all ? "real news, all 68,210 articles" : `real news, ${size.toLocaleString("en")} articles`,
    corpusDir,
    items: readQa(questions),
  };
}

/**
 * Removes the index in `indexDir` when it was built with other chunk settings than `chunking`, and
 * says so: the QA service loads an existing index as it was built, so an eval or a training run
 * after a CHUNK_SIZE change would otherwise measure the old chunks without a word. Returns whether
 * it removed one. (A change to reading or chunking code still needs `--fresh`.)
 */
export async function dropIndexChunkedOtherwise(
  indexDir: string,
  chunking: Config["chunking"],
  log: (line: string) => void,
): Promise<boolean> {
  const generation = await currentGeneration(indexDir);
  if (!generation) return false;
  const built = (await readManifest(indexDir, generation)).chunking;
  if (sameChunking(built, chunking)) return false;
  log(
    `${indexDir}: built with chunks of ${built.size} (overlap ${built.overlap}), the settings say ${chunking.size} ` +
      `(overlap ${chunking.overlap}): rebuilding it`,
  );
  rmSync(indexDir, { recursive: true, force: true });
  return true;
}
