/**
 * A damaged index is never served (issue 11, F3 and F4). The fixture index is large enough that its
 * vectors file is well over 16 MB, the size above which files used to be hashed only in the
 * background, after serving had begun: its vectors are 1024-d (the default is 512), which keeps the
 * fixture at 221 pages.
 */
import { cp, mkdtemp, open, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/lib/synth/index.js";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { IndexCorruptError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import type { Manifest } from "../../src/index/manifest.js";
import { MANIFEST } from "../../src/index/manifest-file.js";
import { loadStoredIndex, readManifest, verifyGeneration } from "../../src/index/store.js";
import { createQaService } from "../../src/qa/create-qa-service.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { memoryLogger } from "../support/memory-logger.js";
import { type ChildResult, runChild } from "../support/run-child.js";
import { REPO_CORPUS, testConfig } from "../support/seed-index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const tokenizer = createTokenizer();
const DIMENSIONS = 1024;
const embeddings = new HashedTfidfEmbeddings({ tokenizer, dimensions: DIMENSIONS });
const chunking = { size: 300, overlap: 1 };
const QUESTION = "德沃康项目一期占地多少亩？";

/** A copy of the fixture: the seed page plus 220 generated pages, indexed in one segment. */
let fixture: { corpusDir: string; indexDir: string };

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), "newsqa-damaged-"));
  const corpusDir = join(root, "corpus");
  await cp(REPO_CORPUS, corpusDir, { recursive: true });
  await generateCorpus({ pages: 220, seed: 5, outDir: join(root, "synthetic") });
  await cp(join(root, "synthetic"), join(corpusDir, "synthetic"), {
    recursive: true,
    filter: (src) => !src.endsWith(".jsonl"),
  });
  fixture = { corpusDir, indexDir: join(root, "index") };
  // In this thread, so the build makes one segment (workers would split it in two smaller ones).
  await buildIndex({ ...fixture, embeddings, chunking, tokenizer, workers: 0, onProgress: () => undefined });
}, 300_000);

async function copyFixture() {
  const root = await mkdtemp(join(tmpdir(), "newsqa-damaged-copy-"));
  const dirs = { corpusDir: join(root, "corpus"), indexDir: join(root, "index") };
  await cp(fixture.corpusDir, dirs.corpusDir, { recursive: true });
  await cp(fixture.indexDir, dirs.indexDir, { recursive: true });
  return dirs;
}

/** The live generation's largest file of the given name, as "gen/seg/name" and its full path. */
async function liveFile(indexDir: string, name: string) {
  const gen = (await readFile(join(indexDir, "CURRENT"), "utf8")).trim();
  let best: { rel: string; path: string; size: number } | undefined;
  for (const seg of (await readdir(join(indexDir, gen))).filter((e) => e.startsWith("seg-"))) {
    const path = join(indexDir, gen, seg, name);
    const { size } = await stat(path);
    if (!best || size > best.size) best = { rel: `${gen}/${seg}/${name}`, path, size };
  }
  return best!;
}

/** Pages whose chunks live in the segment holding `rel` (gen/seg/file): what a repair re-reads. */
async function pagesIn(indexDir: string, rel: string): Promise<number> {
  const [gen, seg] = rel.split("/") as [string, string];
  const manifest = await readManifest(indexDir, gen);
  return manifest.sources.filter((s) => s.segment === seg).length;
}

/** Inverts `length` bytes in the middle of a file, in place, keeping its size. */
async function flipMiddle(path: string, length: number) {
  const handle = await open(path, "r+");
  try {
    const { size } = await handle.stat();
    const at = Math.max(0, (size >> 1) - (length >> 1));
    const buf = Buffer.alloc(Math.min(length, size));
    await handle.read(buf, 0, buf.length, at);
    for (let i = 0; i < buf.length; i++) buf[i] = buf[i]! ^ 0xff;
    await handle.write(buf, 0, buf.length, at);
  } finally {
    await handle.close();
  }
}

function run(args: string[]): Promise<ChildResult> {
  return runChild(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    // The CLI must build with the fixture's settings, or it rebuilds everything instead of repairing.
    env: {
      ...process.env,
      LOG_LEVEL: "silent",
      EMBEDDING_DIMENSIONS: String(DIMENSIONS),
      CHUNK_SIZE: String(chunking.size),
    },
  });
}

