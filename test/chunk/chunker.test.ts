import { describe, expect, it } from "vitest";
import { chunkId, chunkPage, embeddingText } from "../../src/chunk/chunker.js";
import { splitSentences } from "../../src/chunk/sentences.js";
import type { Page } from "../../src/types.js";

const sentence = (i: number) => `第${i}句话讲的是清远高新区的第${i}件事情，内容不长。`;

function page(text: string, title = "清远高新区跑出创新发展加速度"): Page {
  return {
    source: "科技日报/2021-04/05.txt",
    meta: { paper: "科技日报", date: "2021-04-26", page: "5" },
    hash: "x",
    articles: [{ title, authors: [], kind: "article", text }],
  };
}

describe("sentence splitting", () => {
  it("keeps closing quotes with their sentence and treats unpunctuated lines as their own piece", () => {
    expect(splitSentences("“我们把整个产业链都放在了清远。”邱建华说。\n老与新\n今年2月，广东嘉博")).toEqual([
      "“我们把整个产业链都放在了清远。”",
      "邱建华说。",
      "老与新",
      "今年2月，广东嘉博",
    ]);
  });
});

describe("chunking", () => {
  const text = Array.from({ length: 30 }, (_, i) => sentence(i + 1)).join("");

  it("never cuts inside a sentence and stays within the size limit", () => {
    const chunks = chunkPage(page(text), { size: 100, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(100);
      expect(c.text).toMatch(/^第\d+句话/);
      expect(c.text.endsWith("。")).toBe(true);
    }
    expect(chunks.map((c) => c.text).join("")).toBe(text);
  });

  it("carries the previous sentence over when overlap is on", () => {
    const [a, b] = chunkPage(page(text), { size: 100, overlap: 1 });
    const lastOfA = splitSentences(a!.text).at(-1)!;
    expect(b!.text.startsWith(lastOfA)).toBe(true);
  });

  it("cuts a single over-long sentence, preferably after a comma", () => {
    const long = `${"很长的从句".repeat(20)}，${"另一个从句".repeat(20)}。`;
    const chunks = chunkPage(page(long), { size: 120, overlap: 0 });
    expect(chunks.length).toBe(2);
    expect(chunks[0]!.text.endsWith("，")).toBe(true);
    expect(chunks.map((c) => c.text).join("")).toBe(long);
  });

  it("gives every chunk its title, source, paper, date and page, and embeds the title", () => {
    const [c] = chunkPage(page(text), { size: 300, overlap: 0 });
    expect(c).toMatchObject({
      title: "清远高新区跑出创新发展加速度",
      source: "科技日报/2021-04/05.txt",
      paper: "科技日报",
      date: "2021-04-26",
      page: "5",
      article: 0,
      seq: 0,
    });
    expect(embeddingText(c!)).toMatch(/^清远高新区跑出创新发展加速度\n第1句话/);
  });

  it("leaves unknown metadata unknown", () => {
    const p = page(text);
    p.meta = {};
    const [c] = chunkPage(p, { size: 300, overlap: 0 });
    expect(c!.paper).toBeUndefined();
    expect(c!.date).toBeUndefined();
    expect(c!.page).toBeUndefined();
  });

  it("derives ids from content, so the same article from two files gets the same ids", () => {
    const a = chunkPage(page(text), { size: 100, overlap: 0 });
    const b = chunkPage({ ...page(text), source: "other/copy.txt" }, { size: 100, overlap: 0 });
    expect(a.map((c) => c.id)).toEqual(b.map((c) => c.id));
    expect(new Set(a.map((c) => c.id)).size).toBe(a.length);
    expect(chunkId("t", "x")).not.toBe(chunkId("t", "y"));
  });
});
