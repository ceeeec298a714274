import { describe, expect, it } from "vitest";
import type { GoldArticle } from "../../src/eval/real-pages.js";
import { pageErrors } from "../../src/eval/segment-errors.js";
import type { Article } from "../../src/types.js";
import { foundArticle, goldArticle } from "./articles.js";

// Three short true articles, written for this test.
const gold = (title: string, sentences: string[]) => goldArticle(title, sentences);
const found = (text: string, kind: Article["kind"] = "article") => foundArticle("", text, [], kind);
const A = gold("甲地新建水厂投产", [
  "甲地新建水厂今日投产",
  "日供水能力十万吨",
  "惠及三十万居民",
  "总投资两亿元",
]);
const B = gold("乙县举办丰收节", [
  "乙县举办第三届丰收节",
  "吸引游客两万人次",
  "农产品销售额过千万",
  "活动持续三天",
]);
const C = gold("丙镇修通山路", ["丙镇修通最后一段山路", "全长十二公里", "村民出行时间缩短一半"]);
const textOf = (g: GoldArticle, from = 0, to = g.sentences.length) =>
  `${g.sentences.slice(from, to).join("。")}。`;

describe("pageErrors", () => {
  it("finds nothing wrong when each true article is found once", () => {
    expect(pageErrors([A, B, C], [found(textOf(A)), found(textOf(B)), found(textOf(C))])).toEqual({
      missed: [],
      spurious: 0,
    });
  });

  it("calls two true articles in one segmented article merged, and a true article in pieces split", () => {
    const errors = pageErrors(
      [A, B, C],
      [found(textOf(A) + textOf(B)), found(textOf(C, 0, 1)), found(textOf(C, 1))],
    );
    expect(errors.missed.map((m) => [m.title, m.kind])).toEqual([
      ["甲地新建水厂投产", "merged"],
      ["乙县举办丰收节", "merged"],
      ["丙镇修通山路", "split"],
    ]);
    expect(errors.missed[2]!.shares.map((s) => s.toFixed(2))).toEqual(["0.33", "0.67"]);
    // Nothing matches: the merged one holds two articles, the pieces too little of one.
    expect(errors.spurious).toBe(3);
  });

  it("calls a true article lost when at most one segmented article holds any of it, and counts captions out", () => {
    const errors = pageErrors([A, B], [found(textOf(A)), found(textOf(B), "caption")]);
    expect(errors.missed).toEqual([{ title: "乙县举办丰收节", kind: "lost", shares: [] }]);
    expect(errors.spurious).toBe(0);
  });
});
