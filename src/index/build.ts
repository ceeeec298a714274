/**
 * corpus/ -> pages -> chunks -> vectors -> a new published index generation, incrementally.
 *
 * Each page file is hashed; pages whose bytes are unchanged since the live generation keep their
 * chunks, vectors and postings (their segments are hard-linked into the new generation), so only
 * new and changed pages are read and embedded. Chunks of changed and deleted pages are marked
 * deleted in their segments; a segment is rewritten once too much of it is deleted, and small
 * segments are merged when there are many (vectors reused from the old graph, nothing re-embedded).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { link, mkdir, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type ChunkOptions, chunkArticle } from "../chunk/chunker.js";
import { HashedTfidfEmbeddings } from "../embed/hashed-tfidf.js";
import type { IdentifiedEmbeddings } from "../embed/types.js";
import { NewsQaError } from "../errors.js";
import { toSource } from "../ingest/metadata.js";
import { readPageFile, scanCorpus, unreadableReason } from "../ingest/scan-corpus.js";
import type { Logger } from "../logger.js";
import type { NameLexiconData } from "../text/name-lexicon.js";
import { createTokenizer, type Tokenizer } from "../text/tokenizer.js";
import type { Chunk, ReindexProgress } from "../types.js";
import { PostingsBuilder } from "./lexical.js";
import { acquireLock } from "./lock.js";
import {
  DEFAULT_HNSW,
  type FailedSource,
  type HnswParams,
  INDEX_FORMAT_VERSION,
  type Manifest,
  type SegmentEntry,
  type SourceEntry,
} from "./manifest.js";
import { createWorkerPool, type WorkerPool } from "./pool.js";
import { createProgressReporter } from "./progress.js";
import { mergeLexicon, type ReadResult, readSource } from "./read-sources.js";
import {
  durableWrite,
  type FileSums,
  fsyncDir,
  loadSegment,
  memoTokenizer,
  newHnsw,
  SEGMENT_FILES,
  writeSegment,
  writeSegmentFiles,
} from "./segment.js";
import {
  currentGeneration,
  type DamagedFile,
  damagedFile,
  GEN_FILES,
  newGeneration,
  publishGeneration,
  readManifest,
} from "./store.js";
import { parseDictionary, serializeDictionary } from "./user-dictionary.js";

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  embeddings: IdentifiedEmbeddings;
  chunking: ChunkOptions;
  hnsw?: HnswParams;
  logger?: Logger;
  /** Texts per embedDocuments call. Default 256. */
  batchSize?: number;
  /**
   * Called as pages are hashed and read and chunks embedded. Without it, progress goes to a bar on
   * a terminal or to `logger` every few seconds.
   */
  onProgress?: (p: ReindexProgress) => void;
  /**
   * The segmenter the embedder and lexical index use. When given, it learns the corpus's names
   * (see user-dictionary.ts) before anything is embedded.
   */
  tokenizer?: Tokenizer;
  /** Ignore the live generation and rebuild everything. Default false. */
  full?: boolean;
  /**
   * Worker threads for reading pages and, with the default hashed embedder, embedding them.
   * Default min(2, cores); 0 does everything in this thread.
   */
  workers?: number;
  /** Most chunks per new segment. Default 250,000. */
  segmentSize?: number;
  /** A segment with more than this fraction of deleted chunks is rewritten. Default 0.2. */
  compactAt?: number;
  /** More segments than this and the small ones are merged. Default 8. */
  maxSegments?: number;
}

/** A damaged part of the previous generation that this build rebuilt instead of reusing. */
export interface RepairedPart {
  /** The first damaged file found, relative to the index folder (gen-…/seg-…/lexical.bin). */
  file: string;
  /** What is wrong with it, e.g. "does not match its checksum". */
  problem: string;
  /** Pages re-read and re-embedded to rebuild it (for a generation-wide file: every page). */
  pages: number;
}

