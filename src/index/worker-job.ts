/** The jobs a build hands its worker threads (pool.ts, build-worker.ts). */
import type { ChunkOptions } from "../chunk/chunker.js";
import type { SpooledChunks } from "./chunk-spool.js";
import type { HnswParams } from "./manifest.js";
import type { DictionaryRef } from "./name-parts.js";

export type WorkerJob =
  /** List the corpus's pages and stat each (build-diff.ts stampCorpus). */
  | { kind: "scan"; corpusDir: string }
  /** Read and chunk `files`, their chunks written to the spool file `spool`. */
  | {
      kind: "read";
      files: string[];
      corpusDir: string;
      chunking: ChunkOptions;
      spool: string;
      /** The metadata files of these pages that the corpus scan found (read-page.ts ReadPageOptions). */
      metaFiles: string[];
    }
  | { kind: "tokens"; texts: string[]; dictionary: string[] }
  | {
      kind: "segment";
      dir: string;
      /** The segment's chunks, read from the spool here. */
      spooled: SpooledChunks[];
      hnsw: HnswParams;
      dictionary: DictionaryRef;
      dimensions: number;
      /** False for an index without vectors (EMBEDDINGS=none): postings only. */
      vectors: boolean;
      /** An LSA index's projection (lsa-projection.ts encoding); absent: hashed vectors. */
      lsa?: Uint8Array;
    };
