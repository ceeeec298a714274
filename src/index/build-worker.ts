/**
 * Build worker: reads pages, tokenises chunks for an LSA fit, or tokenises, embeds and indexes a
 * segment with the hashed or LSA embedder (or without vectors, EMBEDDINGS=none). Each worker has its own jieba, which is where a
 * build spends most of its CPU.
 */
import { parentPort } from "node:worker_threads";
import { HashedTfidfEmbeddings } from "../embed/hashed-tfidf.js";
import { LsaEmbeddings } from "../embed/lsa-embeddings.js";
import { decodeProjection } from "../embed/lsa-projection.js";
import { createTokenizer } from "../text/tokenizer.js";
import type { Chunk } from "../types.js";
import type { HnswParams } from "./manifest.js";
import { memoTokenizer } from "./memo-tokenizer.js";
import { readSource } from "./read-sources.js";
import { writeSegment } from "./segment.js";

export type WorkerJob =
  | { kind: "read"; files: string[]; corpusDir: string }
  | { kind: "tokens"; texts: string[]; dictionary: string[] }
  | {
      kind: "segment";
      dir: string;
      chunks: Chunk[];
      hnsw: HnswParams;
      dictionary: string[];
      dimensions: number;
      /** False for an index without vectors (EMBEDDINGS=none): postings only. */
      vectors: boolean;
      /** An LSA index's projection (lsa-projection.ts encoding); absent: hashed vectors. */
      lsa?: Uint8Array;
    };

const port = parentPort;
if (!port) throw new Error("build-worker.ts runs as a worker thread");
const readTokenizer = createTokenizer();

port.on("message", async (job: WorkerJob) => {
  try {
    if (job.kind === "read") {
      const results = [];
      for (const file of job.files) results.push(await readSource(file, job.corpusDir, readTokenizer));
      port.postMessage({ type: "done", result: results });
      return;
    }
    if (job.kind === "tokens") {
      const tokenizer = createTokenizer();
      tokenizer.addWords(job.dictionary);
      port.postMessage({ type: "done", result: job.texts.map((t) => tokenizer.tokens(t)) });
      return;
    }
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
      job.chunks,
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
