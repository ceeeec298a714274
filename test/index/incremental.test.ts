import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import type { IdentifiedEmbeddings } from "../../src/embed/types.js";
import { IndexCorruptError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import { acquireLock, IndexLockedError } from "../../src/index/lock.js";
import { openSearchIndex } from "../../src/index/search-index.js";
import { loadStoredIndex, readManifest, verifyGeneration } from "../../src/index/store.js";
import { createRetriever } from "../../src/retrieve/retriever.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const hashed = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });
const chunking = { size: 300, overlap: 1 };

/** Counts the texts it embeds; an edge stand-in, so the build takes the generic (in-process) path. */
function countingEmbedder(): IdentifiedEmbeddings & { texts: number } {
  const counter = {
    id: hashed.id,
    dimensions: hashed.dimensions,
    texts: 0,
    embedDocuments: async (texts: string[]) => {
      counter.texts += texts.length;
      return hashed.embedDocuments(texts);
    },
    embedQuery: (text: string) => hashed.embedQuery(text),
  };
  return counter;
}

async function addPage(corpusDir: string, text = NEW_ZONE_PAGE) {
  const dir = join(corpusDir, "科技日报", "2021-05-10");
  await mkdir(dir, { recursive: true });
  const file = join(dir, "03.txt");
  await writeFile(file, text);
  return file;
}

async function search(indexDir: string, query: string) {
  const stored = await loadStoredIndex(indexDir, hashed);
  const retriever = createRetriever(openSearchIndex(stored, tokenizer), hashed, tokenizer);
  const passages = await retriever.retrieve(query, 5);
  stored.close();
  return passages;
}

describe("incremental re-index", () => {
  it("embeds only the chunks of new and changed pages", async () => {
    const dirs = await tempDirs();
    const embeddings = countingEmbedder();
    const first = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(embeddings.texts).toBe(first.chunks);

    embeddings.texts = 0;
    const same = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(embeddings.texts).toBe(0);
    expect(same).toMatchObject({ incremental: true, embedded: 0, unchanged: 1, chunks: first.chunks });

    const file = await addPage(dirs.corpusDir);
    const withPage = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(withPage).toMatchObject({ added: 1, unchanged: 1 });
    expect(embeddings.texts).toBe(withPage.embedded);
    expect(withPage.embedded).toBe(withPage.chunks - first.chunks);

    embeddings.texts = 0;
    await writeFile(file, NEW_ZONE_PAGE.replace("27个", "31个").replace("27个", "31个"));
    const edited = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(edited).toMatchObject({ changed: 1, unchanged: 1, added: 0 });
    expect(embeddings.texts).toBe(withPage.embedded);
    const hits = await search(dirs.indexDir, "衡水高新区重点项目签约");
    const texts = hits
      .filter((p) => p.source.includes("2021-05-10"))
      .map((p) => p.text)
      .join("");
    expect(texts).toContain("31个");
    expect(texts).not.toContain("27个");
  });

  it("removes a deleted page's chunks from vector and lexical results", async () => {
    const dirs = await tempDirs();
    const file = await addPage(dirs.corpusDir);
    await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0 });
    expect((await search(dirs.indexDir, "衡水高新区签约")).some((p) => p.source.includes("2021-05-10"))).toBe(
      true,
    );

    await rm(file);
    // No compaction: the chunks stay in the segment, marked deleted.
    const summary = await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0, compactAt: 1 });
    expect(summary).toMatchObject({ removed: 1, embedded: 0 });
    const stored = await loadStoredIndex(dirs.indexDir, hashed);
    expect(stored.manifest.segments[0]!.deleted.length).toBeGreaterThan(0);
    const index = openSearchIndex(stored, tokenizer);
    const lexical = index.bm25.search(tokenizer.tokens("衡水高新区签约"), 50);
    expect(lexical.every((h) => !index.chunks[h.doc]!.source.includes("2021-05-10"))).toBe(true);
    const vector = stored.hnsw.searchKnn(await hashed.embedQuery(NEW_ZONE_PAGE), 20).neighbors;
    expect(vector.every((doc) => !index.chunks[doc]!.source.includes("2021-05-10"))).toBe(true);
    expect((await search(dirs.indexDir, "衡水高新区签约")).some((p) => p.source.includes("2021-05-10"))).toBe(
      false,
    );
  });

  it("compacts a segment once too much of it is deleted, without re-embedding, and keeps it searchable", async () => {
    const dirs = await tempDirs();
    const file = await addPage(dirs.corpusDir);
    const first = await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0, compactAt: 0 });
    await rm(file);
    const embeddings = countingEmbedder();
    const after = await buildIndex({ ...dirs, embeddings, chunking, workers: 0, compactAt: 0 });
    expect(embeddings.texts).toBe(0);
    const stored = await loadStoredIndex(dirs.indexDir, hashed);
    expect(stored.manifest.segments).toHaveLength(1);
    expect(stored.manifest.segments[0]!.deleted).toEqual([]);
    expect(stored.chunks).toHaveLength(after.chunks);
    expect(after.chunks).toBeLessThan(first.chunks);
    // Each kept chunk's vector still finds itself under its new label.
    for (const label of [0, after.chunks - 1]) {
      const v = await hashed.embedQuery(`${stored.chunks[label]!.title}\n${stored.chunks[label]!.text}`);
      expect(stored.hnsw.searchKnn(v, 1).neighbors[0]).toBe(label);
    }
    stored.close();
    const hits = await search(dirs.indexDir, "德沃康项目一期占地多少亩");
    expect(hits.map((p) => p.text).join("")).toContain("158");
  });

  it("leaves a lone small segment past maxSegments as it is: merging it with nothing would only copy it", async () => {
    const dirs = await tempDirs();
    const opts = { ...dirs, embeddings: hashed, chunking, workers: 0, maxSegments: 1 };
    await buildIndex(opts);
    await addPage(dirs.corpusDir);
    await buildIndex(opts);
    // Two segments, one over maxSegments: the seed's and the small one of the added page.
    const again = await buildIndex(opts);
    expect(again.compaction).toBeUndefined();
    const stored = await loadStoredIndex(dirs.indexDir, hashed);
    expect(stored.manifest.segments).toHaveLength(2);
    stored.close();
  });

  it("publishes a changed page before the compaction that falls due with it, then compacts in a second generation", async () => {
    const dirs = await tempDirs();
    const opts = { ...dirs, embeddings: hashed, chunking, workers: 0, compactAt: 0 };
    const file = await addPage(dirs.corpusDir);
    const first = await buildIndex(opts);
    await writeFile(file, NEW_ZONE_PAGE.replace("衡水高新区", "邢台高新区"));
    const changed = await buildIndex(opts);
    // The page's old chunks are deleted from the first segment, so with compactAt 0 it is due for a
    // rewrite: the build published the new text with that segment linked as it was, tombstones
    // and all, then rewrote it into a generation of its own.
    expect(changed.compaction).toMatchObject({ generation: changed.generation });
    expect(changed).toMatchObject({ changed: 1 });
    expect((await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim()).toBe(changed.generation);
    const generations = (await readdir(dirs.indexDir)).filter((e) => e.startsWith("gen-"));
    const published = generations.find((g) => g !== changed.generation && g !== first.generation)!;
    const before = await readManifest(dirs.indexDir, published);
    expect(before.segments).toHaveLength(2);
    expect(before.segments[0]!.deleted.length).toBeGreaterThan(0);
    const stored = await loadStoredIndex(dirs.indexDir, hashed);
    expect(stored.manifest.segments.every((s) => s.deleted.length === 0)).toBe(true);
    expect(stored.chunks).toHaveLength(changed.chunks);
    stored.close();
    expect((await search(dirs.indexDir, "邢台高新区签约")).some((p) => p.source.includes("2021-05-10"))).toBe(
      true,
    );
    // Nothing changed since: nothing is due, and one pass publishes.
    const again = await buildIndex(opts);
    expect(again.compaction).toBeUndefined();
    expect(again.embedded).toBe(0);
  });
});

