/**
 * Hybrid retrieval: HNSW vector neighbours and BM25 hits, fused by reciprocal rank, then
 * diversified so one long article cannot fill every slot.
 */
import type { IdentifiedEmbeddings } from "../embed/types.js";
import { nearestVectors, type SearchIndex } from "../index/search-index.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Chunk, Passage } from "../types.js";
import { reciprocalRankFusion } from "./fusion.js";

export interface RetrieverOptions {
  /** Candidates taken from each list before fusion, as a multiple of k. Default 4. */
  candidateFactor?: number;
  /** Most chunks of one article among the top k while other articles are available. Default 2. */
  perArticle?: number;
  /**
   * Re-scores the fused candidates for a query (higher is better). Fusion ranks whole chunks; a
   * reranker can prefer chunks where the question's terms stand together in one sentence.
   */
  rerank?: (
    query: string,
    candidates: (Chunk & { lead?: string })[],
  ) => number[] | undefined | Promise<number[] | undefined>;
  /** Fused candidates handed to the reranker. Default 30. */
  rerankPool?: number;
  /** Whether HNSW neighbours join BM25's hits (default true); false measures BM25 alone. */
  dense?: boolean;
}

export interface Retriever {
  retrieve(query: string, k: number): Promise<Passage[]>;
}

export function createRetriever(
  index: SearchIndex,
  embeddings: IdentifiedEmbeddings,
  tokenizer: Tokenizer,
  opts: RetrieverOptions = {},
): Retriever {
  const factor = opts.candidateFactor ?? 4;
  const perArticle = opts.perArticle ?? 2;
  const pool = opts.rerankPool ?? 30;
  return {
    async retrieve(query, k) {
      const n = index.chunks.length;
      if (n === 0 || !query.trim()) return [];
      const want = Math.min(n, Math.max(k * factor, opts.rerank ? pool : 20));
      const lexical = index.bm25.search(tokenizer.tokens(query), want);
      const lists = [lexical.map((h) => h.doc)];
      if (opts.dense ?? true) {
        const vector = await embeddings.embedQuery(query);
        lists.unshift(nearestVectors(index, vector, want).neighbors);
      }
      const fused = reciprocalRankFusion(lists);
      let order = [...fused.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      if (opts.rerank) {
        const head = order.slice(0, pool);
        const scores = await opts.rerank(
          query,
          head.map(([doc]) => withLead(index.chunks, doc)),
        );
        // The fused rank stays as a small prior, so ties among equally good chunks keep retrieval's order.
        if (scores)
          order = head
            .map(([doc], i): [number, number] => [doc, scores[i]! + (0.15 * (head.length - i)) / head.length])
            .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      }
      return diversify(order, index.chunks, k, perArticle).map(([doc, score], i) => ({
        ...withLead(index.chunks, doc),
        rank: i + 1,
        score,
      }));
    },
  };
}

/** Characters of an article's first chunk given to its later chunks as context. */
const LEAD_CHARS = 240;

/**
 * A chunk with the opening of its article. An article's chunks are stored one after another in
 * order, so its first chunk is `seq` places back; anything else there means no lead is known.
 * (Exported for `npm run bench:parts`, which times these reads.)
 */
export function withLead(chunks: readonly Chunk[], doc: number): Chunk & { lead?: string } {
  const chunk = chunks[doc]!;
  if (chunk.seq === 0) return chunk;
  const first = chunks[doc - chunk.seq];
  const same = first && first.seq === 0 && first.source === chunk.source && first.article === chunk.article;
  return same ? { ...chunk, lead: first.text.slice(0, LEAD_CHARS) } : chunk;
}

function diversify(order: [number, number][], chunks: Chunk[], k: number, perArticle: number) {
  const picked: [number, number][] = [];
  const deferred: [number, number][] = [];
  const perKey = new Map<string, number>();
  for (const entry of order) {
    const c = chunks[entry[0]]!;
    const key = `${c.source}#${c.article}`;
    const count = perKey.get(key) ?? 0;
    if (count < perArticle) {
      perKey.set(key, count + 1);
      picked.push(entry);
    } else deferred.push(entry);
    if (picked.length === k) return picked;
  }
  return [...picked, ...deferred].slice(0, k);
}
