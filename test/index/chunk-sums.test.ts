/**
 * Chunk lines are checked one by one as they are read (segment.ts, chunks.crc), not hashed whole at
 * every load: a damaged line is still never served, and `npm run index -- --verify` still finds it.
 * A segment written before chunks.crc existed is hashed whole at load, as before. Lines are UTF-16LE
 * (chunks.u16); a segment written before index format 5 holds them in UTF-8 (chunks.jsonl) and still
 * loads, answers the same and is carried over.
 */
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { IndexCorruptError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import type { Manifest } from "../../src/index/manifest.js";
import { currentGeneration, loadStoredIndex, readManifest, verifyGeneration } from "../../src/index/store.js";
import { createLogger } from "../../src/logger.js";
import { createQaService } from "../../src/qa/create-qa-service.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { damageChunk, toUtf8Lines } from "../support/chunk-lines.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { tempDirs, testConfig } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const embeddings = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });
const chunking = { size: 300, overlap: 1 };

/** A built index and its one segment's folder, relative ("gen/seg") and absolute. */
async function built() {
  const dirs = await tempDirs();
  await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
  const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
  const seg = (await readdir(join(dirs.indexDir, gen))).find((e) => e.startsWith("seg-"))!;
  return { dirs, gen, rel: `${gen}/${seg}`, path: join(dirs.indexDir, gen, seg) };
}

describe("chunk lines with their own sums", () => {
  it("load without hashing the lines; a damaged one is refused when read, naming the file", async () => {
    const { dirs, rel, path } = await built();
    await damageChunk(path, 3);
    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(stored.chunks[2]!.text.length).toBeGreaterThan(0);
    expect(() => stored.chunks[3]).toThrow(IndexCorruptError);
    expect(() => stored.chunks[3]).toThrow(`${rel}/chunks.u16 does not match its checksum at chunk 3`);
    stored.close();
    expect(await verifyGeneration(dirs.indexDir)).toBe(`${rel}/chunks.u16 does not match its checksum`);
  });

  it("a segment without chunks.crc is hashed whole at load, as before", async () => {
    const { dirs, gen, rel, path } = await built();
    // What an index written before chunks.crc looks like.
    await rm(join(path, "chunks.crc"));
    const manifestPath = join(dirs.indexDir, gen, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
    delete manifest.files[`${rel.split("/")[1]}/chunks.crc`];
    await writeFile(manifestPath, JSON.stringify(manifest));
    const intact = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(intact.chunks[3]!.text.length).toBeGreaterThan(0);
    intact.close();

    await damageChunk(path, 3);
    await expect(loadStoredIndex(dirs.indexDir, embeddings)).rejects.toThrow(
      `${rel}/chunks.u16 does not match its checksum`,
    );
  });
});

describe("the lines' encoding", () => {
  it("is UTF-16LE in a new segment, as JSON a line", async () => {
    const { path } = await built();
    const bytes = await readFile(join(path, "chunks.u16"));
    const offsets = new Float64Array(new Uint8Array(await readFile(join(path, "chunks.off"))).buffer);
    const first = bytes.subarray(offsets[0]!, offsets[1]!).toString("utf16le");
    expect(first.endsWith("\n")).toBe(true);
    expect((JSON.parse(first) as { text: string }).text.length).toBeGreaterThan(0);
    expect(offsets.at(-1)).toBe(bytes.length);
  });

  it("is UTF-8 in a segment written before format 5, which loads the same chunks and is carried over", async () => {
    const dirs = await tempDirs();
    const config = testConfig(dirs, { EMBEDDINGS: "none" });
    const logger = createLogger("silent");
    const fresh = await createQaService({ config, logger });
    const question = "衡水高新区的德沃康项目投资多少？";
    const found = async (qa: typeof fresh) =>
      (await qa.retrieve(question, { k: 5 })).map((p) => `${p.id} ${p.score.toFixed(6)} ${p.text}`);
    const before = await found(fresh);
    expect(before.length).toBeGreaterThan(0);
    const gen = (await currentGeneration(dirs.indexDir))!;
    // The identity the index was built with (EMBEDDINGS=none), to load it as the service does.
    const builtBy = (await readManifest(dirs.indexDir, gen)).embedder;
    const everyChunk = async () => {
      const stored = await loadStoredIndex(dirs.indexDir, builtBy);
      const all = Array.from({ length: stored.chunks.length }, (_, i) => stored.chunks[i]);
      stored.close();
      return all;
    };
    const chunks = await everyChunk();
    expect(chunks.length).toBeGreaterThan(3);

    await toUtf8Lines(dirs.indexDir, gen);
    const legacy = await createQaService({ config, logger });
    expect(await found(legacy)).toEqual(before);
    expect(await everyChunk()).toEqual(chunks);

    await writeFile(join(dirs.corpusDir, "new-zone.txt"), NEW_ZONE_PAGE.replace("衡水", "秦皇岛"));
    expect((await legacy.reindex()).added).toBe(1);
    const now = (await currentGeneration(dirs.indexDir))!;
    const files = Object.keys((await readManifest(dirs.indexDir, now)).files);
    // The old segment as it was, the new page's segment in the new form.
    expect(files.filter((f) => f.endsWith("/chunks.jsonl")).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith("/chunks.u16"))).toHaveLength(1);
    expect(
      (await legacy.retrieve("秦皇岛高新区的德沃康项目", { k: 5 })).some((p) => p.text.includes("秦皇岛")),
    ).toBe(true);

    const old = files.find((f) => f.endsWith("/chunks.jsonl"))!.split("/")[0]!;
    await damageChunk(join(dirs.indexDir, now, old), 0);
    const damaged = await loadStoredIndex(dirs.indexDir, builtBy);
    const { base } = damaged.segments.find((s) => s.segment.name === old)!;
    expect(() => damaged.chunks[base]).toThrow(
      `${now}/${old}/chunks.jsonl does not match its checksum at chunk 0`,
    );
    damaged.close();
  }, 60_000);
});
