/**
 * DENSE_RETRIEVAL=off: BM25 alone, for measuring what the vectors add. The query is then never
 * embedded, and the passages are BM25's, in BM25's order.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import type { IdentifiedEmbeddings } from "../../src/embed/types.js";
import { buildIndex } from "../../src/index/build.js";
import { openSearchIndex } from "../../src/index/search-index.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createRetriever } from "../../src/retrieve/retriever.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const hashed = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });

describe("retrieval without the vector neighbours", () => {
  it("never embeds the query and returns BM25's hits in BM25's order", async () => {
    const dirs = await tempDirs();
    try {
      await buildIndex({ ...dirs, embeddings: hashed, chunking: { size: 300, overlap: 1 }, workers: 0 });
      const stored = await loadStoredIndex(dirs.indexDir, hashed);
      const index = openSearchIndex(stored, tokenizer);
      let embedded = 0;
      const counting: IdentifiedEmbeddings = {
        id: hashed.id,
        dimensions: hashed.dimensions,
        embedDocuments: (texts) => hashed.embedDocuments(texts),
        embedQuery: async (text) => {
          embedded++;
          return hashed.embedQuery(text);
        },
      };
      const query = "清远高新区综合排名第几名？";
      const bm25 = index.bm25.search(tokenizer.tokens(query), 20).map((h) => index.chunks[h.doc]!.id);
      const off = await createRetriever(index, counting, tokenizer, {
        dense: false,
        perArticle: 99,
      }).retrieve(query, 5);
      expect(embedded).toBe(0);
      expect(off.map((p) => p.id)).toEqual(bm25.slice(0, 5));
      await createRetriever(index, counting, tokenizer).retrieve(query, 5);
      expect(embedded).toBe(1);
      stored.close();
    } finally {
      await rm(join(dirs.corpusDir, ".."), { recursive: true, force: true });
    }
  });
});
