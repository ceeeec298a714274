/**
 * The archive's HNSW index as a LangChain VectorStore (read-only): the vector side of retrieval, for
 * code that speaks VectorStore. `similaritySearch(question, k)` embeds with the index's own
 * embedder and returns Documents with the archive's metadata and a similarity (higher is closer).
 * The index is built and changed by `npm run index` and /reindex, so adding through the store is
 * refused; to keep vectors elsewhere (Qdrant, PGVector, Redis), build that store with the same
 * embedder from the same chunks.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore } from "@langchain/core/vectorstores";
import { NewsQaError } from "../errors.js";
import type { Chunk } from "../types.js";
import { type ArchiveMetadata, toDocument } from "./documents.js";

/** What the store needs of the live index (createQaService's handle has it). */
export interface NearestSource {
  /** The `k` chunks nearest to `vector`, closest first, with a similarity (higher is closer). */
  nearest(vector: number[], k: number): Promise<{ chunk: Chunk; similarity: number }[]>;
}

export class ArchiveVectorStore extends VectorStore {
  declare FilterType: (metadata: ArchiveMetadata) => boolean;
  private readonly source: NearestSource;

  constructor(embeddings: EmbeddingsInterface, source: NearestSource) {
    super(embeddings, {});
    this.source = source;
  }

  _vectorstoreType(): string {
    return "newsqa-hnsw";
  }

  async addVectors(): Promise<void> {
    throw new NewsQaError(
      "the archive's vector index is read-only here: add pages to CORPUS_DIR and run npm run index (or /reindex)",
    );
  }

  async addDocuments(): Promise<void> {
    return this.addVectors();
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this["FilterType"],
  ): Promise<[ReturnType<typeof toDocument>, number][]> {
    // A filter is applied after the search, so more neighbours are read to still return k.
    const hits = await this.source.nearest(query, filter ? k * 4 : k);
    return hits
      .map(({ chunk, similarity }): [ReturnType<typeof toDocument>, number] => [
        toDocument(chunk, similarity),
        similarity,
      ])
      .filter(([doc]) => !filter || filter(doc.metadata))
      .slice(0, k);
  }
}
