/**
 * EMBEDDINGS=lsa end to end: a full build fits the projection and stores it in the generation,
 * incremental builds embed new pages with the stored one, --full refits, and an index whose
 * projection is gone or damaged says to rebuild with --full.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LsaEmbeddings } from "../../src/embed/lsa-embeddings.js";
import { decodeProjection } from "../../src/embed/lsa-projection.js";
import { LsaProjectionError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import { currentGeneration, loadStoredIndex, readManifest } from "../../src/index/store.js";
import { createLogger } from "../../src/logger.js";
import { createQaService } from "../../src/qa/create-qa-service.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { tempDirs, testConfig } from "../support/seed-index.js";

const chunking = { size: 300, overlap: 1 };

async function addPage(corpusDir: string, text: string) {
  const dir = join(corpusDir, "科技日报", "2021-05-10");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "03.txt"), text);
}

async function liveProjection(indexDir: string) {
  const gen = (await currentGeneration(indexDir))!;
  const manifest = await readManifest(indexDir, gen);
  return { gen, manifest, bytes: await readFile(join(indexDir, gen, "lsa.bin")) };
}

describe("an LSA index (EMBEDDINGS=lsa)", () => {
  it("answers with vectors from the projection its build fitted", async () => {
    const dirs = await tempDirs();
    try {
      const qa = await createQaService({
        config: testConfig(dirs, { EMBEDDINGS: "lsa", EMBEDDING_DIMENSIONS: "32" }),
        logger: createLogger("silent"),
      });
      const { manifest } = await liveProjection(dirs.indexDir);
      expect(manifest.embedder).toMatchObject({ id: "lsa-v1", dimensions: 32 });
      expect(manifest.files["lsa.bin"]).toBeDefined();
      const answer = await qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？");
      expect(answer.answer).toContain("第96名");
      const near = await qa.nearest(await qa.embeddings.embedQuery("清远高新区 国家高新区评价 综合排名"), 3);
      expect(near).toHaveLength(3);
      expect(near[0]!.similarity).toBeGreaterThan(0.5);
    } finally {
      await rm(dirs.root, { recursive: true, force: true });
    }
  });

  it("embeds added pages with the stored projection, and refits only on --full", async () => {
    for (const workers of [0, 2]) {
      const dirs = await tempDirs();
      try {
        const embeddings = new LsaEmbeddings({ tokenizer: createTokenizer(), dimensions: 32 });
        const build = (full = false) => buildIndex({ ...dirs, embeddings, chunking, workers, full });
        const first = await build();
        const fitted = await liveProjection(dirs.indexDir);

        await addPage(dirs.corpusDir, NEW_ZONE_PAGE);
        const added = await build();
        expect(added).toMatchObject({ added: 1, incremental: true });
        expect(added.embedded).toBeLessThan(first.chunks);
        const kept = await liveProjection(dirs.indexDir);
        expect(kept.gen).not.toBe(fitted.gen);
        expect(kept.bytes.equals(fitted.bytes)).toBe(true);
        expect(kept.manifest.files["lsa.bin"]).toEqual(fitted.manifest.files["lsa.bin"]);
        // The new page is found through the index's own projection.
        const stored = await loadStoredIndex(dirs.indexDir, embeddings);
        const query = embeddings.withProjection(stored.projection!);
        const hits = stored.hnsw.searchKnn(await query.embedQuery("27个 园区"), 3).neighbors;
        expect(hits.length).toBeGreaterThan(0);
        stored.close();

        const refit = await build(true);
        expect(refit.incremental).toBe(false);
        const after = await liveProjection(dirs.indexDir);
        // Fitted on every chunk, the new page's too: a different projection.
        expect(after.bytes.equals(kept.bytes)).toBe(false);
        const fittedOn = (b: Buffer) => decodeProjection(b, "test").fittedOn;
        expect(fittedOn(after.bytes)).toBeGreaterThan(fittedOn(fitted.bytes));
      } finally {
        await rm(dirs.root, { recursive: true, force: true });
      }
    }
  });

  it("says to rebuild with --full when the projection is missing or damaged", async () => {
    const dirs = await tempDirs();
    try {
      const embeddings = new LsaEmbeddings({ tokenizer: createTokenizer(), dimensions: 16 });
      await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
      const { gen, bytes } = await liveProjection(dirs.indexDir);
      const file = join(dirs.indexDir, gen, "lsa.bin");

      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 3]! ^= 0xff;
      await writeFile(file, flipped);
      const damaged = loadStoredIndex(dirs.indexDir, embeddings);
      await expect(damaged).rejects.toBeInstanceOf(LsaProjectionError);
      await expect(loadStoredIndex(dirs.indexDir, embeddings)).rejects.toThrow(/npm run index -- --full/);

      await rm(file);
      await expect(loadStoredIndex(dirs.indexDir, embeddings)).rejects.toThrow(/lsa\.bin.*missing.*--full/);
      // An embedder that was never given a projection cannot embed, and says why.
      await expect(embeddings.embedQuery("高新区")).rejects.toBeInstanceOf(LsaProjectionError);

      // A build over the damaged generation cannot reuse it: it fits a new projection.
      const rebuilt = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
      expect(rebuilt.incremental).toBe(false);
      const stored = await loadStoredIndex(dirs.indexDir, embeddings);
      expect(stored.projection?.k).toBe(16);
      stored.close();
    } finally {
      await rm(dirs.root, { recursive: true, force: true });
    }
  });
});
