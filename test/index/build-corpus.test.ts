import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { chunkId } from "../../src/chunk/chunker.js";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
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

describe("metadata files in the corpus", () => {
  it("gives each page its folder's meta.json and its own .meta.json, whether read here or in workers", async () => {
    for (const workers of [0, 2]) {
      const dirs = await tempDirs();
      const issue = join(dirs.corpusDir, "科技日报", "2021-05-10");
      await mkdir(issue, { recursive: true });
      await writeFile(join(issue, "03.txt"), NEW_ZONE_PAGE);
      await writeFile(join(issue, "04.txt"), NEW_ZONE_PAGE.replace(/衡水/g, "邢台"));
      await writeFile(join(issue, "meta.json"), JSON.stringify({ date: "2021-05-11" }));
      await writeFile(join(issue, "04.meta.json"), JSON.stringify({ paper: "科技日报（海外版）", page: 9 }));
      await buildIndex({ ...dirs, embeddings, chunking, workers, full: true });
      const stored = await loadStoredIndex(dirs.indexDir, embeddings);
      const metaOf = (page: string) =>
        new Set(
          stored.chunks
            .filter((c) => c.source === `科技日报/2021-05-10/${page}`)
            .map((c) => `${c.paper}|${c.date}|${c.page}`),
        );
      expect(metaOf("03.txt")).toEqual(new Set(["科技日报|2021-05-11|3"]));
      expect(metaOf("04.txt")).toEqual(new Set(["科技日报（海外版）|2021-05-11|9"]));
      stored.close();
    }
  });
});

describe("removing a page whose content another page skipped", () => {
  /** The seed page, its articles again plus one of its own (`copy`), and an unrelated page. */
  async function corpusWithCopy() {
    const dirs = await tempDirs();
    // Read after the seed page (paths in code-point order), so the copy is the one that skips.
    const day = join(dirs.corpusDir, "科技日报", "2021-05-01");
    await mkdir(day, { recursive: true });
    const extra =
      "\n\n甲城举办青少年科普节\n\n本报讯 甲城青少年科普节日前开幕，三十多所学校的学生参加了机器人、无人机和航模等比赛项目，科普讲座吸引了上千名家长和孩子。\n";
    const copy = join(day, "05.txt");
    await writeFile(copy, (await readFile(SEED, "utf8")) + extra);
    const other = join(day, "06.txt");
    await writeFile(other, NEW_ZONE_PAGE);
    const first = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(first.duplicates).toBeGreaterThan(0);
    return { dirs, copy, other };
  }

  it("does not read again a page whose skipped articles no removed page held", async () => {
    const { dirs, other } = await corpusWithCopy();
    await rm(other);
    const after = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(after.removed).toBe(1);
    expect(after.embedded).toBe(0);
  });

  it("reads the copy again when the page it skipped goes, so its articles stay indexed", async () => {
    const { dirs } = await corpusWithCopy();
    const before = await loadStoredIndex(dirs.indexDir, embeddings);
    const chunksBefore =
      before.chunks.length -
      before.segments.reduce((n, s) => n + s.segment.deleted.filter(Boolean).length, 0);
    before.close();
    await rm(SEED.replace(REPO_CORPUS, dirs.corpusDir));
    const after = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(after.removed).toBe(1);
    expect(after.embedded).toBeGreaterThan(0);
    expect(after.chunks).toBe(chunksBefore);
    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(
      stored.chunks.some((c) => c.source === "科技日报/2021-05-01/05.txt" && c.text.includes("高新区")),
    ).toBe(true);
    stored.close();
  });

  it("clears what a killed build left in the spool, and builds from the pages alone", async () => {
    const { dirs, copy } = await corpusWithCopy();
    // A build killed while reading leaves its spool files; the next build's own batches are numbered
    // from 0 again, and must not read any line of the old ones.
    const stale = join(dirs.indexDir, ".spool");
    await mkdir(stale, { recursive: true });
    const bogus = JSON.stringify({
      id: "0000000000000000",
      title: "陈旧",
      source: "x",
      article: 0,
      seq: 0,
      text: "陈旧",
    });
    for (let b = 0; b < 4; b++) await writeFile(join(stale, `${b}.jsonl`), `${bogus}\n`.repeat(50));
    await buildIndex({ ...dirs, embeddings, chunking, workers: 2, full: true });
    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    expect(stored.chunks.some((c) => c.title === "陈旧")).toBe(false);
    expect(stored.chunks.filter((c) => c.source === relative(dirs.corpusDir, copy)).length).toBe(1);
    stored.close();
    expect(await readdir(dirs.indexDir)).not.toContain(".spool");
  });

  it("stores the copy's own article, and only it, whether the pages are read here or in workers", async () => {
    for (const workers of [0, 2]) {
      const { dirs, copy } = await corpusWithCopy();
      // Built again from scratch by this many workers: the chunks wait in a spool between reading and
      // the segment write, and the copy's skipped articles come before its own in that spool.
      const summary = await buildIndex({ ...dirs, embeddings, chunking, workers, full: true });
      expect(summary.duplicates).toBeGreaterThan(0);
      const stored = await loadStoredIndex(dirs.indexDir, embeddings);
      const source = relative(dirs.corpusDir, copy);
      const own = stored.chunks.filter((c) => c.source === source);
      expect(own.map((c) => c.title)).toEqual(["甲城举办青少年科普节"]);
      for (const c of stored.chunks) expect(c.id).toBe(chunkId(c.title, c.text));
      expect(new Set(stored.chunks.map((c) => c.source)).size).toBe(3);
      stored.close();
      expect(await readdir(dirs.indexDir)).not.toContain(".spool");
    }
  });
});