export interface BuildSummary {
  generation: string;
  pages: number;
  articles: number;
  /** Chunks in the new index. */
  chunks: number;
  /** Articles skipped because the same body was already indexed (e.g. a page's .txt and its .pdf). */
  duplicates: number;
  /** Pages (and folders) not indexed, each with the reason and what to do. */
  failed: FailedSource[];
  /**
   * Damaged parts of the previous generation (checked against their checksums before reuse),
   * rebuilt from the corpus. Empty when everything reused was intact.
   */
  repaired: RepairedPart[];
  /** Chunks embedded in this build (unchanged pages' chunks are reused). */
  embedded: number;
  /** Page files new, changed, gone and unchanged since the previous generation. */
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Whether the previous generation was reused. */
  incremental: boolean;
  ms: number;
}

/** Pages per read job handed to a worker. */
const READ_BATCH = 16;

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  if (!existsSync(opts.corpusDir)) {
    throw new NewsQaError(
      `Corpus folder ${opts.corpusDir} does not exist. Put page .txt or .pdf files there or pass --corpus <dir>.`,
    );
  }
  const lock = await acquireLock(opts.indexDir);
  const reporter = opts.onProgress ? undefined : createProgressReporter({ logger: opts.logger });
  const progress = opts.onProgress ?? ((p: ReindexProgress) => reporter?.update(p));
  const workers = opts.workers ?? Math.min(2, availableParallelism());
  const pool = workers > 0 ? createWorkerPool(workers) : undefined;
  try {
    return await build(opts, progress, pool, started);
  } finally {
    reporter?.stop();
    await pool?.close();
    await lock.release();
  }
}

