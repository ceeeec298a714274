/**
 * Build step 3: read the new and changed pages (in workers when there is a pool), chunk their
 * articles, and gather the names they teach the segmenter. Content the kept pages already hold is
 * not added again.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { chunkArticle } from "../chunk/chunker.js";
import type { NameLexiconData } from "../text/name-lexicon.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Chunk } from "../types.js";
import type { BuildOptions, PreviousGeneration, Progress } from "./build-options.js";
import type { DamagedFile } from "./checksums.js";
import type { FailedSource, SourceEntry } from "./manifest.js";
import { readDictionary } from "./name-parts.js";
import type { WorkerPool } from "./pool.js";
import { mergeLexicon, type ReadResult, readSource } from "./read-sources.js";

/** Pages per read job handed to a worker. */
const READ_BATCH = 16;

/** A page read in this build, with the chunks it adds. */
export interface FreshPage {
  entry: SourceEntry;
  chunks: Chunk[];
}

export interface Seen {
  articles: Set<string>;
  chunks: Set<string>;
}

export interface NewPages {
  fresh: FreshPage[];
  /** Names found in the new pages, for the user dictionary. */
  names: Set<string>;
  /** The English-name lexicon of the pages read in this build (not the previous generation's). */
  lexicon: NameLexiconData;
}

/** What the kept pages already hold: article keys and the ids of live chunks in reused segments. */
export async function seenContent(
  prev: PreviousGeneration | undefined,
  kept: SourceEntry[],
  deleted: Map<string, Set<number>>,
  damaged: Map<string, DamagedFile>,
): Promise<Seen> {
  const articles = new Set<string>(kept.flatMap((s) => s.articleKeys ?? []));
  const chunks = new Set<string>();
  for (const seg of prev?.manifest.segments ?? []) {
    if (damaged.has(seg.name)) continue;
    const dead = deleted.get(seg.name)!;
    const text = await readFile(join(prev!.path, seg.name, "ids.txt"), "utf8");
    for (const [label, id] of (text ? text.split("\n") : []).entries()) if (!dead.has(label)) chunks.add(id);
  }
  return { articles, chunks };
}

/** Reads and chunks `files`; a page that cannot be read goes to `failed` with its reason. */
export async function readNewPages(
  files: string[],
  seen: Seen,
  failed: FailedSource[],
  ctx: { opts: BuildOptions; tokenizer: Tokenizer; pool: WorkerPool | undefined; progress: Progress },
): Promise<NewPages> {
  const { opts } = ctx;
  const results = await readAll(files, ctx);
  const fresh: FreshPage[] = [];
  const names = new Set<string>();
  // Only what the pages read now bring: the previous generation's lexicon is linked as it is
  // and this becomes a part after it (name-parts.ts).
  const lexicon: NameLexiconData = {};
  for (const r of results) {
    if (!r.ok) {
      failed.push({ source: r.source, reason: r.reason });
      opts.logger?.warn({ file: r.source }, `skipped page: ${r.reason}`);
      continue;
    }
    fresh.push(chunkPage(r, seen, opts));
    for (const n of r.names) names.add(n);
    mergeLexicon(lexicon, r.lexicon);
  }
  return { fresh, names, lexicon };
}

/** The page's chunks, minus articles and chunks already seen (which it then counts as skipped). */
function chunkPage(r: ReadResult & { ok: true }, seen: Seen, opts: BuildOptions): FreshPage {
  const { page } = r;
  const chunks: Chunk[] = [];
  let duplicates = 0;
  let skipped = 0;
  const skippedChunks: string[] = [];
  for (const [i, article] of page.articles.entries()) {
    const key = r.articleKeys[i]!;
    if (seen.articles.has(key)) {
      duplicates++;
      skipped++;
      continue;
    }
    seen.articles.add(key);
    for (const c of chunkArticle(article, i, page, opts.chunking)) {
      // Identical chunks (a repeated caption, say) would only crowd the results.
      if (seen.chunks.has(c.id)) {
        skipped++;
        skippedChunks.push(c.id);
        continue;
      }
      seen.chunks.add(c.id);
      chunks.push(c);
    }
  }
  const entry = {
    source: page.source,
    hash: page.hash,
    articles: page.articles.length,
    chunks: chunks.length,
    ...(duplicates ? { duplicates } : {}),
    ...(skipped ? { skipped } : {}),
    articleKeys: r.articleKeys,
    ...(skippedChunks.length ? { skippedChunks } : {}),
  } as SourceEntry;
  return { entry, chunks };
}

/** The previous generation's user dictionary with the new names added, and which of them are new. */
export async function mergedDictionary(
  prev: PreviousGeneration | undefined,
  names: Set<string>,
): Promise<{ dictionary: string[]; added: string[] }> {
  const before = prev ? await readDictionary(prev.path, prev.manifest) : [];
  const known = new Set(before);
  const added = [...names].filter((n) => !known.has(n));
  return { dictionary: [...before, ...added], added };
}

async function readAll(
  files: string[],
  ctx: { opts: BuildOptions; tokenizer: Tokenizer; pool: WorkerPool | undefined; progress: Progress },
): Promise<ReadResult[]> {
  const { opts, tokenizer, pool, progress } = ctx;
  let done = 0;
  progress({ phase: "read", done, total: files.length });
  if (!pool) {
    const out: ReadResult[] = [];
    for (const file of files) {
      out.push(await readSource(file, opts.corpusDir, tokenizer));
      progress({ phase: "read", done: ++done, total: files.length });
    }
    return out;
  }
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += READ_BATCH) batches.push(files.slice(i, i + READ_BATCH));
  const results = await Promise.all(
    batches.map(async (batch) => {
      const r = await pool.run<ReadResult[]>({ kind: "read", files: batch, corpusDir: opts.corpusDir });
      done += batch.length;
      progress({ phase: "read", done, total: files.length });
      return r;
    }),
  );
  return results.flat();
}
