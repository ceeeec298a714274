/**
 * The recall measurement behind `npm run bench:recall` and the bench's recall job: the exact top 10
 * against the graph's, for the question's own vector and for feedback vectors, on a real index.
 */
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { recallTable } from "../../scripts/lib/bench/tasks.js";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

describe("recallTable", () => {
  it("finds every exact neighbour when the search is as broad as the index, for each searched vector", async () => {
    const dirs = await tempDirs();
    try {
      const embeddings = new HashedTfidfEmbeddings({ tokenizer: createTokenizer() });
      await buildIndex({ ...dirs, embeddings, chunking: { size: 300, overlap: 1 }, workers: 0 });
      const queries = ["清远高新区综合排名第几名？", "哪个高新区获批升级为国家高新区？"];
      const feedback = [
        { docs: 0, weight: 0 },
        { docs: 5, weight: 3 },
      ];
      const rows = await recallTable({ indexDir: dirs.indexDir, queries, feedback, efSearch: [1000] });
      expect(rows.map((r) => r.feedback)).toEqual(feedback);
      for (const row of rows) {
        // The manifest's breadth first, then the ones asked for.
        expect(row.efs).toEqual([64, 1000]);
        // Searching at least as wide as the seed index has chunks is exhaustive: the graph must return
        // exactly what the scan found, so a scan that misnumbered docs would show here.
        expect(row.recall[1]).toBe(1);
        expect(row.recall[0]).toBeGreaterThan(0);
      }
    } finally {
      await rm(dirs.root, { recursive: true, force: true });
    }
  });
});
