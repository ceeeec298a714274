import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { PostingsBuilder } from "../../src/index/lexical.js";
import { createTokenizer } from "../../src/text/tokenizer.js";

const tokenizer = createTokenizer();
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("hashed TF-IDF embeddings", () => {
  const e = new HashedTfidfEmbeddings({ tokenizer, dimensions: 512 });

  it("is deterministic across instances and calls", async () => {
    const other = new HashedTfidfEmbeddings({ tokenizer: createTokenizer(), dimensions: 512 });
    const text = "清远高新区综合排名第96名，实现升级国家高新区以来排名连续5年稳步攀升。";
    expect(await e.embedQuery(text)).toEqual(await other.embedQuery(text));
    expect(await e.embedDocuments([text, text])).toEqual([
      await e.embedQuery(text),
      await e.embedQuery(text),
    ]);
  });

  it("returns unit vectors of the configured dimension", async () => {
    const v = await e.embedQuery("嘉兴秀洲高新区高新技术产业投资同比增长56.3%");
    expect(v).toHaveLength(512);
    expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
  });

  it("puts a question nearer the passage about its entity than one about another", async () => {
    const [q, right, wrong] = await e.embedDocuments([
      "清远高新区综合排名第几",
      "根据2020年度国家高新区评价结果，清远高新区综合排名第96名",
      "嘉兴秀洲高新区全面落实工作部署，全力以赴抓招商选资",
    ]);
    expect(dot(q!, right!)).toBeGreaterThan(dot(q!, wrong!));
  });

  it("embeds text with no content words without producing NaN", async () => {
    const v = await e.embedQuery("的了吗？");
    expect(v.every(Number.isFinite)).toBe(true);
  });

  it("makes the same vectors, bit for bit, from a segment's term ids and counts", () => {
    // Repeated words, a text of one word, one without any (a unit vector still), English and digits.
    const texts = [
      "清远高新区综合排名第96名，清远高新区实现升级国家高新区以来排名连续5年稳步攀升。",
      "高新区",
      "",
      "Zhongguancun Science Park 中关村软件园 2023年 增长 增长 增长",
      "嘉兴秀洲高新区高新技术产业投资同比增长56.3%，清远",
    ];
    const postings = new PostingsBuilder();
    const terms = e.termVectors();
    for (const text of texts) {
      const n = postings.add(tokenizer.tokens(text));
      const fast = terms.vector(postings.lastIds, postings.lastTfs, n, postings.termOf);
      expect(Buffer.from(fast.buffer)).toEqual(Buffer.from(e.vector(text).buffer));
    }
  });
});
