/**
 * EMBEDDINGS=none: an index without vectors, searched by BM25 alone. On real questions the offline
 * hashed vectors add nothing to BM25 (docs/speed-and-scale.md), while they are about half of a
 * build's CPU and most of a loaded index's memory; without an embedding model at hand, leaving them
 * out is the cheaper index of the same quality.
 */
import { NewsQaError } from "../errors.js";
import type { IdentifiedEmbeddings } from "./types.js";

export const NO_EMBEDDINGS_ID = "none";

/** An embedding was asked of an index built without vectors. */
export class NoVectorsError extends NewsQaError {
  constructor() {
    super(
      "This index has no vectors (EMBEDDINGS=none): it is searched by BM25 alone. " +
        "For vector search set EMBEDDINGS=hashed, lsa, openai or local, then run npm run index.",
    );
  }
}

export class NoEmbeddings implements IdentifiedEmbeddings {
  readonly id = NO_EMBEDDINGS_ID;
  /** The segments' graphs are written empty; they are declared one-dimensional so that they load. */
  readonly dimensions = 1;

  async embedDocuments(): Promise<number[][]> {
    throw new NoVectorsError();
  }

  async embedQuery(): Promise<number[]> {
    throw new NoVectorsError();
  }
}

/** Whether an index built with `embeddings` holds vectors. */
export function hasVectors(embeddings: { id: string }): boolean {
  return embeddings.id !== NO_EMBEDDINGS_ID;
}