async function build(
  opts: BuildOptions,
  progress: (p: ReindexProgress) => void,
  pool: WorkerPool | undefined,
  started: number,
): Promise<BuildSummary> {
  const hnswParams = opts.hnsw ?? DEFAULT_HNSW;
  const repaired: RepairedPart[] = [];
  let prev = await previousGeneration(opts, hnswParams, repaired);
  // Reused files are hard-linked, so damage would carry into every later generation: each one is
  // checked against its checksum first, and a damaged segment is rebuilt from its pages instead.
  const damaged = prev
    ? await damagedParts(opts.indexDir, prev)
    : { generation: undefined, segments: new Map<string, DamagedFile>() };
  if (prev && damaged.generation) {
    repaired.push({ ...damaged.generation, pages: 0 });
    opts.logger?.warn(
      { file: damaged.generation.file },
      `index file damaged (${damaged.generation.problem}): rebuilding everything`,
    );
    prev = undefined;
  }
  const prevPath = prev ? join(opts.indexDir, prev.generation) : "";
  const inDamaged = (s: SourceEntry) => s.segment !== undefined && damaged.segments.has(s.segment);

  // Scan: which files changed since the live generation. A page that cannot be read is skipped
  // with its reason; the rest still index.
  const scan = await scanCorpus(opts.corpusDir);
  const failed: FailedSource[] = [...scan.skipped];
  const prevBySource = new Map((prev?.manifest.sources ?? []).map((s) => [s.source, s]));
  const hashes = new Map<string, string>();
  const unreadable = new Set<string>();
  const files: string[] = [];
  for (const [i, file] of scan.files.entries()) {
    if (i % 256 === 0) progress({ phase: "scan", done: i, total: scan.files.length });
    try {
      hashes.set(
        file,
        createHash("sha256")
          .update(await readPageFile(file))
          .digest("hex"),
      );
      files.push(file);
    } catch (err) {
      const source = toSource(file, opts.corpusDir);
      const before = prevBySource.get(source);
      // Unreadable for now (permissions) is not gone: its indexed text stays until it reads again.
      const keep = before && (err as NodeJS.ErrnoException).code !== "ENOENT" && !inDamaged(before);
      if (keep) unreadable.add(source);
      failed.push({
        source,
        reason: `${unreadableReason(err)}${keep ? " Its previously indexed text is kept." : ""}`,
      });
      opts.logger?.warn({ file: source }, `skipped page: ${unreadableReason(err)}`);
    }
  }
  progress({ phase: "scan", done: scan.files.length, total: scan.files.length });
  const current = new Set([...files.map((f) => toSource(f, opts.corpusDir)), ...unreadable]);
  const kept: SourceEntry[] = (prev?.manifest.sources ?? []).filter((s) => unreadable.has(s.source));
  const gone: SourceEntry[] = [];
  let added = 0;
  let changed = 0;
  const toRead: string[] = [];
  const repairing = new Map<string, number>();
  for (const file of files) {
    const before = prevBySource.get(toSource(file, opts.corpusDir));
    if (before && before.hash === hashes.get(file)) {
      if (!inDamaged(before)) kept.push(before);
      else {
        toRead.push(file);
        repairing.set(before.segment!, (repairing.get(before.segment!) ?? 0) + 1);
      }
    } else {
      toRead.push(file);
      if (before) {
        changed++;
        gone.push(before);
      } else added++;
    }
  }
  const removedSources = (prev?.manifest.sources ?? []).filter((s) => !current.has(s.source));
  gone.push(...removedSources);
  const unchanged = kept.length;
  // A page that skipped content as a duplicate of a page now gone must be read again to get it back.
  if (gone.length > 0) {
    for (let i = kept.length - 1; i >= 0; i--) {
      if (kept[i]!.skipped && !unreadable.has(kept[i]!.source)) {
        gone.push(kept[i]!);
        toRead.push(join(opts.corpusDir, kept[i]!.source));
        kept.splice(i, 1);
      }
    }
  }

  // Tombstones for the chunks of changed and deleted pages.
  const deleted = new Map<string, Set<number>>(
    (prev?.manifest.segments ?? []).map((s) => [s.name, new Set(s.deleted)]),
  );
  // A generation-wide repair (pages 0 so far) is a rebuild of everything: every page read now.
  for (const r of repaired) if (r.pages === 0) r.pages = toRead.length;
  for (const [segment, problem] of damaged.segments)
    repaired.push({ ...problem, pages: repairing.get(segment) ?? 0 });
  for (const s of gone) {
    if (s.segment === undefined || s.first === undefined) continue;
    const set = deleted.get(s.segment);
    for (let l = s.first; l < s.first + s.chunks; l++) set?.add(l);
  }

  // What the kept pages already hold, so new pages do not add it again.
  const seenArticles = new Set<string>(kept.flatMap((s) => s.articleKeys ?? []));
  const seenChunks = new Set<string>();
  for (const seg of prev?.manifest.segments ?? []) {
    if (damaged.segments.has(seg.name)) continue;
    const dead = deleted.get(seg.name)!;
    const text = await readFile(join(prevPath, seg.name, "ids.txt"), "utf8");
    for (const [label, id] of (text ? text.split("\n") : []).entries())
      if (!dead.has(label)) seenChunks.add(id);
  }

  // Read the new and changed pages.
  const tokenizer = opts.tokenizer ?? createTokenizer();
  const results = await readAll(toRead, opts, tokenizer, pool, progress);
  const fresh: { entry: SourceEntry; chunks: Chunk[] }[] = [];
  const names = new Set<string>();
  const lexicon: NameLexiconData = prev
    ? (JSON.parse(await readFile(join(prevPath, GEN_FILES.names), "utf8")) as NameLexiconData)
    : {};
  for (const r of results) {
    if (!r.ok) {
      failed.push({ source: r.source, reason: r.reason });
      opts.logger?.warn({ file: r.source }, `skipped page: ${r.reason}`);
      continue;
    }
    const { page } = r;
    const chunks: Chunk[] = [];
    let duplicates = 0;
    let skipped = 0;
    for (const [i, article] of page.articles.entries()) {
      const key = r.articleKeys[i]!;
      if (seenArticles.has(key)) {
        duplicates++;
        skipped++;
        continue;
      }
      seenArticles.add(key);
      for (const c of chunkArticle(article, i, page, opts.chunking)) {
        // Identical chunks (a repeated caption, say) would only crowd the results.
        if (seenChunks.has(c.id)) {
          skipped++;
          continue;
        }
        seenChunks.add(c.id);
        chunks.push(c);
      }
    }
    for (const n of r.names) names.add(n);
    mergeLexicon(lexicon, r.lexicon);
    fresh.push({
      entry: {
        source: page.source,
        hash: page.hash,
        articles: page.articles.length,
        chunks: chunks.length,
        ...(duplicates ? { duplicates } : {}),
        ...(skipped ? { skipped } : {}),
        articleKeys: r.articleKeys,
      } as SourceEntry,
      chunks,
    });
  }

  const dictionary = [
    ...new Set([
      ...(prev ? parseDictionary(await readFile(join(prevPath, GEN_FILES.dictionary), "utf8")) : []),
      ...names,
    ]),
  ];
  opts.tokenizer?.addWords(dictionary);

  const gen = await newGeneration(opts.indexDir);
  const files_: FileSums = {};
  const segments: SegmentEntry[] = [];
  let dimensions = prev?.manifest.embedder.dimensions ?? opts.embeddings.dimensions ?? 0;

  // New segments: each page's chunks stay together in one segment.
  const hashed = isDefaultHashed(opts.embeddings);
  const newChunks = fresh.reduce((n, f) => n + f.chunks.length, 0);
  // Segments build in parallel, one per worker: a big build is split so every worker has one.
  const parallel = pool && hashed && newChunks >= 4000 ? pool.size : 1;
  const segmentSize = Math.min(opts.segmentSize ?? 250_000, Math.ceil(newChunks / parallel) || 1);
  const groups: { entries: SourceEntry[]; chunks: Chunk[] }[] = [];
  for (const f of fresh) {
    let g = groups.at(-1);
    if (!g || (g.chunks.length > 0 && g.chunks.length + f.chunks.length > segmentSize)) {
      g = { entries: [], chunks: [] };
      groups.push(g);
    }
    f.entry.first = g.chunks.length;
    g.entries.push(f.entry);
    g.chunks.push(...f.chunks);
  }
  const embedTotal = groups.reduce((n, g) => n + g.chunks.length, 0);
  const doneBy = new Array<number>(groups.length).fill(0);
  const report = (i: number, done: number) => {
    doneBy[i] = done;
    progress({ phase: "embed", done: doneBy.reduce((a, b) => a + b, 0), total: embedTotal });
  };
  progress({ phase: "embed", done: 0, total: embedTotal });
  const written = await Promise.all(
    groups.map(async (g, i) => {
      if (g.chunks.length === 0) return undefined;
      const name = segmentName();
      const dir = join(gen.path, name);
      const result =
        pool && hashed
          ? await pool.run<{ files: FileSums; dimensions: number }>(
              {
                kind: "segment",
                dir,
                chunks: g.chunks,
                hnsw: hnswParams,
                dictionary,
                dimensions: (opts.embeddings as HashedTfidfEmbeddings).dimensions,
              },
              (done) => report(i, done),
            )
          : await writeSegment(g.chunks, inProcessSource(opts, tokenizer, hashed), {
              dir,
              hnsw: hnswParams,
              dimensions: opts.embeddings.dimensions,
              batchSize: opts.batchSize,
              onProgress: (done) => report(i, done),
            });
      dimensions = result.dimensions || dimensions;
      for (const e of g.entries) e.segment = name;
      for (const [file, sum] of Object.entries(result.files)) files_[`${name}/${file}`] = sum;
      const entry: SegmentEntry = { name, chunks: g.chunks.length, deleted: [] };
      return entry;
    }),
  );
  if (!dimensions)
    throw new NewsQaError("Cannot tell the embedding dimension: the corpus produced no chunks.");

  // Reuse, compact or merge the previous generation's segments.
  progress({ phase: "write", done: 0, total: 1 });
  const sources = [...kept, ...fresh.map((f) => f.entry)];
  const reused: SegmentEntry[] = [];
  const rewrite: SegmentEntry[] = [];
  const compactAt = opts.compactAt ?? 0.2;
  for (const s of prev?.manifest.segments ?? []) {
    const dead = deleted.get(s.name)!;
    if (dead.size >= s.chunks || damaged.segments.has(s.name)) continue;
    const entry = { name: s.name, chunks: s.chunks, deleted: [...dead].sort((a, b) => a - b) };
    if (dead.size / s.chunks > compactAt) rewrite.push(entry);
    else reused.push(entry);
  }
  const newSegments = written.filter((w): w is SegmentEntry => w !== undefined);
  const maxSegments = opts.maxSegments ?? 8;
  if (reused.length + newSegments.length + (rewrite.length ? 1 : 0) > maxSegments) {
    // Merge the small ones: everything under an eighth of the largest.
    const largest = Math.max(...reused.map((s) => s.chunks - s.deleted.length));
    for (let i = reused.length - 1; i >= 0; i--) {
      if (reused[i]!.chunks - reused[i]!.deleted.length < largest / 8) rewrite.push(reused.splice(i, 1)[0]!);
    }
  }
  for (const s of reused) {
    await mkdir(join(gen.path, s.name));
    for (const file of SEGMENT_FILES) {
      await link(join(prevPath, s.name, file), join(gen.path, s.name, file));
      files_[`${s.name}/${file}`] = prev!.manifest.files[`${s.name}/${file}`]!;
    }
    segments.push(s);
  }
  if (rewrite.length > 0) {
    const merged = await rewriteSegments(rewrite, prevPath, gen.path, hnswParams, dimensions, sources);
    for (const [file, sum] of Object.entries(merged.files)) files_[`${merged.entry.name}/${file}`] = sum;
    segments.push(merged.entry);
    opts.logger?.info({ segments: rewrite.length, chunks: merged.entry.chunks }, "compacted index segments");
  }
  segments.push(...newSegments);

  files_[GEN_FILES.dictionary] = await durableWrite(join(gen.path, GEN_FILES.dictionary), [
    serializeDictionary(dictionary),
  ]);
  files_[GEN_FILES.names] = await durableWrite(join(gen.path, GEN_FILES.names), [JSON.stringify(lexicon)]);
  const counts = {
    pages: sources.length,
    articles: sources.reduce((n, s) => n + s.articles, 0),
    chunks: sources.reduce((n, s) => n + s.chunks, 0),
    duplicates: sources.reduce((n, s) => n + (s.duplicates ?? 0), 0),
    failed: failed.length,
  };
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    embedder: { id: opts.embeddings.id, dimensions },
    hnsw: hnswParams,
    chunking: { size: opts.chunking.size, overlap: opts.chunking.overlap },
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
    counts,
    sources,
    failed,
    segments,
    files: files_,
  };
  await durableWrite(join(gen.path, GEN_FILES.manifest), [JSON.stringify(manifest)]);
  await fsyncDir(gen.path);
  await publishGeneration(opts.indexDir, gen.name);
  progress({ phase: "write", done: 1, total: 1 });
  const summary: BuildSummary = {
    generation: gen.name,
    ...counts,
    failed,
    repaired,
    embedded: embedTotal,
    added,
    changed,
    removed: removedSources.length,
    unchanged,
    incremental: prev !== undefined,
    ms: Date.now() - started,
  };
  opts.logger?.info({ ...counts, embedded: embedTotal, ms: summary.ms }, "index built");
  return summary;
}

