/**
 * Build step 4: the new pages' chunks embedded and written as new segments. Each page's chunks
 * stay together in one segment; segments build in parallel, one per worker, so a big build is
 * split so that every worker has one.
 */
import { join } from "node:path";
import { HashedTfidfEmbeddings } from "../embed/hashed-tfidf.js";
import { isLsa } from "../embed/lsa-embeddings.js";
import { hasVectors } from "../embed/no-embeddings.js";
import type { IdentifiedEmbeddings } from "../embed/types.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { FittedLsa } from "./build-lsa.js";
import type { BuildOptions, Progress } from "./build-options.js";
import type { FreshPage } from "./build-read.js";
import { type SpooledChunks, spooledBatches } from "./chunk-spool.js";
import type { HnswParams, SegmentEntry, SourceEntry } from "./manifest.js";
import { memoisedSource } from "./memo-tokenizer.js";
import type { DictionaryRef } from "./name-parts.js";
import type { WorkerPool } from "./pool.js";
import { type FileSums, type SegmentSource, segmentName, writeSegment } from "./segment.js";

interface Group {
  entries: SourceEntry[];
  /** Its pages' chunks, in the spool. */
  spooled: SpooledChunks[];
  chunks: number;
}

export interface EmbedContext {
  opts: BuildOptions;
  hnsw: HnswParams;
  tokenizer: Tokenizer;
  pool: WorkerPool | undefined;
  progress: Progress;
  /** The folder of the generation being written. */
  genPath: string;
  /** The user dictionary workers teach their segmenter. */
  dictionary: DictionaryRef;
  /** EMBEDDINGS=lsa: the projection new chunks are embedded with (build-lsa.ts). */
  lsa?: FittedLsa;
}

export interface NewSegments {
  segments: SegmentEntry[];
  /** Chunks embedded. */
  embedded: number;
  /** The vectors' dimension, or `dimensions` as given when nothing was embedded. */
  dimensions: number;
}

/**
 * Embeds the fresh pages' chunks into new segments under the generation, records each page's
 * segment and first label on its entry, and adds the segments' file sums to `files`.
 */
export async function embedNewSegments(
  fresh: FreshPage[],
  dimensions: number,
  files: FileSums,
  ctx: EmbedContext,
): Promise<NewSegments> {
  const { opts, pool, progress } = ctx;
  // The offline embedders are rebuilt inside workers, and an index without vectors needs none.
  const inWorkers =
    isDefaultHashed(opts.embeddings) || isLsa(opts.embeddings) || !hasVectors(opts.embeddings);
  const newChunks = fresh.reduce((n, f) => n + f.spooled.lines.length, 0);
  const parallel = pool && inWorkers && newChunks >= 4000 ? pool.size : 1;
  const segmentSize = Math.min(opts.segmentSize ?? 250_000, Math.ceil(newChunks / parallel) || 1);
  const groups = groupPages(fresh, segmentSize);
  const embedTotal = groups.reduce((n, g) => n + g.chunks, 0);
  const doneBy = new Array<number>(groups.length).fill(0);
  const report = (i: number, done: number) => {
    doneBy[i] = done;
    progress({ phase: "embed", done: doneBy.reduce((a, b) => a + b, 0), total: embedTotal });
  };
  progress({ phase: "embed", done: 0, total: embedTotal });
  const written = await Promise.all(
    groups.map(async (g, i) => {
      if (g.chunks === 0) return undefined;
      const name = segmentName();
      const result = await writeGroup(g, join(ctx.genPath, name), inWorkers, ctx, (done) => report(i, done));
      dimensions = result.dimensions || dimensions;
      for (const e of g.entries) e.segment = name;
      for (const [file, sum] of Object.entries(result.files)) files[`${name}/${file}`] = sum;
      const entry: SegmentEntry = { name, chunks: g.chunks, deleted: [] };
      return entry;
    }),
  );
  const segments = written.filter((w): w is SegmentEntry => w !== undefined);
  return { segments, embedded: embedTotal, dimensions };
}

