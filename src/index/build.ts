/**
 * corpus/ -> pages -> chunks -> vectors -> a new published index generation, incrementally.
 *
 * Each page file is hashed; pages whose bytes are unchanged since the live generation keep their
 * chunks, vectors and postings (their segments are hard-linked into the new generation), so only
 * new and changed pages are read and embedded. Chunks of changed and deleted pages are marked
 * deleted in their segments; a segment is rewritten once too much of it is deleted, and small
 * segments are merged when there are many (vectors reused from the old graph, nothing re-embedded).
 * An incremental build publishes the new pages first and compacts in a second pass.
 *
 * The steps, in order, each in its own file: build-previous (what can be reused), build-diff (what
 * changed), build-read (read and chunk), build-embed (new segments), build-compact (old segments),
 * build-publish (manifest, then CURRENT).
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { isLsa } from "../embed/lsa-embeddings.js";
import { NewsQaError } from "../errors.js";
import { createTokenizer, type Tokenizer } from "../text/tokenizer.js";
import type { ReindexProgress } from "../types.js";
import { type CarryOver, carryOverSegments } from "./build-compact.js";
import { diffCorpus, noteRepairs, stampFresh, tombstones } from "./build-diff.js";
import { embedNewSegments, writesInWorkers } from "./build-embed.js";
import { lsaProjectionFor } from "./build-lsa.js";
import type {
  BuildOptions,
  BuildSummary,
  PreviousGeneration,
  Progress,
  RepairedPart,
} from "./build-options.js";
import { reusableGeneration } from "./build-previous.js";
import { type Contents, publish } from "./build-publish.js";
import {
  type MergedDictionary,
  mergedDictionary,
  readNewPages,
  type Seen,
  seenContent,
} from "./build-read.js";
import { spoolDir } from "./chunk-spool.js";
import { type CorpusStamps, stampCorpus } from "./corpus-stamps.js";
import { acquireLock } from "./lock.js";
import { DEFAULT_HNSW, type Manifest, type SegmentEntry } from "./manifest.js";
import { createWorkerPool, type WorkerPool } from "./pool.js";
import { createProgressReporter } from "./progress.js";
import type { FileSums } from "./segment.js";
import { newGeneration } from "./store.js";

export type { BuildOptions, BuildSummary, RepairedPart } from "./build-options.js";

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  if (!existsSync(opts.corpusDir)) {
    throw new NewsQaError(
      `Corpus folder ${opts.corpusDir} does not exist. Put page .txt or .pdf files there or pass --corpus <dir>.`,
    );
  }
  const lock = await acquireLock(opts.indexDir);
  // The chunks read wait here until written (chunk-spool.ts). Each batch's file is written whole
  // before it is read, so what a killed build left is never read; it goes with this build's.
  const spool = spoolDir(opts.indexDir);
  const reporter = opts.onProgress ? undefined : createProgressReporter({ logger: opts.logger });
  const progress = opts.onProgress ?? ((p: ReindexProgress) => reporter?.update(p));
  const workers = opts.workers ?? Math.min(2, availableParallelism());
  const pool = workers > 0 ? createWorkerPool(workers) : undefined;
  try {
    // A full build writes every segment anew; an incremental one publishes the new pages with the
    // old segments linked as they are, then compacts in a second pass when that is due.
    const first = await build(opts, progress, pool, started, !opts.full);
    if (!first.due) return first.summary;
    const compaction = await compact(opts, progress, pool);
    const generation = "generation" in compaction ? compaction.generation : first.summary.generation;
    return { ...first.summary, generation, compaction };
  } finally {
    reporter?.stop();
    await pool?.close();
    await rm(spool, { recursive: true, force: true });
    await lock.release();
  }
}

/**
 * The second pass of an incremental build whose compaction fell due: the same build over the
 * generation just published, which finds no page changed and rewrites the segments due. A failure
 * here leaves that generation live, the new pages searchable; the next build compacts.
 */
async function compact(
  opts: BuildOptions,
  progress: Progress,
  pool: WorkerPool | undefined,
): Promise<NonNullable<BuildSummary["compaction"]>> {
  const started = Date.now();
  try {
    const { summary } = await build(opts, progress, pool, started, false);
    return { generation: summary.generation, ms: Date.now() - started };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    opts.logger?.warn(
      { err: error },
      "compacting the index failed; the new pages are indexed and searchable, and the next build compacts",
    );
    return { failed: error, ms: Date.now() - started };
  }
}

