/**
 * Chunk lines are checked one by one as they are read (segment.ts, chunks.crc), not hashed whole at
 * every load: a damaged line is still never served, and `npm run index -- --verify` still finds it.
 * A segment written before chunks.crc existed is hashed whole at load, as before.
 */
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { IndexCorruptError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import type { Manifest } from "../../src/index/manifest.js";
import { loadStoredIndex, verifyGeneration } from "../../src/index/store.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

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

/** Changes one character of chunk `label`'s text in place, keeping the file's size. */
async function damageChunk(segPath: string, label: number) {
  const file = join(segPath, "chunks.jsonl");
  const bytes = await readFile(file);
  const offsets = new Float64Array(new Uint8Array(await readFile(join(segPath, "chunks.off"))).buffer);
  const at = bytes.indexOf('"text":"', offsets[label]!) + 8;
  bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41; // the first byte of the text: any change will do
  await writeFile(file, bytes);
}

describe("chunk lines with their own sums", () => {
  it("load without hashing the lines; a damaged one is refused when read, naming the file", async () => {
    const { dirs, rel, path } = await built();
    await damageChunk(path, 3);
    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(stored.chunks[2]!.text.length).toBeGreaterThan(0);
    expect(() => stored.chunks[3]).toThrow(IndexCorruptError);
    expect(() => stored.chunks[3]).toThrow(`${rel}/chunks.jsonl does not match its checksum at chunk 3`);
    stored.close();
    expect(await verifyGeneration(dirs.indexDir)).toBe(`${rel}/chunks.jsonl does not match its checksum`);
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
      `${rel}/chunks.jsonl does not match its checksum`,
    );
  });
});