/** The live generation's manifest, when this build can reuse it (an unreadable one is noted in `repaired`). */
async function previousGeneration(
  opts: BuildOptions,
  hnsw: HnswParams,
  repaired: RepairedPart[],
): Promise<{ generation: string; manifest: Manifest } | undefined> {
  if (opts.full) return undefined;
  const generation = await currentGeneration(opts.indexDir);
  if (!generation) return undefined;
  let manifest: Manifest;
  try {
    manifest = await readManifest(opts.indexDir, generation);
  } catch {
    repaired.push({ file: `${generation}/${GEN_FILES.manifest}`, problem: "cannot be read", pages: 0 });
    opts.logger?.warn({ generation }, "index manifest unreadable: rebuilding everything");
    return undefined;
  }
  const same =
    manifest.formatVersion === INDEX_FORMAT_VERSION &&
    manifest.embedder.id === opts.embeddings.id &&
    (opts.embeddings.dimensions === undefined ||
      opts.embeddings.dimensions === manifest.embedder.dimensions) &&
    manifest.chunking.size === opts.chunking.size &&
    manifest.chunking.overlap === opts.chunking.overlap &&
    manifest.hnsw.M === hnsw.M &&
    manifest.hnsw.efConstruction === hnsw.efConstruction &&
    manifest.hnsw.space === hnsw.space;
  if (!same) {
    opts.logger?.info({ generation }, "index settings changed: rebuilding everything");
    return undefined;
  }
  return { generation, manifest };
}

