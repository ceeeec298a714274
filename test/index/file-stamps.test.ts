/**
 * Builds trust a file's stamp (inode, size, mtime) instead of hashing it again (file-stamp.ts).
 * These pin the contract the README states: what a stamp spares, what still catches damage, and
 * the racy case a stamp must not hide.
 */
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { loadStoredIndex, verifyGeneration } from "../../src/index/store.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const hashed = new HashedTfidfEmbeddings({ tokenizer, dimensions: 64 });
const chunking = { size: 300, overlap: 1 };

/** Two versions of one page with the same byte length: a stamp cannot tell them apart by size. */
const BEFORE = "本报讯 甲城高新区今年新增企业一百二十家，由张三主持的创新中心正式启用。\n";
const AFTER = "本报讯 甲城高新区今年新增企业一百二十家，由李四主持的创新中心正式启用。\n";

/** Sets a file's mtime to `seconds` (whole seconds: the stamp then holds it exactly). */
const setMtime = (path: string, seconds: number) => utimes(path, seconds, seconds);

async function pageDirs() {
  const dirs = await tempDirs();
  const folder = join(dirs.corpusDir, "甲城日报", "2031-01-01");
  await mkdir(folder, { recursive: true });
  const page = join(folder, "01.txt");
  await writeFile(page, BEFORE);
  return { dirs, page };
}

const build = (dirs: { corpusDir: string; indexDir: string }, full = false, workers = 0) =>
  buildIndex({ ...dirs, embeddings: hashed, chunking, workers, full });

describe("file stamps", () => {
  // With workers, the corpus is listed and stat'ed in one while the manifest is read (build.ts).
  it.each([0, 2])(
    "re-reads a page rewritten with the same size and mtime seconds right after a build (the racy case; %i workers)",
    async (workers) => {
      const { dirs, page } = await pageDirs();
      // An mtime the build's stat cannot see as settled (SETTLED_MS before it), however long the
      // build takes to start: "now" went stale when a loaded machine (two CI runs at once) took
      // more than a second to reach the stat, and the stamp was then rightly trusted.
      const fresh = Math.floor(Date.now() / 1000) + 60;
      await setMtime(page, fresh);
      await build(dirs, false, workers);
      // Same length, same inode, mtime put back: only the settling rule keeps this from being trusted.
      await writeFile(page, AFTER);
      await setMtime(page, fresh);
      const second = await build(dirs, false, workers);
      expect(second.changed).toBe(1);
    },
  );

  it.each([0, 2])(
    "does not read a page whose stamp is as recorded; touching it makes the next build read it (%i workers)",
    async (workers) => {
      const { dirs, page } = await pageDirs();
      const old = Math.floor(Date.now() / 1000) - 86_400;
      await setMtime(page, old);
      await build(dirs, false, workers);
      await writeFile(page, AFTER);
      await setMtime(page, old);
      // The documented limit: bytes changed behind an unchanged mtime are not seen by a plain build.
      const trusted = await build(dirs, false, workers);
      expect(trusted.changed).toBe(0);
      expect(trusted.unchanged).toBe(trusted.pages);

      await setMtime(page, old + 60);
      const touched = await build(dirs, false, workers);
      expect(touched.changed).toBe(1);
    },
  );

  it("trusts an index file whose stamp is as recorded; --verify and loading still find its damage", async () => {
    const { dirs } = await pageDirs();
    await build(dirs);
    const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
    const seg = (await readdir(join(dirs.indexDir, gen))).find((e) => e.startsWith("seg-"))!;
    const postings = join(dirs.indexDir, gen, seg, "lexical.bin");
    const old = Math.floor(Date.now() / 1000) - 86_400;
    await setMtime(postings, old);
    // This build hashes the file (its stamp changed), finds it intact and records the new stamp.
    const checked = await build(dirs);
    expect(checked.repaired).toEqual([]);

    const bytes = await readFile(postings);
    bytes[bytes.length >> 1]! ^= 0xff;
    await writeFile(postings, bytes);
    await setMtime(postings, old);
    const trusted = await build(dirs);
    expect(trusted.repaired).toEqual([]);
    expect(await verifyGeneration(dirs.indexDir)).toMatch(/lexical\.bin does not match its checksum/);
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(/lexical\.bin/);

    await build(dirs, true);
    expect(await verifyGeneration(dirs.indexDir)).toBeUndefined();
  });

  it("hashes a damaged index file whose mtime moved, and rebuilds its segment", async () => {
    const { dirs } = await pageDirs();
    await build(dirs);
    const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
    const seg = (await readdir(join(dirs.indexDir, gen))).find((e) => e.startsWith("seg-"))!;
    const postings = join(dirs.indexDir, gen, seg, "lexical.bin");
    await setMtime(postings, Math.floor(Date.now() / 1000) - 86_400);
    await build(dirs);

    const bytes = await readFile(postings);
    bytes[bytes.length >> 1]! ^= 0xff;
    await writeFile(postings, bytes);
    const repaired = await build(dirs);
    expect(repaired.repaired.map((r) => r.file)).toEqual([expect.stringMatching(/lexical\.bin$/)]);
    expect(await verifyGeneration(dirs.indexDir)).toBeUndefined();
  });

  it("checks an intact index file whose mtime moved by its CRC-32, and reuses it", async () => {
    const { dirs } = await pageDirs();
    await build(dirs);
    const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
    const seg = (await readdir(join(dirs.indexDir, gen))).find((e) => e.startsWith("seg-"))!;
    // As a copy of the index would be: every file of the segment with a new mtime, its bytes the same.
    for (const file of await readdir(join(dirs.indexDir, gen, seg)))
      await setMtime(join(dirs.indexDir, gen, seg, file), Math.floor(Date.now() / 1000) - 86_400);
    const again = await build(dirs);
    expect(again.repaired).toEqual([]);
    expect(again.embedded).toBe(0);
    expect(await verifyGeneration(dirs.indexDir)).toBeUndefined();
  });
});
