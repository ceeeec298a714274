import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { OpenAiEmbeddings } from "../../src/embed/openai-embeddings.js";
import { IndexCorruptError, IndexMismatchError, IndexMissingError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createOpenAiClient } from "../../src/openai-client.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { startFakeOpenAi } from "../support/fake-openai.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const embeddings = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });
const chunking = { size: 300, overlap: 1 };

describe("index store", () => {
  it("saves and loads an index: same chunks, and each chunk's vector finds itself", async () => {
    const dirs = await tempDirs();
    const summary = await buildIndex({ ...dirs, embeddings, chunking });
    expect(summary.pages).toBe(1);
    expect(summary.chunks).toBeGreaterThan(10);

    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(stored.chunks).toHaveLength(summary.chunks);
    expect(stored.manifest.embedder).toEqual({ id: "hashed-tfidf-v2", dimensions: 256 });
    expect(stored.manifest.counts.chunks).toBe(summary.chunks);
    expect(stored.manifest.sources[0]!.source).toBe("科技日报/2021-04/000_f28b1bf4d582b9a4.txt");
    for (const label of [0, 5, summary.chunks - 1]) {
      const c = stored.chunks[label]!;
      const v = await embeddings.embedQuery(`${c.title}\n${c.text}`);
      expect(stored.hnsw.searchKnn(v, 1).neighbors[0]).toBe(label);
    }
  });

  it("refuses an index built with another embedder or dimension, and says what to run", async () => {
    const dirs = await tempDirs();
    await buildIndex({ ...dirs, embeddings, chunking });
    const wider = new HashedTfidfEmbeddings({ tokenizer, dimensions: 512 });
    await expect(loadStoredIndex(dirs.indexDir, wider)).rejects.toThrow(IndexMismatchError);
    await expect(loadStoredIndex(dirs.indexDir, wider)).rejects.toThrow(/npm run index/);
    await expect(loadStoredIndex(dirs.indexDir, { id: "openai:text-embedding-3-small" })).rejects.toThrow(
      /built with hashed-tfidf-v2/,
    );
  });

  it("does the caller's set-up once while the graphs are read; its failure fails the load as itself", async () => {
    const dirs = await tempDirs();
    await buildIndex({ ...dirs, embeddings, chunking });
    const calls: boolean[] = [];
    let loaded = false;
    const stored = await loadStoredIndex(dirs.indexDir, embeddings, {
      whileGraphsRead: () => calls.push(loaded),
    });
    loaded = true;
    expect(calls).toEqual([false]);
    expect(stored.chunks.length).toBeGreaterThan(10);
    stored.close();

    const broken = new Error("the tokenizer's dictionary is missing");
    const load = loadStoredIndex(dirs.indexDir, embeddings, {
      whileGraphsRead: () => {
        throw broken;
      },
    });
    await expect(load).rejects.toBe(broken);
    // The index itself was sound, and still loads.
    const again = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(again.chunks).toHaveLength(stored.chunks.length);
    again.close();
  });

  it("says which command builds a missing index", async () => {
    const dirs = await tempDirs();
    await expect(loadStoredIndex(dirs.indexDir, embeddings)).rejects.toThrow(IndexMissingError);
    await expect(loadStoredIndex(dirs.indexDir, embeddings)).rejects.toThrow(/npm run index/);
  });

  it("detects a truncated vectors file by its checksum", async () => {
    const dirs = await tempDirs();
    await buildIndex({ ...dirs, embeddings, chunking });
    const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
    const seg = (await readdir(join(dirs.indexDir, gen))).find((e) => e.startsWith("seg-"))!;
    const file = join(dirs.indexDir, gen, seg, "vectors.hnsw");
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length >> 1));
    await expect(loadStoredIndex(dirs.indexDir, embeddings)).rejects.toThrow(IndexCorruptError);
  });

  it("keeps the previous index loadable when a rebuild fails midway (embedding service down)", async () => {
    const dirs = await tempDirs();
    const first = await buildIndex({ ...dirs, embeddings, chunking });
    const fake = await startFakeOpenAi();
    try {
      fake.embeddings.handle(() => ({ error: 503, message: "embedding service went away" }));
      const remote = new OpenAiEmbeddings({
        client: createOpenAiClient({
          baseURL: fake.baseURL,
          apiKey: "sk-test",
          timeoutMs: 5_000,
          maxRetries: 0,
        }),
        model: "bge-m3",
      });
      await expect(buildIndex({ ...dirs, embeddings: remote, chunking, full: true })).rejects.toThrow(
        /went away|503/,
      );
    } finally {
      await fake.close();
    }
    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(stored.generation).toBe(first.generation);
    expect(stored.chunks).toHaveLength(first.chunks);
  });

  it("keeps only the live generation and the one before it", async () => {
    const dirs = await tempDirs();
    for (let i = 0; i < 3; i++) await buildIndex({ ...dirs, embeddings, chunking, full: i > 0 });
    const gens = (await readdir(dirs.indexDir)).filter((e) => e.startsWith("gen-"));
    expect(gens).toHaveLength(2);
  });
});
