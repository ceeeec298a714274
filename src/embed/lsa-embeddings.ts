/**
 * EMBEDDINGS=lsa: dense offline vectors from a projection fitted on the corpus itself (truncated
 * SVD of its TF-IDF matrix, lsa-fit.ts). Unlike the hashed vectors, which copy BM25's lexical
 * match into 1024 sparse dimensions, LSA links words that co-occur (paraphrases, related terms) in
 * 128 dense ones: a fraction of the HNSW build time and memory.
 *
 * The projection belongs to an index generation (lsa.bin, beside its manifest): a full build fits
 * it, incremental builds project new chunks with it, and queries use the one of the generation
 * they search. An instance without one can say who it is but cannot embed.
 */
import { Embeddings } from "@langchain/core/embeddings";
import { LsaProjectionError } from "../errors.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { type LsaProjection, projectTokens, termIndex } from "./lsa-projection.js";
import { type IdentifiedEmbeddings, numberArray } from "./types.js";

export const LSA_ID = "lsa-v1";
/** Default latent dimensions: 128 measured as well as 256 on the real dev sets (docs/speed-and-scale.md). */
export const LSA_DEFAULT_DIMENSIONS = 128;

export interface LsaEmbeddingsOptions {
  tokenizer: Tokenizer;
  /** Latent dimensions the build fits. Default {@link LSA_DEFAULT_DIMENSIONS}. */
  dimensions?: number;
  /** Most chunks a full build fits the projection on (an even sample of larger corpora). Default 30,000. */
  fitChunks?: number;
  /** Most terms in the projection's vocabulary. Default 50,000. */
  vocabulary?: number;
  projection?: LsaProjection;
}

export class LsaEmbeddings extends Embeddings implements IdentifiedEmbeddings {
  readonly id = LSA_ID;
  readonly dimensions: number;
  readonly fitChunks: number;
  readonly vocabulary: number;
  readonly projection: LsaProjection | undefined;
  private readonly tokenizer: Tokenizer;
  private readonly index: Map<string, number> | undefined;

  constructor(opts: LsaEmbeddingsOptions) {
    super({});
    this.tokenizer = opts.tokenizer;
    this.dimensions = opts.projection?.k ?? opts.dimensions ?? LSA_DEFAULT_DIMENSIONS;
    this.fitChunks = opts.fitChunks ?? 30_000;
    this.vocabulary = opts.vocabulary ?? 50_000;
    this.projection = opts.projection;
    this.index = opts.projection && termIndex(opts.projection);
  }

  /** The same settings over a generation's projection. */
  withProjection(projection: LsaProjection, tokenizer: Tokenizer = this.tokenizer): LsaEmbeddings {
    return new LsaEmbeddings({
      tokenizer,
      dimensions: projection.k,
      fitChunks: this.fitChunks,
      vocabulary: this.vocabulary,
      projection,
    });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => numberArray(this.vector(t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return numberArray(this.vector(text));
  }

  /** Synchronous core, also used by bulk indexing to skip array conversions. */
  vector(text: string): Float32Array {
    if (!this.projection || !this.index)
      throw new LsaProjectionError("of this index", "was not loaded (the index has none)");
    return projectTokens(this.tokenizer.tokens(text), this.projection, this.index);
  }
}

export function isLsa(e: IdentifiedEmbeddings): e is LsaEmbeddings {
  return e instanceof LsaEmbeddings;
}

/**
 * The embedder that queries a loaded generation: for LSA, the configured one over the generation's
 * own projection (each full build fits a new one); any other embedder as it is.
 */
export function embedderForIndex(
  e: IdentifiedEmbeddings,
  stored: { dir: string; projection?: LsaProjection },
): IdentifiedEmbeddings {
  if (!isLsa(e)) return e;
  if (!stored.projection) throw new LsaProjectionError(`of the index in ${stored.dir}`, "is missing");
  return e.withProjection(stored.projection);
}
