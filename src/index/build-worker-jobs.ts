/**
 * What a build worker does for the jobs that segment text (build-worker.ts hands them here): read
 * and chunk pages, tokenise chunks for an LSA fit, or tokenise, embed and index a segment with the
 * hashed or LSA embedder (or without vectors, EMBEDDINGS=none). Each worker has its own jieba,
 * which is where a build spends most of its CPU.
 */
import { readFile } from "node:fs/promises";
import { embeddingText } from "../chunk/chunker.js";
import { HashedTfidfEmbeddings } from "../embed/hashed-tfidf.js";
import { LsaEmbeddings } from "../embed/lsa-embeddings.js";
import { decodeProjection } from "../embed/lsa-projection.js";
import { prepareSeamWords, releaseSeamWords } from "../ingest/seam-words.js";
import { createTokenizer, type Tokenizer } from "../text/tokenizer.js";
import { prepareAddFor } from "../text/word-teacher.js";
import type { Chunk } from "../types.js";
import { readSpooled, spooledBatches, spooledCount } from "./chunk-spool.js";
import { memoisedSource } from "./memo-tokenizer.js";
import { readSource, spoolRead } from "./read-sources.js";
import { type SegmentSource, writeSegment } from "./segment.js";
import { parseDictionary } from "./user-dictionary.js";
import type { WorkerJob } from "./worker-job.js";

/**
 * Chunks up to which a segment job reads its chunks before teaching its segmenter, to teach only
 * the names they hold (tokenizer.ts addWordsFor): an added issue's hundred or so. A larger job
 * streams them from the spool, its segmenter taught every name.
 */
const TEACH_FOR_CHUNKS = 2000;

/**
 * Pages a worker reads at once. A page was three file reads (the page, the folder's meta.json and
 * its own .meta.json, mostly absent) before its CPU work; one page at a time the worker sat idle
 * through each read, ~27% of the reading phase of a 10,000-article build. The page is read
 * synchronously now and a metadata file only where the scan found one, which is still awaited: with
 * a few pages under way, one page's metadata is read while another is segmented.
 */
const READ_AHEAD = 4;

/** `f` over `items` with at most `width` calls under way, the results in the items' order. */
async function inOrder<T, R>(items: readonly T[], width: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await f(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}

/**
 * Reading tags names with an untaught segmenter; a segment is written with one taught the names.
 * The reading one (~45 MB of jieba's native memory) becomes the writing one: untaught, it is as
 * good as a new one, whose jieba would load its dictionary again (~0.1 s). So only one is held
 * while segments are written, the end of a build, where its peak memory is; another is made should
 * more reading come.
 */
let readTokenizer: Tokenizer | undefined;

/** Makes the reading segmenter now, its dictionary loaded, if there is none. */
export function prepareReading(): void {
  readTokenizer ??= createTokenizer({ dictionaryTags: true });
  readTokenizer.prepare?.();
  prepareSeamWords();
}

/** Reads now what a segment job's teacher reads first (word-teacher.ts prepareAddFor). */
export function prepareWriting(): void {
  prepareAddFor();
}

/** Reads and chunks the job's pages into its spool file. */
export async function readJob(job: Extract<WorkerJob, { kind: "read" }>) {
  readTokenizer ??= createTokenizer({ dictionaryTags: true });
  const tokenizer = readTokenizer;
  const options = { metaFiles: new Set(job.metaFiles), sync: true };
  const read = await inOrder(job.files, READ_AHEAD, (file) =>
    readSource(file, job.corpusDir, tokenizer, options),
  );
  return spoolRead(read, job.chunking, job.spool);
}

/** The texts' tokens, by a segmenter taught the job's dictionary. */
export function tokensJob(job: Extract<WorkerJob, { kind: "tokens" }>): string[][] {
  const tokenizer = createTokenizer();
  tokenizer.addWords(job.dictionary);
  return job.texts.map((t) => tokenizer.tokens(t));
}

/** Writes the job's segment; `onProgress` gets the chunks done so far. */
export async function segmentJob(
  job: Extract<WorkerJob, { kind: "segment" }>,
  onProgress: (done: number) => void,
) {
  const tokenizer = readTokenizer ?? createTokenizer();
  readTokenizer = undefined;
  releaseSeamWords();
  const batches = await taught(tokenizer, job);
  const hashed =
    job.vectors && !job.lsa
      ? new HashedTfidfEmbeddings({ tokenizer, dimensions: job.dimensions })
      : undefined;
  const source: SegmentSource =
    job.vectors && job.lsa
      ? lsaSource(tokenizer, job.lsa)
      : { tokenizer, termVectors: hashed && (() => hashed.termVectors()) };
  return writeSegment({ count: spooledCount(job.spooled), batches }, source, {
    dir: job.dir,
    hnsw: job.hnsw,
    dimensions: job.dimensions,
    onProgress,
  });
}

/** An LSA segment's source: its embedder and the postings share a memo of each chunk's tokens. */
function lsaSource(tokenizer: Tokenizer, projection: Uint8Array): SegmentSource {
  const decoded = decodeProjection(Buffer.from(projection), "sent to a worker");
  return memoisedSource(tokenizer, (memo) => new LsaEmbeddings({ tokenizer: memo, projection: decoded }));
}

/**
 * Teaches `tokenizer` the job's dictionary: only the names its chunks hold when there are few of
 * them (read first, and returned as the batch to write), else every name, the chunks then read as
 * the segment is written.
 */
async function taught(
  tokenizer: Tokenizer,
  job: Extract<WorkerJob, { kind: "segment" }>,
): Promise<Iterable<Chunk[]> | AsyncIterable<Chunk[]>> {
  const files = await Promise.all(job.dictionary.files.map((f) => readFile(f)));
  const { words } = job.dictionary;
  if (spooledCount(job.spooled) > TEACH_FOR_CHUNKS) {
    tokenizer.addWords(files.flatMap((b) => parseDictionary(b.toString("utf8"))).concat(words));
    return spooledBatches(job.spooled);
  }
  const chunks = await readSpooled(job.spooled);
  tokenizer.addWordsFor([...files, Buffer.from(words.join("\n"))], chunks.map(embeddingText));
  return [chunks];
}