describe("crash safety", () => {
  it("refuses a second build while one holds the lock, naming the holder", async () => {
    const dirs = await tempDirs();
    const lock = await acquireLock(dirs.indexDir);
    const attempt = buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0 });
    await expect(attempt).rejects.toThrow(IndexLockedError);
    await expect(attempt).rejects.toThrow(new RegExp(`pid ${process.pid} on ${hostname()}`));
    await lock.release();
    await expect(buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0 })).resolves.toBeDefined();
  });

  it("takes over a lock left by a process that died", async () => {
    const dirs = await tempDirs();
    await mkdir(dirs.indexDir, { recursive: true });
    const dead = 2 ** 22 + 12345; // above Linux's default pid_max
    await writeFile(
      join(dirs.indexDir, "LOCK"),
      JSON.stringify({ pid: dead, host: hostname(), startedAt: "x" }),
    );
    await expect(buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0 })).resolves.toBeDefined();
  });

  it("detects a corrupted file: by size on every load, by content with a full check", async () => {
    const dirs = await tempDirs();
    await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0 });
    const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
    const seg = (await readdir(join(dirs.indexDir, gen))).find((e) => e.startsWith("seg-"))!;
    const postings = join(dirs.indexDir, gen, seg, "lexical.bin");
    const bytes = await readFile(postings);
    const mid = bytes.length >> 1;
    bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
    await writeFile(postings, bytes);
    // Small files are hashed on every load.
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(
      /lexical\.bin does not match its checksum/,
    );
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(/npm run index/);
    expect(await verifyGeneration(dirs.indexDir)).toMatch(/lexical\.bin/);

    await writeFile(postings, bytes.subarray(0, 100));
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(IndexCorruptError);
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(/100 bytes/);
  });
});
