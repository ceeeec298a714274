/** What a build is asked to do and what it reports, shared by build.ts and its steps (build-*.ts). */
import type { ChunkOptions } from "../chunk/chunker.js";
import type { IdentifiedEmbeddings } from "../embed/types.js";
import type { Logger } from "../logger.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { ReindexProgress } from "../types.js";
import type { FailedSource, HnswParams, Manifest } from "./manifest.js";
import type { ManifestChain } from "./manifest-file.js";

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
  /**
   * Whether `tokenizer` must know the corpus's names once the build is done, as a service's does
   * for its questions. Default true. `npm run index` exits after its build: when workers write the
   * segments, its tokenizer then learns nothing (at a million chunks, ~1 s of the main thread while
   * the workers write).
   */
  tokenizerServes?: boolean;
  /** Ignore the live generation and rebuild everything. Default false. */
  full?: boolean;
  /**
   * Worker threads for reading pages and, with the default hashed embedder, embedding them.
   * Default min(2, cores); 0 does everything in this thread.
   */
  workers?: number;
  /**
   * Chunks per new segment: a build writes as few segments as hold this many each, and each may
   * run over by the rest of the page at its end (pages are not split). Default 250,000.
   */
  segmentSize?: number;
  /** A segment with more than this fraction of deleted chunks is rewritten. Default 0.2. */
  compactAt?: number;
  /** More segments than this and the small ones are merged. Default 8. */
  maxSegments?: number;
  /**
   * Manifest deltas a generation may carry before a build writes the manifest whole again.
   * Default 16 (manifest-file.ts MAX_DELTAS); 0 writes it whole on every build, as before deltas.
   */
  maxManifestDeltas?: number;
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
  /** The live generation when the build returns: the compacted one when a compaction ran. */
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
  /** Until the new pages were live (a compaction after that is timed apart, in `compaction`). */
  ms: number;
  /**
   * An incremental build that fell due for a compaction publishes the new pages first, then
   * compacts in a second pass into a generation of its own (or fails to, leaving the first live).
   */
  compaction?: { generation: string; ms: number } | { failed: string; ms: number };
}

export type Progress = (p: ReindexProgress) => void;

/** The live generation a build starts from, when its settings match and its manifest reads. */
export interface PreviousGeneration {
  generation: string;
  /**
   * Its manifest, frozen: the new manifest is written as the change from it (manifest-delta.ts),
   * carried-over entries recognised by identity, so no step may change one in place.
   */
  manifest: Manifest;
  /** The files its manifest is read from, linked into the new generation with a delta. */
  chain: ManifestChain;
  /** Its folder. */
  path: string;
}
