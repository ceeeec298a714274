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
  ) => RerankScores | undefined | Promise<RerankScores | undefined>;
  /** Fused candidates handed to the reranker. Default 30. */
  rerankPool?: number;
  /** Whether HNSW neighbours join BM25's hits (default true); false measures BM25 alone. */
  dense?: boolean;
  /**
   * Pseudo-relevance feedback: the vector searched is the query's plus `weight` times the mean of the
   * stored vectors of BM25's first `docs` hits. 0 docs (the default) searches the query's own vector.
   */
  feedback?: VectorFeedback;
}

/** Pseudo-relevance feedback for the searched vector: BM25's first `docs` hits at `weight` (0 docs: none). */
export interface VectorFeedback {
  docs: number;
  weight: number;
}

/**
 * A reranker's scores, worked out one by one as the order asks for them (the local reranker's): a
 * candidate's bound costs little and is never below its score, so the candidates whose bound
 * cannot reach the head of the order are never scored, and the order is the one all the scores give.
 */
export interface DeferredScores {
  readonly length: number;
  bound(i: number): number;
  score(i: number): number;
}

/** One score per candidate (a remote reranker's), or scores worked out as asked. */
export type RerankScores = number[] | DeferredScores;

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
        const vector = await queryVector(index, embeddings, query, lexical, opts.feedback);
        lists.unshift(nearestVectors(index, vector, want).neighbors);
      }
      const fused = reciprocalRankFusion(lists);
      const fusedOrder = [...fused.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      let order: Iterable<[number, number]> = fusedOrder;
      if (opts.rerank) {
        const head = fusedOrder.slice(0, pool).map(([doc]) => doc);
        const scores = await opts.rerank(
          query,
          head.map((doc) => withLead(index.chunks, doc)),
        );
        if (scores) order = rerankedOrder(head, scores);
      }
      const articleOf = (doc: number) => {
        const c = index.chunks[doc]!;
        return `${c.source}#${c.article}`;
      };
      return diversify(order, articleOf, k, perArticle).map(([doc, score], i) => ({
        ...withLead(index.chunks, doc),
        rank: i + 1,
        score,
      }));
    },
  };
}

/**
 * The vector that retrieval searches for a query: its embedding, moved toward the stored vectors of
 * BM25's first hits (`lexical`, best first) when feedback is asked for. Exported so the benchmark's
 * recall figure is measured on the vectors the service searches.
 */
export async function queryVector(
  index: SearchIndex,
  embeddings: IdentifiedEmbeddings,
  query: string,
  lexical: readonly { doc: number }[],
  feedback?: VectorFeedback,
): Promise<number[]> {
  const vector = await embeddings.embedQuery(query);
  if (!feedback || feedback.docs <= 0 || feedback.weight <= 0 || lexical.length === 0) return vector;
  const docs = lexical.slice(0, feedback.docs).map((h) => index.stored.hnsw.vectorOf(h.doc));
  return withFeedback(vector, docs, feedback.weight);
}

/**
 * The query's vector moved toward the documents BM25 ranks first (Rocchio's feedback): each vector is
 * taken at unit length, the documents' mean weighted by `weight`, and the sum returned at unit length.
 */
export function withFeedback(
  query: ArrayLike<number>,
  docs: readonly ArrayLike<number>[],
  weight: number,
): number[] {
  // Loops over typed arrays rather than Array.from, which walks a typed array by its iterator: at
  // 512 dimensions that was a fifth of the bytes a question allocated (bench/profile-notes.md).
  const out = new Float64Array(query.length);
  const q = norm(query);
  for (let i = 0; i < out.length; i++) out[i] = q > 0 ? query[i]! / q : query[i]!;
  const share = weight / docs.length;
  for (const doc of docs) {
    const n = norm(doc);
    // share · (x / n), as adding the document's unit vector wrote it.
    for (let i = 0; i < out.length; i++) out[i]! += share * (n > 0 ? doc[i]! / n : doc[i]!);
  }
  const n = norm(out);
  const result = new Array<number>(out.length);
  for (let i = 0; i < out.length; i++) result[i] = n > 0 ? out[i]! / n : out[i]!;
  return result;
}

/** `v`'s length, in float64 (a stored Float32Array's numbers are read, not rounded again). */
function norm(v: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  return Math.sqrt(n);
}

/**
 * The reranked candidates, best first, each with its score. The fused rank stays as a small prior,
 * so ties among equally good chunks keep retrieval's order. Deferred scores are worked out as the
 * order is read: the next candidate is the one with the highest score or bound (the lower doc on a
 * tie), scored first if it was only bounded, so it comes out where sorting every score puts it.
 */
export function rerankedOrder(docs: readonly number[], scores: RerankScores): Iterable<[number, number]> {
  const n = docs.length;
  const prior = (i: number) => (0.15 * (n - i)) / n;
  if (Array.isArray(scores))
    return docs
      .map((doc, i): [number, number] => [doc, scores[i]! + prior(i)])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return deferredOrder(docs, scores, prior);
}

function* deferredOrder(
  docs: readonly number[],
  scores: DeferredScores,
  prior: (i: number) => number,
): Generator<[number, number]> {
  const n = docs.length;
  // A bound that is not a number promises nothing: the candidate is scored before any other.
  const key = Float64Array.from(docs, (_, i) => {
    const bound = scores.bound(i);
    return Number.isNaN(bound) ? Number.POSITIVE_INFINITY : bound + prior(i);
  });
  const scored = new Uint8Array(n);
  const out = new Uint8Array(n);
  for (let left = n; left > 0; ) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (out[i]) continue;
      if (best < 0 || key[i]! > key[best]! || (key[i] === key[best] && docs[i]! < docs[best]!)) best = i;
    }
    if (!scored[best]) {
      key[best] = scores.score(best) + prior(best);
      scored[best] = 1;
      continue;
    }
    out[best] = 1;
    left--;
    yield [docs[best]!, key[best]!];
  }
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

/**
 * The first k of the order with at most `perArticle` chunks of one article, filled up from the
 * others when too few articles are left. (Exported for `npm run bench:parts`, which times the
 * rerank as far as this reads it.)
 */
export function diversify(
  order: Iterable<[number, number]>,
  articleOf: (doc: number) => string,
  k: number,
  perArticle: number,
): [number, number][] {
  const picked: [number, number][] = [];
  const deferred: [number, number][] = [];
  const perKey = new Map<string, number>();
  for (const entry of order) {
    const key = articleOf(entry[0]);
    const count = perKey.get(key) ?? 0;
    if (count < perArticle) {
      perKey.set(key, count + 1);
      picked.push(entry);
    } else deferred.push(entry);
    if (picked.length === k) return picked;
  }
  return [...picked, ...deferred].slice(0, k);
}