/**
 * Hashes every file of the previous generation against its manifest: the first damaged
 * generation-wide file (dictionary, names), and the first damaged file of each segment.
 */
async function damagedParts(
  indexDir: string,
  prev: { generation: string; manifest: Manifest },
): Promise<{ generation: DamagedFile | undefined; segments: Map<string, DamagedFile> }> {
  const root = join(indexDir, prev.generation);
  const bySegment = new Map<string, Manifest["files"]>();
  const shared: Manifest["files"] = {};
  for (const [name, sum] of Object.entries(prev.manifest.files)) {
    const slash = name.indexOf("/");
    if (slash < 0) shared[name] = sum;
    else {
      const segment = name.slice(0, slash);
      const files = bySegment.get(segment) ?? {};
      files[name] = sum;
      bySegment.set(segment, files);
    }
  }
  const segments = new Map<string, DamagedFile>();
  for (const s of prev.manifest.segments) {
    // A segment with no listed files (never in a manifest this code wrote) cannot be trusted either.
    const files = bySegment.get(s.name) ?? {};
    const bad =
      Object.keys(files).length === 0
        ? { file: `${prev.generation}/${s.name}/`, problem: "has no checksums in the manifest" }
        : await damagedFile(root, files, prev.generation);
    if (bad) segments.set(s.name, bad);
  }
  return { generation: await damagedFile(root, shared, prev.generation), segments };
}

