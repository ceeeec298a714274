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
