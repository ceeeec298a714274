/**
 * A loaded generation as the retriever sees it: persisted postings instead of re-tokenising every
 * chunk at load, chunks read on demand, an id lookup built on first use.
 */

import type { Tokenizer } from "../text/tokenizer.js";
import type { Chunk } from "../types.js";
import type { Bm25Index } from "./bm25.js";
import { SegmentedBm25 } from "./lexical.js";
import type { StoredIndex } from "./store.js";

/**
 * The `k` chunks whose vectors are nearest to `vector` (positions in `chunks`), closest first, with
 * their distances; the search breadth is raised to at least `k`.
 */
export function nearestVectors(index: SearchIndex, vector: number[], k: number) {
  index.stored.hnsw.setEf(Math.max(index.efSearch, k));
  return index.stored.hnsw.searchKnn(vector, k);
}

/** A loaded index plus its lexical postings, as retrieval reads it. */
export interface SearchIndex {
  stored: StoredIndex;
  chunks: Chunk[];
  byId: Map<string, Chunk>;
  bm25: Bm25Index;
  /** HNSW search breadth: HNSW_EF_SEARCH when the caller passes it, else what the manifest recorded. */
  efSearch: number;
}

export function openSearchIndex(stored: StoredIndex, tokenizer: Tokenizer, efSearch?: number): SearchIndex {
  // Queries must segment the way chunks did when the index was built.
  tokenizer.addWords(stored.dictionary);
  const bm25 = new SegmentedBm25(
    stored.segments.map(({ segment, base }) => ({
      postings: segment.postings,
      base,
      deleted: segment.deleted,
    })),
  );
  const ef = efSearch ?? stored.manifest.hnsw.efSearch;
  return { stored, chunks: stored.chunks, byId: new ChunkIdMap(stored), bm25, efSearch: ef };
}

/** Chunk id -> chunk, for citations asked for by id. Reads the segments' id lists once, when first asked. */
class ChunkIdMap extends Map<string, Chunk> {
  private docs: Map<string, number> | undefined;

  constructor(private readonly stored: StoredIndex) {
    super();
  }

  override get(id: string): Chunk | undefined {
    if (!this.docs) {
      this.docs = new Map();
      for (const { segment, base } of this.stored.segments) {
        for (const [label, chunkId] of segment.ids().entries())
          if (!segment.deleted[label]) this.docs.set(chunkId, base + label);
      }
    }
    const doc = this.docs.get(id);
    return doc === undefined ? undefined : this.stored.chunks[doc];
  }

  override has(id: string): boolean {
    return this.get(id) !== undefined;
  }
}
