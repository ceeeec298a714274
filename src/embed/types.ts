import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/**
 * An embedder that can say who it is, so an index records what built it and refuses to be
 * queried with anything else.
 */
export interface IdentifiedEmbeddings extends EmbeddingsInterface {
  /** e.g. "hashed-tfidf-v2" or "openai:text-embedding-3-small". */
  readonly id: string;
  /** Vector size when known before the first call. */
  readonly dimensions?: number;
  /**
   * Does the local set-up the first call would (tables, the tokenizer's dictionary), so a service
   * can do it while its index loads. Never calls out: embedders behind an endpoint have none.
   */
  prepare?(): void;
}

/**
 * A vector as the `Embeddings` interface returns it (number[]), copied in a loop: Array.from walks
 * a typed array by its iterator, an object a number, which at 512 dimensions was 50 KB of garbage a
 * question (bench/profile-notes.md).
 */
export function numberArray(v: Float32Array): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]!;
  return out;
}
