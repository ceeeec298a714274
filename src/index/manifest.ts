/**
 * The manifest records what built an index, so a mismatched embedder is caught at load time
 * instead of silently returning nonsense neighbours. It also lists the generation's segments and
 * which chunks of them are deleted, and which source lives where, so the next build can reuse
 * everything that did not change.
 */
export const INDEX_FORMAT_VERSION = 5;

/**
 * Format versions this code reads. 3: manifest.json may be a head naming a base and deltas
 * (manifest-file.ts), which code that reads only 2 must refuse rather than misread; otherwise 2 is
 * the same, so an index written before deltas loads, and its next build reuses it. 4: segments
 * written now list their terms in lexical.terms (term-table.ts), which code that reads 3 would not
 * find; segments of 2 and 3 keep lexical.terms.json, which this code still reads, so they load and
 * are carried over as they are until a compaction rewrites them. 5: segments written now hold their
 * chunk lines in UTF-16LE (chunks.u16, chunk-lines.ts), which code that reads 4 would not find;
 * segments before keep chunks.jsonl in UTF-8, which this code still reads, carried over the same way.
 */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [2, 3, 4, 5];

export interface HnswParams {
  space: "cosine";
  /** Graph degree. Higher: better recall, more memory. */
  M: number;
  /** Candidate list size while building. */
  efConstruction: number;
  /** Candidate list size while searching (raised to k when k is larger). */
  efSearch: number;
}

/**
 * efConstruction 100 builds about 1.8x faster than 200 at 512-1024 dimensions (profiled on 10k
 * chunks). Recall@10 against exact search, from `npm run bench` with efSearch 64: 0.93 at 10k and
 * 0.72 at 100k chunks; the sparse hashed vectors are hard for HNSW, and BM25 fusion covers the
 * lexical side. Raise efSearch for recall at the cost of latency (see bench/results.md).
 */
export const DEFAULT_HNSW: HnswParams = { space: "cosine", M: 16, efConstruction: 100, efSearch: 64 };

/** One immutable part of the index: chunks, vectors and postings under labels 0..chunks-1. */
export interface SegmentEntry {
  /** Folder inside the generation (seg-<id>). Reused segments keep their name and are hard-linked. */
  name: string;
  chunks: number;
  /** Labels whose source changed or disappeared; excluded from search until the segment is compacted. */
  deleted: number[];
}

export interface SourceEntry {
  source: string;
  /** sha256 of the file's bytes. */
  hash: string;
  /** The file's stamp when it was hashed (file-stamp.ts settledStamp): unchanged, it is not read again. */
  stamp?: string;
  articles: number;
  /** Chunks this source contributed (duplicates of other sources' chunks excluded). */
  chunks: number;
  /** Segment holding the chunks, as labels first..first+chunks-1. */
  segment?: string;
  first?: number;
  /** Articles skipped as copies of already indexed ones. */
  duplicates?: number;
  /** Articles or chunks skipped as duplicates of another source's: re-read when that one goes. */
  skipped?: number;
  /** Short content keys of the source's articles, so later builds skip them when they recur. */
  articleKeys?: string[];
  /** Ids of chunks skipped as identical to another source's: read again when that one goes. */
  skippedChunks?: string[];
}

export interface FailedSource {
  source: string;
  reason: string;
}

export interface Manifest {
  formatVersion: number;
  embedder: { id: string; model?: string; dimensions: number };
  hnsw: HnswParams;
  chunking: { size: number; overlap: number };
  builtAt: string;
  buildMs: number;
  counts: { pages: number; articles: number; chunks: number; duplicates: number; failed: number };
  sources: SourceEntry[];
  failed: FailedSource[];
  segments: SegmentEntry[];
  /**
   * Parts of the user dictionary and the name lexicon that incremental builds appended since the
   * last base was written (name-parts.ts), in order; absent when there are none.
   */
  parts?: { dictionary: string[]; names: string[] };
  /**
   * Size, sha256 and CRC-32 of each data file (paths relative to the generation), and its stamp
   * (file-stamp.ts) when published. Every load checks size and CRC-32 before reading a file
   * (store.ts; sha256 for files written before the CRC was recorded); a build checks a reused
   * file the same way, only when its stamp changed (build-previous.ts), and `--verify` checks
   * every sha256.
   */
  files: Record<string, { bytes: number; sha256: string; crc32?: number; stamp?: string }>;
}