async function build(
  opts: BuildOptions,
  progress: Progress,
  pool: WorkerPool | undefined,
  started: number,
  defer: boolean,
): Promise<{ summary: BuildSummary; due: boolean }> {
  const hnsw = opts.hnsw ?? DEFAULT_HNSW;
  const repaired: RepairedPart[] = [];
  const stamps = corpusStamps(opts, pool);
  const { prev, damaged } = await reusableGeneration(opts, hnsw, repaired);
  const diff = await diffCorpus(opts, prev, damaged, progress, stamps());
  noteRepairs(repaired, diff, damaged);
  const deleted = tombstones(prev?.manifest.segments, diff.gone);

  const tokenizer = opts.tokenizer ?? createTokenizer();
  const seenOf = (candidates: Seen) => seenContent(prev, diff.kept, deleted, damaged, candidates);
  const read = await readNewPages(diff, seenOf, { opts, tokenizer, pool, progress });
  stampFresh(read.fresh, diff.stamps);
  const dictionary = await mergedDictionary(prev, read.names);
  // The caller's tokenizer (a bot's, for its questions) learns the corpus's names: while workers
  // write the segments where they do (teaching jieba 570,000 names at a million chunks, ~1.8 s, had
  // held up an added issue before the workers were asked), else first, as it tokenises them here.
  const teachLater = writesInWorkers(opts.embeddings, pool);
  // The tokenizer that segments here: without one from the caller, a build in this thread had
  // written postings that lacked the names workers' postings hold.
  const gen = await newGeneration(opts.indexDir);
  if (!teachLater) await teachNames(tokenizer, prev, dictionary, gen.name);

  const files: FileSums = {};
  const e = opts.embeddings;
  const lsa = isLsa(e)
    ? await lsaProjectionFor(read.fresh, prev, files, {
        opts,
        tokenizer,
        pool,
        dictionary: await dictionary.all(),
        genPath: gen.path,
        settings: e,
      })
    : undefined;
  const embedding = embedNewSegments(
    read.fresh,
    prev?.manifest.embedder.dimensions ?? e.dimensions ?? 0,
    files,
    { opts, hnsw, tokenizer, pool, progress, genPath: gen.path, dictionary: dictionary.ref, lsa },
  );
  const caller = opts.tokenizerServes !== false ? opts.tokenizer : undefined;
  if (teachLater && caller) await teachWhile(embedding, () => teachNames(caller, prev, dictionary, gen.name));
  const embedded = await embedding;
  const { dimensions } = embedded;
  if (!dimensions)
    throw new NewsQaError("Cannot tell the embedding dimension: the corpus produced no chunks.");

  progress({ phase: "write", done: 0, total: 1 });
  const { failed } = diff;
  const sources = [...diff.kept, ...read.fresh.map((f) => f.entry)];
  const names = { dictionary: dictionary.all, addedWords: dictionary.added, addedNames: read.lexicon };
  const { counts, due } = await writeGeneration(opts, gen, embedded.segments, {
    carry: { opts, prev, hnsw, dimensions, genPath: gen.path, deleted, damaged, sources, defer },
    publish: { hnsw, dimensions, names, prev, sources, failed, files, started },
  });
  progress({ phase: "write", done: 1, total: 1 });

  const summary: BuildSummary = {
    generation: gen.name,
    ...counts,
    failed,
    repaired,
    embedded: embedded.embedded,
    added: diff.added,
    changed: diff.changed,
    removed: diff.removed,
    unchanged: diff.unchanged,
    incremental: prev !== undefined,
    ms: Date.now() - started,
  };
  opts.logger?.info({ ...counts, embedded: embedded.embedded, ms: summary.ms }, "index built");
  return { summary, due };
}

/**
 * The corpus's pages and stamps, taken in a worker from now on while this thread reads the
 * manifest; without workers, here when asked. Should the worker fail, they are taken here, where
 * the error (a corpus that cannot be listed) keeps its class.
 */
function corpusStamps(opts: BuildOptions, pool: WorkerPool | undefined): () => Promise<CorpusStamps> {
  const inWorker = pool
    ?.run<CorpusStamps>({ kind: "scan", corpusDir: opts.corpusDir })
    .catch(() => undefined);
  return async () => (await inWorker) ?? stampCorpus(opts.corpusDir);
}

/** Build step 5 and 6: the old segments carried over after the new ones are written, then publishing. */
async function writeGeneration(
  opts: BuildOptions,
  gen: { name: string; path: string },
  fresh: SegmentEntry[],
  c: { carry: CarryOver; publish: Omit<Contents, "segments" | "compacted"> },
): Promise<{ counts: Manifest["counts"]; due: boolean }> {
  const old = await carryOverSegments(fresh.length, c.publish.files, c.carry);
  // Old segments first, then the new: the order the manifest lists them in.
  const segments = [...old.segments, ...fresh];
  const counts = await publish(opts, gen, { ...c.publish, segments, compacted: old.rewrote });
  return { counts, due: old.due };
}

/**
 * The generation whose whole dictionary a tokenizer was last taught by a build here. The next
 * build over that generation teaches it only the names it adds: a bot re-indexing in-process (and
 * bench:add) had read the previous dictionary again and hashed every one of its names (818,000 at
 * a million chunks, ~0.6 s of the main thread) for the few an issue brings.
 */
const taughtGeneration = new WeakMap<Tokenizer, string>();

/** Teaches `tokenizer` the dictionary of the generation `generation` that this build writes. */
async function teachNames(
  tokenizer: Tokenizer,
  prev: PreviousGeneration | undefined,
  dictionary: MergedDictionary,
  generation: string,
): Promise<void> {
  const knows = prev !== undefined && taughtGeneration.get(tokenizer) === prev.generation;
  tokenizer.addWords(knows ? dictionary.added : await dictionary.all());
  taughtGeneration.set(tokenizer, generation);
}

/**
 * Runs `teach` once the jobs `work` starts are posted to the workers (they are, by the time
 * setImmediate's turn comes), so both proceed at once. A failure of `work` meanwhile is left for
 * its caller's await, not reported as unhandled.
 */
async function teachWhile(work: Promise<unknown>, teach: () => Promise<void>): Promise<void> {
  work.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  await teach();
}
