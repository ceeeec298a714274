/**
 * The manifest as a base plus deltas (src/index/manifest-file.ts): an index whose incremental
 * builds wrote only what changed must load exactly the manifest an index whose every build wrote
 * it whole loads, across adds, edits, removals and a compaction; a damaged delta is refused by
 * name; and an index written before deltas still loads and is built on.
 */
import { appendFile, cp, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/lib/synth/index.js";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { IndexCorruptError } from "../../src/errors.js";
import { type BuildOptions, buildIndex } from "../../src/index/build.js";
import { fileStamp, settled } from "../../src/index/file-stamp.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "../../src/index/manifest.js";
import { currentGeneration, loadStoredIndex, readManifest, verifyGeneration } from "../../src/index/store.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const hashed = new HashedTfidfEmbeddings({ tokenizer, dimensions: 64 });
const chunking = { size: 300, overlap: 1 };

/**
 * The seed corpus and `generated` synthetic pages. With `settled`, the pages' times are set an
 * hour back, as an archive's are: the first build records their stamps (file-stamp.ts), so the
 * next does not record them all as changed.
 */
async function corpus(generated = 12, settled = false) {
  const dirs = await tempDirs();
  await generateCorpus({ pages: generated, seed: 9, outDir: join(dirs.root, "synthetic") });
  await cp(join(dirs.root, "synthetic"), join(dirs.corpusDir, "synthetic"), {
    recursive: true,
    filter: (src) => !src.endsWith(".jsonl"),
  });
  const all = (await readdir(dirs.corpusDir, { recursive: true })).map((f) => join(dirs.corpusDir, f));
  const hourAgo = new Date(Date.now() - 3_600_000);
  if (settled) for (const f of all) await utimes(f, hourAgo, hourAgo);
  return { ...dirs, pages: all.filter((f) => f.includes("/synthetic/") && f.endsWith(".txt")).sort() };
}

async function addPage(corpusDir: string, day: number): Promise<string> {
  const dir = join(corpusDir, "科技日报", `2021-06-${String(day).padStart(2, "0")}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "03.txt"), NEW_ZONE_PAGE.replace("衡水", `衡水${day}区`));
  return join(dir, "03.txt");
}

const build = (dirs: { corpusDir: string; indexDir: string }, extra: Partial<BuildOptions> = {}) =>
  buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0, ...extra });

/** What the live generation's manifest.json holds: a whole manifest, or a head naming base and deltas. */
async function head(indexDir: string) {
  const gen = (await currentGeneration(indexDir))!;
  const top = JSON.parse(await readFile(join(indexDir, gen, "manifest.json"), "utf8"));
  return { gen, deltas: (top.deltas ?? []) as { name: string; bytes: number }[], whole: !("base" in top) };
}

/** The live manifest as the bot loads it (every file checked first). */
async function loaded(indexDir: string): Promise<Manifest> {
  const stored = await loadStoredIndex(indexDir, hashed);
  stored.close();
  return stored.manifest;
}

/**
 * A manifest with what differs between two indexes built apart from the same pages taken out:
 * times and file stamps, and the random names of segments and the generations' part files
 * (numbered in the order the manifest lists them).
 */
function comparable(m: Manifest) {
  const names = new Map<string, string>();
  for (const [i, s] of m.segments.entries()) names.set(s.name, `segment ${i}`);
  for (const [i, f] of (m.parts?.dictionary ?? []).entries()) names.set(f, `dictionary part ${i}`);
  for (const [i, f] of (m.parts?.names ?? []).entries()) names.set(f, `names part ${i}`);
  const rename = (path: string) => {
    const [first, ...rest] = path.split("/");
    return [names.get(first!) ?? first, ...rest].join("/");
  };
  const { builtAt: _t, buildMs: _ms, ...rest } = m;
  return {
    ...rest,
    parts: m.parts && { dictionary: m.parts.dictionary.map(rename), names: m.parts.names.map(rename) },
    sources: m.sources.map(({ stamp: _s, ...s }) => ({ ...s, segment: s.segment && rename(s.segment) })),
    segments: m.segments.map((s) => ({ ...s, name: rename(s.name) })),
    files: Object.fromEntries(Object.entries(m.files).map(([f, { stamp: _s, ...sum }]) => [rename(f), sum])),
  };
}

/**
 * The stamps the two indexes cannot share, checked in each against the disk: a file's or a page's
 * recorded stamp is its stamp now, and an index file without one was written in the moments
 * before publishing (file-stamp.ts SETTLED_MS, with a quarter second's slack).
 */
async function expectStampsHold(dirs: { corpusDir: string; indexDir: string }, m: Manifest, what: string) {
  const gen = join(dirs.indexDir, (await currentGeneration(dirs.indexDir))!);
  for (const [file, sum] of Object.entries(m.files)) {
    const now = await fileStamp(join(gen, file));
    if (sum.stamp) expect(sum.stamp, `${what}: ${file}`).toBe(now);
    else expect(settled(now, Date.parse(m.builtAt) - 250), `${what}: ${file}`).toBeUndefined();
  }
  for (const s of m.sources)
    if (s.stamp)
      expect(s.stamp, `${what}: ${s.source}`).toBe(await fileStamp(join(dirs.corpusDir, s.source)));
}

describe("the manifest written as deltas", () => {
  it("loads exactly what a manifest written whole loads, across adds, edits, removals and a compaction", async () => {
    const dirs = await corpus();
    const deltas = { corpusDir: dirs.corpusDir, indexDir: join(dirs.root, "deltas") };
    const whole = { corpusDir: dirs.corpusDir, indexDir: join(dirs.root, "whole") };
    /** Builds both indexes; the one writing deltas must then have `chain` of them. */
    const step = async (what: string, chain: number, extra: Partial<BuildOptions> = {}) => {
      await build(deltas, extra);
      await build(whole, { ...extra, maxManifestDeltas: 0 });
      expect((await head(deltas.indexDir)).deltas.length, what).toBe(chain);
      expect((await head(whole.indexDir)).whole, what).toBe(true);
      const [mine, theirs] = [await loaded(deltas.indexDir), await loaded(whole.indexDir)];
      expect(comparable(mine), what).toEqual(comparable(theirs));
      await expectStampsHold(deltas, mine, what);
      await expectStampsHold(whole, theirs, what);
    };

    await step("a full build", 0);
    const base = await head(deltas.indexDir);
    // The full build's files settle (file-stamp.ts SETTLED_MS): the next build records their stamps.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await addPage(dirs.corpusDir, 1);
    await step("an issue added", 1);
    // The base is the full build's manifest, linked, not written again.
    const first = await head(deltas.indexDir);
    expect((await stat(join(deltas.indexDir, first.gen, "manifest-base.json"))).ino).toBe(
      (await stat(join(deltas.indexDir, base.gen, "manifest.json"))).ino,
    );

    await appendFile(dirs.pages[3]!, "\n（本报更正）\n");
    await step("a page edited", 2);
    await rm(dirs.pages[5]!);
    await step("a page removed", 3);
    await addPage(dirs.corpusDir, 2);
    await step("another issue added", 4);
    // Every segment with a deleted chunk falls due: published as a delta, compacted and written whole.
    await appendFile(dirs.pages[7]!, "\n（本报更正）\n");
    await step("a page edited, then compacted", 0, { compactAt: 0 });
    expect((await loaded(deltas.indexDir)).segments.every((s) => s.deleted.length === 0)).toBe(true);
    await addPage(dirs.corpusDir, 3);
    await step("an issue added after the compaction", 1);
    expect(await verifyGeneration(deltas.indexDir)).toBeUndefined();
  }, 120_000);

  it("writes for an added issue a delta a small part of the manifest's size", async () => {
    const dirs = await corpus(60, true);
    const full = await build(dirs);
    const baseBytes = (await stat(join(dirs.indexDir, full.generation, "manifest.json"))).size;
    await addPage(dirs.corpusDir, 1);
    await build(dirs);
    const { deltas } = await head(dirs.indexDir);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.bytes).toBeLessThan(baseBytes / 5);
  }, 60_000);

  it("writes the manifest whole again after the most deltas a generation may carry", async () => {
    const dirs = await corpus();
    await build(dirs);
    const chains: number[] = [];
    for (let day = 1; day <= 4; day++) {
      await addPage(dirs.corpusDir, day);
      await build(dirs, { maxManifestDeltas: 2 });
      chains.push((await head(dirs.indexDir)).deltas.length);
    }
    expect(chains).toEqual([1, 2, 0, 1]);
    const manifest = await loaded(dirs.indexDir);
    expect(manifest.sources.filter((s) => s.source.includes("2021-06-"))).toHaveLength(4);
  }, 60_000);

  it("refuses a damaged or missing delta, naming it and saying to run --full; a plain build rebuilds", async () => {
    const dirs = await corpus();
    await build(dirs);
    await addPage(dirs.corpusDir, 1);
    await build(dirs);
    const { gen, deltas } = await head(dirs.indexDir);
    const delta = join(dirs.indexDir, gen, deltas[0]!.name);
    const bytes = await readFile(delta);
    const intact = Buffer.from(bytes);
    bytes[10] = bytes[10]! ^ 0x01;
    await writeFile(delta, bytes);

    const named = new RegExp(
      `${gen}/${deltas[0]!.name} does not match its checksum.*npm run index -- --full`,
    );
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(IndexCorruptError);
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(named);
    await expect(verifyGeneration(dirs.indexDir)).rejects.toThrow(named);

    await rm(delta);
    await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toThrow(
      `${gen}/${deltas[0]!.name} cannot be read (ENOENT)`,
    );
    await writeFile(delta, intact);
    expect((await loaded(dirs.indexDir)).sources.some((s) => s.source.includes("2021-06-01"))).toBe(true);

    await rm(delta);
    const rebuilt = await build(dirs);
    expect(rebuilt.incremental).toBe(false);
    expect(rebuilt.repaired).toEqual([
      { file: `${gen}/${deltas[0]!.name}`, problem: "cannot be read (ENOENT)", pages: rebuilt.pages },
    ]);
    expect((await head(dirs.indexDir)).whole).toBe(true);
    expect((await loaded(dirs.indexDir)).sources.some((s) => s.source.includes("2021-06-01"))).toBe(true);
  }, 60_000);

  it("loads an index written before deltas (format 2), and builds a delta onto its manifest", async () => {
    const dirs = await corpus();
    await build(dirs);
    const old = (await currentGeneration(dirs.indexDir))!;
    const path = join(dirs.indexDir, old, "manifest.json");
    const manifest = JSON.parse(await readFile(path, "utf8")) as Manifest;
    await writeFile(path, JSON.stringify({ ...manifest, formatVersion: 2 }));
    expect((await loaded(dirs.indexDir)).formatVersion).toBe(2);

    await addPage(dirs.corpusDir, 1);
    const added = await build(dirs);
    expect(added).toMatchObject({ incremental: true, added: 1, embedded: expect.any(Number) });
    const { gen, deltas } = await head(dirs.indexDir);
    expect(deltas).toHaveLength(1);
    expect((await stat(join(dirs.indexDir, gen, "manifest-base.json"))).ino).toBe((await stat(path)).ino);
    const now = await readManifest(dirs.indexDir, gen);
    expect(now.formatVersion).toBe(INDEX_FORMAT_VERSION);
    expect(now.sources).toHaveLength(manifest.sources.length + 1);
  }, 60_000);
});
