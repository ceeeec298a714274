/**
 * The archive through LangChain's interfaces, over the seed page's index: the retriever as a
 * BaseRetriever (a Runnable, so it composes into a chain), the HNSW index as a VectorStore.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { RunnableLambda } from "@langchain/core/runnables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveRetriever } from "../../src/langchain/retriever.js";
import { ArchiveVectorStore } from "../../src/langchain/vector-store.js";
import type { QaServiceHandle } from "../../src/qa/create-qa-service.js";
import { seedQaService } from "../support/seed-index.js";

const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";

describe("LangChain adapters", () => {
  let qa: QaServiceHandle & { dirs: { corpusDir: string; indexDir: string } };
  beforeAll(async () => {
    qa = await seedQaService();
  });
  afterAll(async () => {
    await rm(join(qa.dirs.corpusDir, ".."), { recursive: true, force: true });
  });

  it("retrieves Documents with the archive's metadata, the same passages the bot answers from", async () => {
    const retriever = new ArchiveRetriever({ source: qa, k: 3 });
    const docs = await retriever.invoke(QUESTION);
    const passages = await qa.retrieve(QUESTION, { k: 3 });
    expect(docs.map((d) => d.metadata.chunk_id)).toEqual(passages.map((p) => p.id));
    expect(docs[0]!.pageContent).toContain("第96名");
    expect(docs[0]!.metadata).toMatchObject({
      title: expect.stringContaining("清远高新区"),
      paper: "科技日报",
      date: "2021-04",
      source: "科技日报/2021-04/000_f28b1bf4d582b9a4.txt",
    });
  });

  it("composes into a chain like any Runnable", async () => {
    const chain = new ArchiveRetriever({ source: qa, k: 2 }).pipe(
      RunnableLambda.from((docs: { metadata: { title: string } }[]) => docs.map((d) => d.metadata.title)),
    );
    const titles = await chain.invoke(QUESTION);
    expect(titles).toHaveLength(2);
    expect(titles[0]).toContain("清远高新区");
  });

  it("searches the HNSW index as a VectorStore, closest first, with a filter, and refuses writes", async () => {
    const store = new ArchiveVectorStore(qa.embeddings, qa);
    const scored = await store.similaritySearchWithScore(QUESTION, 4);
    expect(scored).toHaveLength(4);
    const similarities = scored.map(([, s]) => s);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    expect(scored[0]![0].metadata.title).toContain("清远高新区");
    const filtered = await store.similaritySearch(
      QUESTION,
      2,
      (m: { title: string }) => !m.title.includes("清远"),
    );
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((d) => !d.metadata.title.includes("清远"))).toBe(true);
    const viaRetriever = await store.asRetriever({ k: 1 }).invoke(QUESTION);
    expect(viaRetriever[0]!.metadata.chunk_id).toBe(scored[0]![0].metadata.chunk_id);
    await expect(store.addDocuments()).rejects.toThrow(/read-only.*npm run index/);
  });
});
