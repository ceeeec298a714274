/**
 * The archive's retrieval (BM25 and vectors fused, reranked, one article not filling every slot) as
 * a LangChain BaseRetriever, so it drops into a chain or an agent: `await retriever.invoke(question)`
 * gives Documents with title, paper, date, page and chunk_id in their metadata.
 */
import type { CallbackManagerForRetrieverRun } from "@langchain/core/callbacks/manager";
import type { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { Passage } from "../types.js";
import { type ArchiveMetadata, toDocument } from "./documents.js";

/** What the retriever needs of the QA service (createQaService's handle has it). */
export interface PassageSource {
  retrieve(question: string, opts?: { k?: number }): Promise<Passage[]>;
}

export interface ArchiveRetrieverInput extends BaseRetrieverInput {
  source: PassageSource;
  /** Documents per query. Default 5. */
  k?: number;
}

export class ArchiveRetriever extends BaseRetriever<ArchiveMetadata> {
  lc_namespace = ["newsqa", "retrievers"];
  private readonly source: PassageSource;
  private readonly k: number;

  constructor(input: ArchiveRetrieverInput) {
    super(input);
    this.source = input.source;
    this.k = input.k ?? 5;
  }

  override async _getRelevantDocuments(
    query: string,
    _runManager?: CallbackManagerForRetrieverRun,
  ): Promise<Document<ArchiveMetadata>[]> {
    const passages = await this.source.retrieve(query, { k: this.k });
    return passages.map((p) => toDocument(p, p.score));
  }
}
