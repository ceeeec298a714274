/**
 * Build step 3: read the new and changed pages (in workers when there is a pool), chunk their
 * articles, and gather the names they teach the segmenter. Content the kept pages already hold is
 * not added again.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { metaFilesOf } from "../ingest/metadata.js";
import type { NameLexiconData, NameLexiconEntries } from "../text/name-lexicon.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { BuildOptions, PreviousGeneration, Progress } from "./build-options.js";
import type { DamagedFile } from "./checksums.js";
import { type SpooledChunks, spoolDir } from "./chunk-spool.js";
import { createLexiconMerger } from "./lexicon-merger.js";
import type { FailedSource, SourceEntry } from "./manifest.js";
import { type DictionaryRef, dictionaryFiles, dictionaryHas, readDictionary } from "./name-parts.js";
import { warmPages } from "./page-warmer.js";
import type { WorkerPool } from "./pool.js";
import { readSource, type SpooledRead, spoolRead } from "./read-sources.js";

/** Pages per read job handed to a worker. */
const READ_BATCH = 16;

/** A page read in this build, with the chunks it adds (in the spool until a segment takes them). */
export interface FreshPage {
  entry: SourceEntry;
  spooled: SpooledChunks;
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

/**
 * Which of `candidates` (the keys and chunk ids of the pages read now) the kept pages already
 * hold: article keys, and the ids of live chunks in reused segments. Only the candidates are
 * kept: a set of every chunk id of a million-chunk index cost an 8-page issue 0.6 s.
 */
export async function seenContent(
  prev: PreviousGeneration | undefined,
  kept: SourceEntry[],
  deleted: Map<string, Set<number>>,
  damaged: Map<string, DamagedFile>,
  candidates: Seen,
): Promise<Seen> {
  const articles = new Set<string>();
  for (const s of kept) for (const k of s.articleKeys ?? []) if (candidates.articles.has(k)) articles.add(k);
  const chunks = new Set<string>();
  if (candidates.chunks.size === 0) return { articles, chunks };
  for (const seg of prev?.manifest.segments ?? []) {
    if (damaged.has(seg.name)) continue;
    const dead = deleted.get(seg.name)!;
    const text = await readFile(join(prev!.path, seg.name, "ids.txt"), "utf8");
    for (const [label, id] of idsIn(text, candidates.chunks)) if (!dead.has(label)) chunks.add(id);
  }
  return { articles, chunks };
}

/** Chunk ids (chunker.ts chunkId: 16 hex digits) are compared by their first 8 before whole. */
const ID_LENGTH = 16;

/**
 * The lines of an ids.txt (one chunk id per label) that are among `wanted`, with their labels,
 * without a string per line: a line is cut out only when its first 8 hex digits match a wanted
 * id's. A file of other ids is split into lines instead.
 */
function* idsIn(text: string, wanted: ReadonlySet<string>): Generator<[number, string]> {
  if (!text) return;
  const line = ID_LENGTH + 1;
  if (!fixedWidth(text)) {
    for (const [label, id] of text.split("\n").entries()) if (wanted.has(id)) yield [label, id];
    return;
  }
  const heads = new Set<number>();
  for (const id of wanted) if (id.length === ID_LENGTH) heads.add(Number.parseInt(id.slice(0, 8), 16));
  for (let at = 0, label = 0; at < text.length; at += line, label++) {
    let head = 0;
    for (let k = 0; k < 8; k++) head = head * 16 + hexValue(text.charCodeAt(at + k));
    if (!heads.has(head)) continue;
    const id = text.slice(at, at + ID_LENGTH);
    if (wanted.has(id)) yield [label, id];
  }
}

/** Every line of an ids.txt is one chunk id of ID_LENGTH characters (chunker.ts chunkId). */
function fixedWidth(text: string): boolean {
  return (text.length + 1) % (ID_LENGTH + 1) === 0 && text[ID_LENGTH] === "\n";
}

/** The ids of labels first..first+count-1 of an ids.txt, cut out without splitting the rest. */
export function idsOfLabels(text: string, first: number, count: number): string[] {
  if (!text || count === 0) return [];
  if (!fixedWidth(text)) return text.split("\n").slice(first, first + count);
  const line = ID_LENGTH + 1;
  const end = Math.min(text.length + 1, (first + count) * line);
  return first * line >= end ? [] : text.slice(first * line, end - 1).split("\n");
}

function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

/** A page as read and chunked, its names and lexicon already merged. */
type ReadPage =
  | Exclude<SpooledRead, { ok: true }>
  | Omit<Extract<SpooledRead, { ok: true }>, keyof PageNames>;

/** A page's names and its part of the English-name lexicon, as read. */
type PageNames = { names: string[]; lexicon: NameLexiconEntries };

export interface ReadContext {
  opts: BuildOptions;
  tokenizer: Tokenizer;
  pool: WorkerPool | undefined;
  progress: Progress;
}

/** What a build reads (build-diff.ts CorpusDiff): the pages, and the metadata files the scan found. */
export interface PagesToRead {
  toRead: string[];
  /** Where a page that cannot be read goes, with its reason. */
  failed: FailedSource[];
  metaFiles: ReadonlySet<string>;
}

type Reading = ReadContext & Pick<PagesToRead, "metaFiles">;

/**
 * Reads and chunks the diff's pages to read (`toRead`, with the metadata files the scan found); a
 * page that cannot be read goes to `failed` with its reason.
 */
export async function readNewPages(
  { toRead: files, failed, metaFiles }: PagesToRead,
  seenOf: (candidates: Seen) => Promise<Seen>,
  readContext: ReadContext,
): Promise<NewPages> {
  const ctx = { ...readContext, metaFiles };
  const { opts } = ctx;
  const names = new Set<string>();
  // Only what the pages read now bring: the previous generation's lexicon is linked as it is
  // and this becomes a part after it (name-parts.ts).
  const lexicon = createLexiconMerger();
  // Each page's names are merged as its batch comes in, in page order, and not kept by page: at
  // 68,000 news pages the pages' own lexicons held 0.9 GB of the main thread's heap until the end
  // of reading, a third of the build's peak RSS.
  const results: ReadPage[] = [];
  const take = (pages: (ReadPage & PageNames)[]) => {
    for (const { names: found, lexicon: part, ...page } of pages) {
      for (const n of found) names.add(n);
      lexicon.add(part);
      results.push(page as ReadPage);
    }
  };
  // Workers read pages synchronously; uncached ones come off the disk ahead of them (page-warmer.ts).
  const warmer = ctx.pool ? warmPages(files) : undefined;
  try {
    await readInBatches(files, ctx, take);
  } finally {
    await warmer?.stop();
  }
  // What the kept pages hold is looked up for these articles and chunks only.
  const seen = await seenOf({
    articles: new Set(results.flatMap((r) => (r.ok ? r.articleKeys : []))),
    chunks: new Set(results.flatMap((r) => (r.ok ? r.chunked.flat() : []))),
  });
  const fresh: FreshPage[] = [];
  for (const r of results) {
    if (!r.ok) {
      failed.push({ source: r.source, reason: r.reason });
      opts.logger?.warn({ file: r.source }, `skipped page: ${r.reason}`);
      continue;
    }
    fresh.push(chunkPage(r, seen));
  }
  return { fresh, names, lexicon: lexicon.data() };
}

/** The page's chunks, minus articles and chunks already seen (which it then counts as skipped). */
function chunkPage(r: ReadPage & { ok: true }, seen: Seen): FreshPage {
  const lines: number[] = [];
  let line = r.spool.first;
  let duplicates = 0;
  let skipped = 0;
  const skippedChunks: string[] = [];
  for (const [i, ids] of r.chunked.entries()) {
    const key = r.articleKeys[i]!;
    if (seen.articles.has(key)) {
      duplicates++;
      skipped++;
      line += ids.length;
      continue;
    }
    seen.articles.add(key);
    for (const id of ids) {
      const at = line++;
      // Identical chunks (a repeated caption, say) would only crowd the results.
      if (seen.chunks.has(id)) {
        skipped++;
        skippedChunks.push(id);
        continue;
      }
      seen.chunks.add(id);
      lines.push(at);
    }
  }
  const entry = {
    source: r.source,
    hash: r.hash,
    articles: r.articles,
    chunks: lines.length,
    ...(duplicates ? { duplicates } : {}),
    ...(skipped ? { skipped } : {}),
    articleKeys: r.articleKeys,
    ...(skippedChunks.length ? { skippedChunks } : {}),
  } as SourceEntry;
  return { entry, spooled: { file: r.spool.file, lines } };
}

/** The user dictionary of the generation a build writes: the previous one's with the new names. */
export interface MergedDictionary {
  /** The names found in this build's pages that the previous dictionary lacks, in the order found. */
  added: string[];
  /** What a build worker teaches its segmenter: the previous dictionary's files, then `added`. */
  ref: DictionaryRef;
  /** The whole dictionary, the previous one's words first, read when first asked for. */
  all: () => Promise<string[]>;
}

/**
 * The previous generation's user dictionary with the new names added. Only the names the pages
 * brought are looked for in it (name-parts.ts dictionaryHas): an 8-page issue's build needs the
 * whole dictionary only to teach a caller's tokenizer or to write a base.
 */
export async function mergedDictionary(
  prev: PreviousGeneration | undefined,
  names: Set<string>,
): Promise<MergedDictionary> {
  const known = prev ? await dictionaryHas(prev.path, prev.manifest, names) : new Set<string>();
  const added = [...names].filter((n) => !known.has(n));
  const files = prev ? dictionaryFiles(prev.manifest).map((f) => join(prev.path, f)) : [];
  let all: Promise<string[]> | undefined;
  return {
    added,
    ref: { files, words: added },
    all: () => {
      all ??= (prev ? readDictionary(prev.path, prev.manifest) : Promise.resolve([])).then((before) =>
        before.concat(added),
      );
      return all;
    },
  };
}

type Take = (pages: (ReadPage & PageNames)[]) => void;

/** Reads and chunks batch `b` of the pages, in a worker when there are any, spooling its chunks. */
async function readBatch(batch: string[], b: number, ctx: Reading): Promise<(ReadPage & PageNames)[]> {
  const { corpusDir, chunking } = ctx.opts;
  const spool = join(spoolDir(ctx.opts.indexDir), `${b}.jsonl`);
  const { metaFiles } = ctx;
  const read = ctx.pool
    ? await ctx.pool.run<SpooledRead[]>({
        kind: "read",
        files: batch,
        corpusDir,
        chunking,
        spool,
        metaFiles: [...new Set(batch.flatMap((f) => metaFilesOf(f).filter((m) => metaFiles.has(m))))],
      })
    : await spoolRead(
        [await readSource(batch[0]!, corpusDir, ctx.tokenizer, { metaFiles })],
        chunking,
        spool,
      );
  return read.map((r) => (r.ok ? r : { ...r, names: [], lexicon: [] }));
}

/**
 * Reads `files` in batches (one file at a time without workers; with workers, every batch under
 * way at once) and hands each batch's pages to `take` in file order as they come in.
 */
async function readInBatches(files: string[], ctx: Reading, take: Take): Promise<void> {
  const { progress } = ctx;
  const size = ctx.pool ? READ_BATCH : 1;
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size));
  let done = 0;
  progress({ phase: "read", done, total: files.length });
  const waiting = new Map<number, (ReadPage & PageNames)[]>();
  let next = 0;
  const one = async (batch: string[], b: number) => {
    waiting.set(b, await readBatch(batch, b, ctx));
    for (; waiting.has(next); next++) {
      take(waiting.get(next)!);
      waiting.delete(next);
    }
    done += batch.length;
    progress({ phase: "read", done, total: files.length });
  };
  if (ctx.pool) await Promise.all(batches.map(one));
  else for (const [b, batch] of batches.entries()) await one(batch, b);
}