/**
 * Consecutive pages in as few groups as hold `segmentSize` chunks each, cut where the chunks divide
 * evenly: each group ends within one page of its share. (Filling each group up to `segmentSize` in
 * turn left a remainder of a page or two as a segment of its own: a 10,000-article build split for
 * two workers wrote segments of 10,667, 1 and 10,667 chunks, and served three graphs.)
 */
function groupPages(fresh: FreshPage[], segmentSize: number): Group[] {
  const total = fresh.reduce((n, f) => n + f.spooled.lines.length, 0);
  const count = Math.max(1, Math.ceil(total / segmentSize));
  const share = total / count;
  const groups: Group[] = [];
  let before = 0;
  for (const f of fresh) {
    const at = Math.min(count - 1, Math.floor(before / share));
    let g = groups.at(-1);
    if (!g || groups.length <= at) {
      g = { entries: [], spooled: [], chunks: 0 };
      groups.push(g);
    }
    f.entry.first = g.chunks;
    g.entries.push(f.entry);
    g.spooled.push(f.spooled);
    g.chunks += f.spooled.lines.length;
    before += f.spooled.lines.length;
  }
  return groups;
}

/**
 * Writes one group as a segment in `dir`: in a worker for the offline embedders and for an index
 * without vectors, else here.
 */
function writeGroup(
  g: Group,
  dir: string,
  inWorkers: boolean,
  ctx: EmbedContext,
  onProgress: (done: number) => void,
): Promise<{ files: FileSums; dimensions: number }> {
  const { opts, pool } = ctx;
  const vectors = hasVectors(opts.embeddings);
  if (pool && inWorkers) {
    return pool.run<{ files: FileSums; dimensions: number }>(
      {
        kind: "segment",
        dir,
        spooled: g.spooled,
        hnsw: ctx.hnsw,
        dictionary: ctx.dictionary,
        dimensions: opts.embeddings.dimensions ?? 1,
        vectors,
        lsa: ctx.lsa?.bytes,
      },
      onProgress,
    );
  }
  const chunks = { count: g.chunks, batches: spooledBatches(g.spooled) };
  return writeSegment(chunks, inProcessSource(opts, ctx), {
    dir,
    hnsw: ctx.hnsw,
    dimensions: opts.embeddings.dimensions,
    batchSize: opts.batchSize,
    onProgress,
  });
}

/**
 * Whether the new segments are written in workers without the caller's tokenizer: the hashed
 * embedder, rebuilt there, or no vectors. (An LSA build may tokenise here first, to fit.)
 */
export function writesInWorkers(e: IdentifiedEmbeddings, pool: WorkerPool | undefined): boolean {
  return pool !== undefined && (isDefaultHashed(e) || !hasVectors(e));
}

/** The hashed and LSA embedders are rebuilt inside workers; any other runs here, through its own interface. */
function isDefaultHashed(e: IdentifiedEmbeddings): e is HashedTfidfEmbeddings {
  return Object.getPrototypeOf(e) === HashedTfidfEmbeddings.prototype;
}

function inProcessSource(opts: BuildOptions, ctx: EmbedContext): SegmentSource {
  const { tokenizer } = ctx;
  if (!hasVectors(opts.embeddings)) return { tokenizer };
  if (isLsa(opts.embeddings)) {
    if (!ctx.lsa) throw new Error("an LSA build embeds with a projection (build-lsa.ts)");
    const { projection } = ctx.lsa;
    const lsa = opts.embeddings;
    return memoisedSource(tokenizer, (memo) => lsa.withProjection(projection, memo));
  }
  if (isDefaultHashed(opts.embeddings)) {
    // Same embedder, reading the lexical index's term counts: each chunk is segmented once.
    const e = new HashedTfidfEmbeddings({
      tokenizer,
      dimensions: (opts.embeddings as HashedTfidfEmbeddings).dimensions,
    });
    return { tokenizer, termVectors: () => e.termVectors() };
  }
  return { tokenizer, embed: (texts: string[]) => opts.embeddings.embedDocuments(texts) };
}
