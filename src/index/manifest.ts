/**
 * The manifest records what built an index, so a mismatched embedder is caught at load time
 * instead of silently returning nonsense neighbours.
 */
export const INDEX_FORMAT_VERSION = 1;

export interface HnswParams {
  space: "cosine";
  /** Graph degree. Higher: better recall, more memory. */
  M: number;
  /** Candidate list size while building. */
  efConstruction: number;
  /** Candidate list size while searching (raised to k when k is larger). */
  efSearch: number;
}

export const DEFAULT_HNSW: HnswParams = { space: "cosine", M: 16, efConstruction: 200, efSearch: 64 };

export interface SourceEntry {
  source: string;
  /** sha256 of the file's bytes. */
  hash: string;
  articles: number;
  chunks: number;
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
  /** sha256 and size of each data file, checked on load to catch truncation or corruption. */
  files: Record<string, { bytes: number; sha256: string }>;
}