describe("a damaged index", () => {
  it("is refused before the first answer, naming the file; a plain re-index repairs it", async () => {
    const dirs = await copyFixture();
    const vectors = await liveFile(dirs.indexDir, "vectors.hnsw");
    expect(vectors.size).toBeGreaterThan(16 << 20);
    const pages = await pagesIn(dirs.indexDir, vectors.rel);
    expect(pages).toBe(221);
    await flipMiddle(vectors.path, 1 << 20);

    const ask = ["src/cli/main.ts", "ask", "--index", dirs.indexDir, "--corpus", dirs.corpusDir, QUESTION];
    const refused = await run(ask);
    expect(refused.signal).toBeNull();
    expect(refused.code).toBe(1);
    expect(refused.out).toBe("");
    expect(refused.err).toContain(`${vectors.rel} does not match its checksum`);
    expect(refused.err).toContain("Rebuild it with: npm run index");

    const index = ["scripts/build-index.ts", "--index", dirs.indexDir, "--corpus", dirs.corpusDir];
    const repaired = await run(index);
    expect(repaired.code).toBe(0);
    expect(repaired.out).toMatch(/0 unchanged/);
    expect(repaired.out).toContain(
      `Repaired: ${vectors.rel} does not match its checksum; rebuilt from 221 page(s)`,
    );
    const verified = await run([...index, "--verify"]);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain("is intact");

    const answered = await run(ask);
    expect(answered.code).toBe(0);
    expect(answered.out).toContain("158");
  }, 300_000);

  it("is rebuilt by a plain build when postings were damaged, and then verifies", async () => {
    const dirs = await copyFixture();
    const postings = await liveFile(dirs.indexDir, "lexical.bin");
    await flipMiddle(postings.path, 64);

    const summary = await buildIndex({
      ...dirs,
      embeddings,
      chunking,
      tokenizer,
      onProgress: () => undefined,
    });
    expect(summary.repaired).toEqual([
      { file: postings.rel, problem: "does not match its checksum", pages: 221 },
    ]);
    expect(summary.unchanged).toBe(0);
    expect(summary.chunks).toBeGreaterThan(4000);
    expect(await verifyGeneration(dirs.indexDir)).toBeUndefined();
    // The next build finds nothing to repair and reuses everything.
    const again = await buildIndex({ ...dirs, embeddings, chunking, tokenizer, onProgress: () => undefined });
    expect(again.repaired).toEqual([]);
    expect(again.unchanged).toBe(221);
    expect(again.embedded).toBe(0);
  }, 300_000);

  it("fails to load with an error naming the damaged file, before hnswlib reads it", async () => {
    const dirs = await copyFixture();
    const vectors = await liveFile(dirs.indexDir, "vectors.hnsw");
    await flipMiddle(vectors.path, 4096);
    const load = loadStoredIndex(dirs.indexDir, embeddings);
    await expect(load).rejects.toThrow(IndexCorruptError);
    await expect(load).rejects.toThrow(`${vectors.rel} does not match its checksum`);
  }, 120_000);

  it("published while the bot runs, is not loaded: the bot keeps answering from the old one", async () => {
    const dirs = await copyFixture();
    const { logger, lines } = memoryLogger();
    const qa = await createQaService({
      config: testConfig(dirs, {
        EMBEDDING_DIMENSIONS: String(DIMENSIONS),
        CHUNK_SIZE: String(chunking.size),
      }),
      logger,
    });
    const before = qa.status();

    // Another builder's generation, damaged before it is published (as a disk fault would).
    const other = await copyFixture();
    await writeFile(
      join(other.corpusDir, "synthetic", "extra.txt"),
      "本报讯 近日，衡水高新区举行重点项目签约仪式，共有27个重点项目签约，总投资达86亿元。\n\n衡水高新区27个重点项目签约\n",
    );
    const built = await buildIndex({
      ...other,
      embeddings,
      chunking,
      tokenizer,
      onProgress: () => undefined,
    });
    await flipMiddle((await liveFile(other.indexDir, "vectors.hnsw")).path, 1 << 20);
    await cp(join(other.indexDir, built.generation), join(dirs.indexDir, built.generation), {
      recursive: true,
    });
    await writeFile(join(dirs.indexDir, "CURRENT.tmp"), built.generation);
    await rename(join(dirs.indexDir, "CURRENT.tmp"), join(dirs.indexDir, "CURRENT"));

    for (let i = 0; i < 600 && !lines.some((l) => l.includes("could not load the new index generation")); i++)
      await new Promise((r) => setTimeout(r, 50));
    const refusal = lines.find((l) => l.includes("could not load the new index generation"));
    expect(refusal).toContain(`${built.generation}/`);
    expect(refusal).toContain("vectors.hnsw does not match its checksum");
    expect(qa.status()).toEqual(before);
    expect((await qa.ask(QUESTION)).answer).toContain("158");
  }, 300_000);

  it("is checked at load by the CRC-32 the manifest records for every file, equal to the file's own", async () => {
    const gen = (await readFile(join(fixture.indexDir, "CURRENT"), "utf8")).trim();
    const manifest = await readManifest(fixture.indexDir, gen);
    const names = Object.keys(manifest.files);
    expect(names.some((n) => n.endsWith("vectors.hnsw"))).toBe(true);
    for (const name of names)
      expect(manifest.files[name]!.crc32, name).toBe(
        crc32(await readFile(join(fixture.indexDir, gen, name))),
      );
  }, 60_000);

  it("written before CRCs were recorded, still loads by sha256 and still refuses a damaged file", async () => {
    const dirs = await copyFixture();
    const gen = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
    const manifestPath = join(dirs.indexDir, gen, MANIFEST);
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
    for (const sum of Object.values(manifest.files)) delete sum.crc32;
    await writeFile(manifestPath, JSON.stringify(manifest));
    const loaded = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(loaded.chunks.length).toBeGreaterThan(0);
    loaded.close();

    const vectors = await liveFile(dirs.indexDir, "vectors.hnsw");
    await flipMiddle(vectors.path, 4096);
    const load = loadStoredIndex(dirs.indexDir, embeddings);
    await expect(load).rejects.toThrow(`${vectors.rel} does not match its checksum`);
  }, 120_000);
});
