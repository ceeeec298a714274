import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { REPO_CORPUS, tempDirs } from "../support/seed-index.js";

const embeddings = new HashedTfidfEmbeddings({ tokenizer: createTokenizer(), dimensions: 256 });
const chunking = { size: 300, overlap: 1 };
const SEED = join(REPO_CORPUS, "科技日报", "2021-04", "000_f28b1bf4d582b9a4.txt");
const GB18030 = join(import.meta.dirname, "..", "fixtures", "pages", "gb18030-page.txt");

describe("indexing a corpus with bad files in it", () => {
  it("skips empty, binary and other unreadable pages with a reason each, and indexes the rest", async () => {
    const dirs = await tempDirs();
    const bad = join(dirs.corpusDir, "bad");
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, "empty.txt"), "");
    await writeFile(join(bad, "junk.txt"), Buffer.from([0, 1, 2, 255, 254, 0, 0, 7, 8, 9, 0, 3, 4, 5, 0, 0]));
    await copyFile(GB18030, join(bad, "gb18030.txt"));

    const summary = await buildIndex({ ...dirs, embeddings, chunking });
    expect(summary.failed.map((f) => f.source).sort()).toEqual(["bad/empty.txt", "bad/junk.txt"]);
    for (const f of summary.failed) expect(f.reason.length).toBeGreaterThan(15);
    expect(summary.pages).toBe(2); // the seed and the GB18030 page

    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(stored.manifest.failed).toHaveLength(2);
    expect(stored.chunks.some((c) => c.source === "bad/gb18030.txt")).toBe(true);
    const gbText = stored.chunks
      .filter((c) => c.source === "bad/gb18030.txt")
      .map((c) => c.text)
      .join("");
    expect(gbText).toMatch(/[\u4e00-\u9fff]{4}/);
    expect(gbText).not.toContain("\ufffd");
  });

  it("indexes the same article once when it arrives twice, and says so", async () => {
    const dirs = await tempDirs();
    const copyDir = join(dirs.corpusDir, "科技日报", "2021-04-27");
    await mkdir(copyDir, { recursive: true });
    // The same page again, with different line breaks and spacing, as another export would give.
    const reflowed = (await readFile(SEED, "utf8")).replace(/\n\n/g, "\n");
    await writeFile(join(copyDir, "05.txt"), reflowed);

    const once = await buildIndex({ ...(await tempDirs()), embeddings, chunking });
    const twice = await buildIndex({ ...dirs, embeddings, chunking });
    expect(twice.pages).toBe(2);
    expect(twice.duplicates).toBe(once.articles);
    expect(twice.chunks).toBe(once.chunks);
  });
});
