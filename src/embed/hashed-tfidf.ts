/**
 * The offline default embedder: TF-IDF over jieba tokens, feature-hashed into a fixed dimension and
 * L2-normalised. No weights to download, deterministic, and fast.
 *
 * IDF comes from the table jieba ships (a large general Chinese corpus) rather than from our own
 * corpus, so a vector never changes when other pages are added: incremental indexing never has to
 * re-embed old chunks.
 */
import { Embeddings } from "@langchain/core/embeddings";
import { idf as idfTable } from "@node-rs/jieba/dict.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { createIdfLookup, type IdfLookup } from "./idf-table.js";
import { numberArray } from "./types.js";

export type { IdfLookup } from "./idf-table.js";

export interface HashedTfidfOptions {
  tokenizer: Tokenizer;
  /** Vector size. Default {@link HASHED_DIMENSIONS}. */
  dimensions?: number;
}

/**
 * The default vector size. 512 answers the real dev questions as 1024 did (`npm run eval:real`,
 * report half: news and news-drop the same, CMRC two questions more, one more unanswerable question
 * declined; tune half one CMRC question fewer) at half the memory: a million chunks' vectors are
 * 2 GB instead of 4, which a server with 3 GB can hold. 256 lost one to two questions on every set.
 */
export const HASHED_DIMENSIONS = 512;

export const HASHED_TFIDF_ID = "hashed-tfidf-v2";

export class HashedTfidfEmbeddings extends Embeddings {
  readonly id = HASHED_TFIDF_ID;
  readonly dimensions: number;
  private readonly tokenizer: Tokenizer;
  /** Looked up on first use or by prepare() (70 ms), not when a service is wired up. */
  private idf: IdfLookup | undefined;

  constructor(opts: HashedTfidfOptions) {
    super({});
    this.dimensions = opts.dimensions ?? HASHED_DIMENSIONS;
    this.tokenizer = opts.tokenizer;
  }

  prepare(): void {
    this.idf ??= loadIdf();
    this.tokenizer.prepare?.();
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => numberArray(this.vector(t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return numberArray(this.vector(text));
  }

  /** Synchronous core, also used by bulk indexing to skip array conversions. */
  vector(text: string): Float32Array {
    const counts = new Map<string, number>();
    for (const t of this.tokenizer.tokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const v = new Float32Array(this.dimensions);
    this.idf ??= loadIdf();
    for (const [token, tf] of counts) {
      const f = feature(token, this.idf, this.dimensions);
      v[f.slot]! += (1 + Math.log(tf)) * f.weight;
    }
    return toUnit(v);
  }

  /**
   * The same vectors, made from the term ids and counts a segment's postings already hold
   * (lexical.ts PostingsBuilder.add): a term's slot and weight are worked out once a segment, not
   * hashed and looked up again in every chunk that holds it. The counts must come in the order of
   * the terms' first occurrence in the text, as `vector` sums them, so the floats add up alike.
   */
  termVectors(): TermVectors {
    this.idf ??= loadIdf();
    const idf = this.idf;
    const dimensions = this.dimensions;
    // By term id; a term's weight is NaN until worked out (no IDF is NaN).
    let slots = new Uint32Array(1024);
    let weights = new Float64Array(1024).fill(Number.NaN);
    return {
      vector(ids, tfs, count, termOf) {
        const v = new Float32Array(dimensions);
        for (let i = 0; i < count; i++) {
          const id = ids[i]!;
          if (id >= weights.length) {
            const size = 2 ** Math.ceil(Math.log2(id + 1));
            const grown = new Float64Array(size).fill(Number.NaN);
            grown.set(weights);
            weights = grown;
            const grownSlots = new Uint32Array(size);
            grownSlots.set(slots);
            slots = grownSlots;
          }
          if (Number.isNaN(weights[id]!)) {
            const f = feature(termOf(id), idf, dimensions);
            slots[id] = f.slot;
            weights[id] = f.weight;
          }
          v[slots[id]!]! += (1 + Math.log(tfs[i]!)) * weights[id]!;
        }
        return toUnit(v);
      },
    };
  }
}

/** Vectors from a segment's term ids (HashedTfidfEmbeddings.termVectors). */
export interface TermVectors {
  /**
   * The vector of a text whose `count` distinct terms are `ids[0..count)`, `tfs[i]` times each, in
   * the order they first occur in it; `termOf` names an id.
   */
  vector(
    ids: ArrayLike<number>,
    tfs: ArrayLike<number>,
    count: number,
    termOf: (id: number) => string,
  ): Float32Array;
}

/**
 * Where a token's weight goes in a vector and with which sign: the sign bit makes colliding
 * features cancel on average instead of piling up. The weight is its IDF, signed.
 */
function feature(token: string, idf: IdfLookup, dimensions: number): { slot: number; weight: number } {
  const h = fnv1a(token);
  return { slot: h % dimensions, weight: (h & 0x80000000 ? -1 : 1) * idf(token) };
}

/** `v` scaled to unit length, in place. */
function toUnit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) {
    // hnswlib's cosine space divides by the norm; a tiny constant keeps empty texts harmless.
    v[0] = 1e-6;
    return v;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

let cached: IdfLookup | undefined;

/** IDF from jieba's idf.txt; a word it does not list gets {@link UNKNOWN_IDF} (see idf-table.ts). */
export function loadIdf(): IdfLookup {
  // The table is read-only data shipped by the package, so one lookup per process is safe.
  cached ??= createIdfLookup(idfTable);
  return cached;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
