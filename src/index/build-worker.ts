/**
 * Build worker: reads pages, tokenises chunks for an LSA fit, or tokenises, embeds and indexes a
 * segment with the hashed or LSA embedder (or without vectors, EMBEDDINGS=none). Each worker has its own jieba, which is where a
 * build spends most of its CPU.
 */
import { parentPort } from "node:worker_threads";
import type { ChunkOptions } from "../chunk/chunker.js";
import { HashedTfidfEmbeddings } from "../embed/hashed-tfidf.js";
import { LsaEmbeddings } from "../embed/lsa-embeddings.js";
import { decodeProjection } from "../embed/lsa-projection.js";
import { createTokenizer, type Tokenizer } from "../text/tokenizer.js";
import { type SpooledChunks, spooledBatches, spooledCount } from "./chunk-spool.js";
import type { HnswParams } from "./manifest.js";
import { memoTokenizer } from "./memo-tokenizer.js";
import { readSource, spoolRead } from "./read-sources.js";
import { writeSegment } from "./segment.js";

export type WorkerJob =
  /** Read and chunk `files`, their chunks written to the spool file `spool`. */
  | { kind: "read"; files: string[]; corpusDir: string; chunking: ChunkOptions; spool: string }
  | { kind: "tokens"; texts: string[]; dictionary: string[] }
  | {
      kind: "segment";
      dir: string;
      /** The segment's chunks, read from the spool here. */
      spooled: SpooledChunks[];
      hnsw: HnswParams;
      dictionary: string[];
      dimensions: number;
      /** False for an index without vectors (EMBEDDINGS=none): postings only. */
      vectors: boolean;
      /** An LSA index's projection (lsa-projection.ts encoding); absent: hashed vectors. */
      lsa?: Uint8Array;
    };

/**
 * Pages a worker reads at once. A page is three file reads (the page, the folder's meta.json and
 * its own .meta.json, mostly absent) before its CPU work; one page at a time the worker sat idle
 * through each read, ~27% of the reading phase of a 10,000-article build. With a few under way,
 * one page's reads go on while another is segmented.
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

const port = parentPort;
if (!port) throw new Error("build-worker.ts runs as a worker thread");
/**
 * Reading tags names with an untaught segmenter; a segment is written with one taught the names.
 * The reading one (~45 MB of jieba's native memory) is let go of while segments are written, the
 * end of a build, where its peak memory is, and made again should more reading come.
 */
let readTokenizer: Tokenizer | undefined;

port.on("message", async (job: WorkerJob) => {
  try {
    if (job.kind === "read") {
      readTokenizer ??= createTokenizer();
      const tokenizer = readTokenizer;
      const read = await inOrder(job.files, READ_AHEAD, (file) => readSource(file, job.corpusDir, tokenizer));
      port.postMessage({ type: "done", result: await spoolRead(read, job.chunking, job.spool) });
      return;
    }
    if (job.kind === "tokens") {
      const tokenizer = createTokenizer();
      tokenizer.addWords(job.dictionary);
      port.postMessage({ type: "done", result: job.texts.map((t) => tokenizer.tokens(t)) });
      return;
    }
    readTokenizer = undefined;
    const tokenizer = memoTokenizer(createTokenizer());
    tokenizer.addWords(job.dictionary);
    const embedder = !job.vectors
      ? undefined
      : job.lsa
        ? new LsaEmbeddings({
            tokenizer,
            projection: decodeProjection(Buffer.from(job.lsa), "sent to a worker"),
          })
        : new HashedTfidfEmbeddings({ tokenizer, dimensions: job.dimensions });
    const result = await writeSegment(
      { count: spooledCount(job.spooled), batches: spooledBatches(job.spooled) },
      {
        tokenizer,
        embed: embedder && (async (texts) => texts.map((t) => embedder.vector(t))),
      },
      {
        dir: job.dir,
        hnsw: job.hnsw,
        dimensions: job.dimensions,
        onProgress: (done) => port.postMessage({ type: "progress", done }),
      },
    );
    port.postMessage({ type: "done", result });
  } catch (err) {
    port.postMessage({
      type: "error",
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  }
});
