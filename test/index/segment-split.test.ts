import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { openSearchIndex } from "../../src/index/search-index.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createRetriever } from "../../src/retrieve/retriever.js";
import { createTokenizer } from "../../src/text/tokenizer.js";

const tokenizer = createTokenizer();
const hashed = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });
const chunking = { size: 300, overlap: 1 };

/** A page of two short stories about one city's zones: two chunks. */
function twoStoryPage(city: string): string {
  return [
    `本报讯（记者 王明）近日，${city}高新区举行重点项目签约仪式，`,
    "共有27个重点项目签约，总投资达86亿元。",
    `${city}高新区管委会主任表示，将持续优化营商环境。`,
    "",
    `${city}高新区27个重点项目签约`,
    "",
    `本报讯（记者 李华）${city}经开区日前发布人才新政，`,
    "对引进的高层次人才给予最高500万元安家补贴。",
    "",
    `${city}经开区发布人才新政`,
  ].join("\n");
}

describe("a build's new segments", () => {
  it("are as many as the segment size asks for, cut where the chunks divide evenly, with no remainder segment", async () => {
    const root = await mkdtemp(join(tmpdir(), "newsqa-split-"));
    const corpusDir = join(root, "corpus");
    const indexDir = join(root, "index");
    const cities = ["衡水", "邢台", "沧州"];
    for (const [i, city] of cities.entries()) {
      const dir = join(corpusDir, "科技日报", `2021-05-1${i}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "01.txt"), twoStoryPage(city));
    }
    // Half the chunks each, as a build split for two workers asks. Filling each segment up to
    // the size in turn made three segments of two chunks (two pages never fit in three).
    const summary = await buildIndex({
      corpusDir,
      indexDir,
      embeddings: hashed,
      chunking,
      workers: 0,
      segmentSize: 3,
    });
    expect(summary.chunks).toBe(6);
    const stored = await loadStoredIndex(indexDir, hashed);
    expect(stored.manifest.segments.map((s) => s.chunks)).toEqual([4, 2]);
    // Each page's chunks are found where its entry says they are.
    const retriever = createRetriever(openSearchIndex(stored, tokenizer), hashed, tokenizer);
    for (const [i, city] of cities.entries()) {
      const [top] = await retriever.retrieve(`${city}经开区人才新政安家补贴`, 1);
      expect(top?.source).toBe(`科技日报/2021-05-1${i}/01.txt`);
      expect(top?.text).toContain(`${city}经开区`);
    }
    stored.close();
  });
});