async function readAll(
  files: string[],
  opts: BuildOptions,
  tokenizer: Tokenizer,
  pool: WorkerPool | undefined,
  progress: (p: ReindexProgress) => void,
): Promise<ReadResult[]> {
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

/** The default embedder is rebuilt inside workers; any other runs here, through its own interface. */
function isDefaultHashed(e: IdentifiedEmbeddings): e is HashedTfidfEmbeddings {
  return Object.getPrototypeOf(e) === HashedTfidfEmbeddings.prototype;
}

function inProcessSource(opts: BuildOptions, tokenizer: Tokenizer, hashed: boolean) {
  const memo = memoTokenizer(tokenizer);
  if (hashed) {
    // Same embedder, sharing the lexical index's tokens: each chunk is segmented once.
    const e = new HashedTfidfEmbeddings({
      tokenizer: memo,
      dimensions: (opts.embeddings as HashedTfidfEmbeddings).dimensions,
    });
    return { tokenizer: memo, embed: async (texts: string[]) => texts.map((t) => e.vector(t)) };
  }
  return { tokenizer: memo, embed: (texts: string[]) => opts.embeddings.embedDocuments(texts) };
}

function segmentName(): string {
  return `seg-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Writes the live chunks of `old` segments into one new segment: vectors come from the old graphs
 * (getPoint) and postings are renumbered, so nothing is tokenised or embedded again. Sources that
 * lived in them are pointed at the new segment.
 */
async function rewriteSegments(
  old: SegmentEntry[],
  prevPath: string,
  genPath: string,
  params: HnswParams,
  dimensions: number,
  sources: SourceEntry[],
): Promise<{ entry: SegmentEntry; files: FileSums }> {
  const name = segmentName();
  const live = old.reduce((n, s) => n + s.chunks - s.deleted.length, 0);
  const hnsw = newHnsw(params, dimensions, live);
  const chunks: Chunk[] = [];
  const postings = new PostingsBuilder();
  const bySegment = new Map<string, SourceEntry[]>();
  for (const s of sources) if (s.segment) bySegment.set(s.segment, [...(bySegment.get(s.segment) ?? []), s]);
  for (const s of old) {
    const seg = await loadSegment(
      join(prevPath, s.name),
      s.name,
      s.chunks,
      s.deleted,
      params.space,
      dimensions,
    );
    try {
      const remap = new Int32Array(s.chunks).fill(-1);
      for (let label = 0; label < s.chunks; label++) {
        if (seg.deleted[label]) continue;
        const at = chunks.length;
        remap[label] = at;
        chunks.push(seg.chunk(label));
        hnsw.addPoint(seg.hnsw.getPoint(label), at);
      }
      postings.appendRemapped(seg.postings, remap);
      for (const src of bySegment.get(s.name) ?? []) {
        if (src.chunks === 0) {
          delete src.segment;
          delete src.first;
          continue;
        }
        src.first = remap[src.first!]!;
        src.segment = name;
      }
    } finally {
      seg.close();
    }
  }
  const files = await writeSegmentFiles(join(genPath, name), chunks, hnsw, postings.finish());
  return { entry: { name, chunks: chunks.length, deleted: [] }, files };
}
