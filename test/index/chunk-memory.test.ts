/**
 * CHUNK_MEMORY_MB: an index whose chunk text fits the budget has its chunk lines read into memory
 * as it loads, and every chunk is then read from there, checked line by line as from disk
 * (index/chunk-lines.ts); a larger one reads them from disk as before.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { loadStoredIndex, type StoredIndex } from "../../src/index/store.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { damageChunk } from "../support/chunk-lines.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const embeddings = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });
const MB = 1024 * 1024;

async function built() {
  const dirs = await tempDirs();
  await buildIndex({ ...dirs, embeddings, chunking: { size: 300, overlap: 1 }, workers: 0 });
  const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
  const seg = (await readdir(join(dirs.indexDir, gen))).find((e) => e.startsWith("seg-"))!;
  return { indexDir: dirs.indexDir, rel: `${gen}/${seg}`, path: join(dirs.indexDir, gen, seg) };
}

const held = (stored: StoredIndex) => stored.segments.map((s) => s.segment.linesInMemory);
const all = (stored: StoredIndex) => Array.from({ length: stored.chunks.length }, (_, i) => stored.chunks[i]);

describe("chunk lines held in memory", () => {
  it("are read from memory once loaded, the same chunks as from disk", async () => {
    const { indexDir, path } = await built();
    const onDisk = await loadStoredIndex(indexDir, embeddings);
    const inMemory = await loadStoredIndex(indexDir, embeddings, { chunkMemoryBytes: 64 * MB });
    expect(held(inMemory)).toEqual([true]);
    expect(inMemory.chunks.length).toBeGreaterThan(3);
    const chunk3 = structuredClone(onDisk.chunks[3]);
    // Changed on disk after they were read in: the copy in memory still serves the chunk as indexed,
    // where a read from disk refuses it.
    await damageChunk(path, 3);
    expect(inMemory.chunks[3]).toEqual(chunk3);
    expect(all(inMemory)).toEqual(all(onDisk));
    onDisk.close();
    inMemory.close();
  });

  it("refuse a damaged line as a read from disk does, naming the file", async () => {
    const { indexDir, rel, path } = await built();
    await damageChunk(path, 3);
    const stored = await loadStoredIndex(indexDir, embeddings, { chunkMemoryBytes: 64 * MB });
    expect(held(stored)).toEqual([true]);
    expect(stored.chunks[2]!.text.length).toBeGreaterThan(0);
    expect(() => stored.chunks[3]).toThrow(`${rel}/chunks.u16 does not match its checksum at chunk 3`);
    stored.close();
  });

  it("stay on disk when the index's chunk text is over the budget, or the budget is 0", async () => {
    const { indexDir, path } = await built();
    const size = (await readFile(join(path, "chunks.u16"))).length;
    for (const [budget, expected] of [
      [size - 1, false],
      [0, false],
      [size, true],
    ] as const) {
      const stored = await loadStoredIndex(indexDir, embeddings, { chunkMemoryBytes: budget });
      expect(held(stored)).toEqual([expected]);
      stored.close();
    }
  });
});
