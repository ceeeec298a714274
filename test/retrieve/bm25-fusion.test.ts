import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/index/bm25.js";
import { reciprocalRankFusion } from "../../src/retrieve/fusion.js";

describe("BM25", () => {
  it("ranks the document with the rare query term first and skips documents without any", () => {
    const bm = new Bm25Index();
    bm.add(["清远", "高新区", "排名"]);
    bm.add(["嘉兴", "高新区", "投资"]);
    bm.add(["扬州", "高新区", "开工"]);
    const hits = bm.search(["嘉兴", "高新区"], 3);
    expect(hits[0]!.doc).toBe(1);
    expect(bm.search(["保定"], 3)).toEqual([]);
    expect(bm.idf("嘉兴")).toBeGreaterThan(bm.idf("高新区"));
  });
});

describe("reciprocal rank fusion", () => {
  it("rewards documents that both lists rank high", () => {
    const fused = reciprocalRankFusion([
      [1, 2, 3],
      [3, 1, 4],
    ]);
    const order = [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
    expect(order[0]).toBe(1);
    expect(order.indexOf(3)).toBeLessThan(order.indexOf(2));
    expect(order.at(-1)).toBe(4);
  });
});
