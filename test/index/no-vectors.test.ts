/**
 * EMBEDDINGS=none: an index of postings and chunks without vectors, searched by BM25 alone. It is
 * built (in workers and in-process), extended, edited and compacted like any other, and answers.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { NoEmbeddings, NoVectorsError } from "../../src/embed/no-embeddings.js";
import { IndexMismatchError } from "../../src/errors.js";
import { buildIndex } from "../../src/index/build.js";
import { currentGeneration, loadStoredIndex, readManifest } from "../../src/index/store.js";
import { createLogger } from "../../src/logger.js";
import { createQaService } from "../../src/qa/create-qa-service.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { tempDirs, testConfig } from "../support/seed-index.js";

const chunking = { size: 300, overlap: 1 };
const none = new NoEmbeddings();

async function addPage(corpusDir: string, text: string) {
  const dir = join(corpusDir, "科技日报", "2021-05-10");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "03.txt"), text);
}

describe("an index without vectors (EMBEDDINGS=none)", () => {
  it("answers from BM25 alone, and says what to set when vectors are asked for", async () => {
    const dirs = await tempDirs();
    try {
      const qa = await createQaService({
        config: testConfig(dirs, { EMBEDDINGS: "none" }),
        logger: createLogger("silent"),
      });
      const manifest = await readManifest(dirs.indexDir, (await currentGeneration(dirs.indexDir))!);
      expect(manifest.embedder.id).toBe("none");
      const answer = await qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？");
      expect(answer.abstained).toBe(false);
      expect(answer.answer).toContain("第96名");
      await expect(qa.nearest([1], 3)).rejects.toBeInstanceOf(NoVectorsError);
      await expect(qa.embeddings.embedQuery("高新区")).rejects.toThrow(/EMBEDDINGS=hashed/);
      // The hashed embedder does not load it: the vectors it would search are not there.
      const hashed = new HashedTfidfEmbeddings({ tokenizer: createTokenizer() });
      await expect(loadStoredIndex(dirs.indexDir, hashed)).rejects.toBeInstanceOf(IndexMismatchError);
    } finally {
      await rm(dirs.root, { recursive: true, force: true });
    }
  });

  it("adds, edits and compacts pages in workers and in-process, and finds the new text", async () => {
    for (const workers of [0, 2]) {
      const dirs = await tempDirs();
      try {
        const build = () => buildIndex({ ...dirs, embeddings: none, chunking, workers, compactAt: 0 });
        const first = await build();
        await addPage(dirs.corpusDir, NEW_ZONE_PAGE);
        const added = await build();
        expect(added).toMatchObject({ added: 1, incremental: true });
        await addPage(dirs.corpusDir, NEW_ZONE_PAGE.replaceAll("27个", "31个"));
        // compactAt 0: the edited page's old chunks are dropped by rewriting its segment.
        const edited = await build();
        expect(edited).toMatchObject({ changed: 1, chunks: added.chunks });
        expect(edited.chunks).toBeGreaterThan(first.chunks);
        const qa = await createQaService({
          config: testConfig(dirs, { EMBEDDINGS: "none" }),
          logger: createLogger("silent"),
        });
        const passages = await qa.retrieve("衡水高新区重点项目签约", { k: 5 });
        const texts = passages
          .filter((p) => p.source.includes("2021-05-10"))
          .map((p) => p.text)
          .join("");
        expect(texts).toContain("31个");
        expect(texts).not.toContain("27个");
      } finally {
        await rm(dirs.root, { recursive: true, force: true });
      }
    }
  });
});