describe("a chain of skipped articles", () => {
  const article = (title: string, body: string) => `${title}\n\n本报讯 ${body}\n\n`;
  const A1 = article(
    "甲城新建三座公园",
    "甲城今年新建三座城市公园，总面积超过四十公顷，市民步行十分钟即可到达最近的公园。",
  );
  const X = article(
    "乙县茶叶喜获丰收",
    "乙县春茶采摘进入高峰期，全县茶园面积达到五万亩，预计茶农人均增收三千元以上。",
  );
  const C = article(
    "丙镇开通城乡公交",
    "丙镇开通五条城乡公交线路，覆盖全镇二十个行政村，村民进城最多只需四十分钟。",
  );

  it("reads again every page down the chain, so no article is lost", async () => {
    const dirs = await tempDirs();
    const day = join(dirs.corpusDir, "新区日报", "2031-02-01");
    await mkdir(day, { recursive: true });
    // Read in this order: 01 holds A1; 02 skips A1 and holds X; 03 skips X and holds C.
    await writeFile(join(day, "01.txt"), A1);
    await writeFile(join(day, "02.txt"), A1 + X);
    await writeFile(join(day, "03.txt"), X + C);
    const first = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(first.duplicates).toBe(2);

    await rm(join(day, "01.txt"));
    await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    const live = stored.chunks.filter((_, doc) => {
      const s = [...stored.segments].reverse().find((x) => x.base <= doc)!;
      return !s.segment.deleted[doc - s.base];
    });
    for (const fact of ["新建三座城市公园", "春茶采摘进入高峰期", "开通五条城乡公交线路"])
      expect(live.some((c) => c.text.includes(fact))).toBe(true);
    stored.close();
  });
});

describe("a chunk skipped as identical to another page's", () => {
  const LEAD =
    "丁市今年把老旧小区改造列为头号民生工程。全市共有一百二十个小区纳入改造计划，涉及居民三万多户。改造内容包括更换供水管网、加装电梯、整修屋面和外墙保温，还要新建一批停车位和充电桩。市住建局负责人介绍，改造前先开居民议事会，问需于民，一个小区一个方案。目前已有四十个小区完工，居民满意度调查显示九成以上住户表示满意。" +
    "改造资金由财政补助、居民自筹和社会资本共同承担，其中财政补助占六成。施工期间，各小区设立临时便民服务点，帮助老人出行和购物。" +
    "一些小区还利用边角空地建起了口袋公园和儿童游乐场，昔日杂乱的楼道变得整洁明亮，邻里关系也更加融洽。" +
    "为了让改造成果长期保持，丁市推动每个小区成立业主委员会，引入专业物业服务企业，并建立维修资金续筹机制。" +
    "社区党组织牵头组建志愿服务队，定期开展环境清扫和安全巡查。不少居民说，住了几十年的老房子，如今住出了新感觉。" +
    "市里还把改造与养老托育结合起来，在十多个小区建成了社区食堂和日间照料中心，让老人在家门口就能吃上热乎饭。";
  const page = (tail: string) => `丁市老旧小区焕新颜\n\n本报讯 ${LEAD}${tail}\n`;

  it("reads the page that skipped it again only when the page holding it goes", async () => {
    const dirs = await tempDirs();
    const day = join(dirs.corpusDir, "新区日报", "2031-03-01");
    await mkdir(day, { recursive: true });
    await writeFile(join(day, "01.txt"), page("下一步，丁市将把改造经验推广到周边县区。"));
    await writeFile(join(day, "02.txt"), page("与此同时，丁市还将启动背街小巷整治行动。"));
    await writeFile(join(day, "03.txt"), NEW_ZONE_PAGE);
    await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });

    await rm(join(day, "03.txt"));
    const unrelated = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(unrelated.embedded).toBe(0);

    await rm(join(day, "01.txt"));
    const holder = await buildIndex({ ...dirs, embeddings, chunking, workers: 0 });
    expect(holder.embedded).toBeGreaterThan(0);
    const stored = await loadStoredIndex(dirs.indexDir, embeddings);
    const live = stored.chunks.filter((_, doc) => {
      const s = [...stored.segments].reverse().find((x) => x.base <= doc)!;
      return !s.segment.deleted[doc - s.base];
    });
    expect(live.some((c) => c.text.includes("头号民生工程"))).toBe(true);
    stored.close();
  });
});
