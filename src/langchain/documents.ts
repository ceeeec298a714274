/** Chunks as LangChain Documents: the passage text, with where it comes from as metadata. */
import { Document } from "@langchain/core/documents";
import type { Chunk } from "../types.js";

/** What every Document from this archive carries in its metadata. */
export interface ArchiveMetadata {
  title: string;
  paper?: string;
  date?: string;
  page?: string;
  /** The chunk's stable id (QaService.chunk finds it again). */
  chunk_id: string;
  /** The page file, relative to CORPUS_DIR. */
  source: string;
  /** Higher is closer; the retriever's fused score, or the vector store's similarity. */
  score: number;
}

export function toDocument(chunk: Chunk, score: number): Document<ArchiveMetadata> {
  return new Document<ArchiveMetadata>({
    pageContent: chunk.text,
    id: chunk.id,
    metadata: {
      title: chunk.title,
      ...(chunk.paper === undefined ? {} : { paper: chunk.paper }),
      ...(chunk.date === undefined ? {} : { date: chunk.date }),
      ...(chunk.page === undefined ? {} : { page: chunk.page }),
      chunk_id: chunk.id,
      source: chunk.source,
      score,
    },
  });
}
