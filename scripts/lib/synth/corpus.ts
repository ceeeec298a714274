/**
 * Many pages at once. `corpusPages` yields pages one by one, so a 25,000-page benchmark corpus
 * never sits in memory; `generateCorpus` writes them as <paper>/<YYYY-MM-DD>/<NN>.txt with
 * truth.jsonl (one page's truth per line) and qa.jsonl (the dev-qa format) beside them.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generatePage } from "./page.js";
import { mixSeed } from "./prng.js";
import type { SyntheticPage } from "./types.js";

export interface CorpusOptions {
  /** Number of pages. */
  pages: number;
  /** Corpus seed; page i uses a seed mixed from this and i. */
  seed: number;
  /** When given, pages, truth.jsonl and qa.jsonl are written here and not returned. */
  outDir?: string;
  /** Paper name; default 科技日报. */
  paper?: string;
  /** Date of the first issue, YYYY-MM-DD; default 2015-01-01. One issue a day. */
  startDate?: string;
  /** Pages per daily issue; default 8, as a daily paper prints. */
  pagesPerIssue?: number;
}

export interface CorpusSummary {
  pages: number;
  articles: number;
  chars: number;
  qa: { fact: number; multi: number; unanswerable: number };
  /** Set when nothing was written (no outDir). */
  generated?: SyntheticPage[];
}

const DAY_MS = 86_400_000;

function issueDate(start: string, day: number): string {
  const t = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`startDate must be YYYY-MM-DD, got "${start}"`);
  return new Date(t + day * DAY_MS).toISOString().slice(0, 10);
}

export function* corpusPages(opts: CorpusOptions): Generator<SyntheticPage> {
  const perIssue = opts.pagesPerIssue ?? 8;
  const start = opts.startDate ?? "2015-01-01";
  const paper = opts.paper ?? "科技日报";
  for (let i = 0; i < opts.pages; i++) {
    yield generatePage(mixSeed(opts.seed, i), {
      paper,
      date: issueDate(start, Math.floor(i / perIssue)),
      page: (i % perIssue) + 1,
    });
  }
}

/** Appends through a buffer; synchronous so a crash leaves whole lines behind, never a half page. */
class LineWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  write(line: string): void {
    this.buffer.push(line, "\n");
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Page files in flight at once: file creation is slow on VM disks, so it overlaps generation. */
const MAX_PENDING_WRITES = 64;

export async function generateCorpus(opts: CorpusOptions): Promise<CorpusSummary> {
  const summary: CorpusSummary = {
    pages: 0,
    articles: 0,
    chars: 0,
    qa: { fact: 0, multi: 0, unanswerable: 0 },
  };
  const { outDir } = opts;
  const kept: SyntheticPage[] = [];
  let truth: LineWriter | undefined;
  let qa: LineWriter | undefined;
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    truth = new LineWriter(join(outDir, "truth.jsonl"));
    qa = new LineWriter(join(outDir, "qa.jsonl"));
  }
  const made = new Set<string>();
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for (const page of corpusPages(opts)) {
      summary.pages++;
      summary.articles += page.articles.length;
      summary.chars += page.text.length;
      for (const item of page.qa) {
        if (item.kind === "fact" || item.kind === "multi" || item.kind === "unanswerable")
          summary.qa[item.kind]++;
      }
      if (!outDir) {
        kept.push(page);
        continue;
      }
      const file = join(outDir, page.path);
      const dir = dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const write: Promise<void> = writeFile(file, page.text).then(
        () => void pending.delete(write),
        (err: unknown) => {
          failure ??= err;
          pending.delete(write);
        },
      );
      pending.add(write);
      if (pending.size >= MAX_PENDING_WRITES) await Promise.race(pending);
      if (failure) throw failure;
      // Items are written once, to qa.jsonl; truth.jsonl names them by id, which halves its size.
      const articles = page.articles.map(({ facts, ...a }) => ({ ...a, facts: facts.map((f) => f.id) }));
      truth!.write(JSON.stringify({ id: page.id, path: page.path, meta: page.meta, articles }));
      for (const item of page.qa) qa!.write(JSON.stringify(item));
    }
    await Promise.all(pending);
    if (failure) throw failure;
  } finally {
    truth?.close();
    qa?.close();
  }
  if (!outDir) summary.generated = kept;
  return summary;
}
