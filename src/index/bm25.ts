/**
 * Okapi BM25 over pre-tokenised documents. Lexical matching is what makes exact names and numbers
 * (德沃康, 158亩) findable even when the hashed vectors blur them.
 */
export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2. */
  k1?: number;
  /** Length normalisation. Default 0.75. */
  b?: number;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private readonly k1: number;
  private readonly b: number;

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Adds a document; its number is the order of addition (0-based). */
  add(tokens: string[]): number {
    const doc = this.lengths.length;
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      const list = this.postings.get(term);
      if (list) list.push({ doc, tf: n });
      else this.postings.set(term, [{ doc, tf: n }]);
    }
    this.lengths.push(tokens.length);
    this.totalLength += tokens.length;
    return doc;
  }

  /** Whether any document contains the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Inverse document frequency as BM25 defines it (always positive in this variant). */
  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  search(queryTokens: string[], k: number, accept?: (doc: number) => boolean): ScoredDoc[] {
    if (this.size === 0) return [];
    const avg = this.totalLength / this.size;
    const scores = new Map<number, number>();
    for (const term of new Set(queryTokens)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = tf + this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / avg);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * (tf * (this.k1 + 1))) / norm);
      }
    }
    const out: ScoredDoc[] = [];
    for (const [doc, score] of scores) if (!accept || accept(doc)) out.push({ doc, score });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k);
  }
}
