import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  authorsRight,
  loadRealPages,
  matchArticle,
  realSplitOf,
  scoreRealPages,
  titleRight,
} from "../../src/eval/real-pages.js";
import { foundArticle, goldArticle } from "./articles.js";

const gold = goldArticle;
const found = foundArticle;

const A = gold("甲地新建水厂投产", [
  "甲地新建水厂今日投产",
  "日供水能力十万吨",
  "惠及三十万居民",
  "总投资两亿元",
  "由市水务集团建设",
]);
const B = gold("乙县举办丰收节", ["乙县举办第三届丰收节", "吸引游客两万人次", "农产品销售额过千万"]);

describe("real-page scoring (the held-out rule)", () => {
  it("takes an article holding at least 80% of one true article's sentences", () => {
    const text = "甲地新建水厂今日投产。日供水能力十万吨，惠及三十万居民。总投资两亿元。";
    expect(matchArticle(found("", text), [A, B])).toBe(0); // 4 of 5 sentences
    expect(matchArticle(found("", "甲地新建水厂今日投产。日供水能力十万吨。"), [A, B])).toBeUndefined(); // 2 of 5
  });

  it("rejects an article that also holds more than 20% of another (two stories fused)", () => {
    const fused = `${A.sentences.join("。")}。${B.sentences[0]}。`; // all of A, 1 of 3 of B
    expect(matchArticle(found("", fused), [A, B])).toBeUndefined();
  });

  it("compares after NFKC with whitespace removed", () => {
    const g = gold("Ｘ", ["第１２届 论坛开幕", "与会者５００人", "会期两天"]);
    expect(matchArticle(found("", "第12届论坛开幕。与会者 500人。会期两天。"), [g])).toBe(0);
  });

  it("a title is right when it holds every printed line and is not much longer", () => {
    expect(titleRight(found("甲地新建水厂投产", ""), A)).toBe(true);
    expect(titleRight({ ...found("新闻速递", ""), subtitle: "甲地新建水厂投产" }, A)).toBe(true);
    expect(titleRight(found("甲地新建", ""), A)).toBe(false);
    // Twice the title's length + 4 is the most: a headline glued to a body line is wrong.
    expect(titleRight(found(`甲地新建水厂投产${"日供水能力十万吨惠及三十万居民".repeat(1)}`, ""), A)).toBe(
      false,
    );
  });

  it("authors must match as a set; null gold is not scored", () => {
    expect(authorsRight(found("", "", ["李明", "王芳"]), gold("t", [], ["王芳", "李明"]))).toBe(true);
    expect(authorsRight(found("", "", ["李明"]), gold("t", [], ["王芳", "李明"]))).toBe(false);
    expect(authorsRight(found("", "", ["任何人"]), gold("t", [], null))).toBeUndefined();
  });

  it("scores a page folder: precision over found, recall over true, titles over correct", () => {
    const dir = mkdtempSync(join(tmpdir(), "real-pages-"));
    mkdirSync(join(dir, "pages"));
    mkdirSync(join(dir, "gold"));
    writeFileSync(join(dir, "pages", "p1.txt"), "unused: the segmenter is passed in");
    writeFileSync(join(dir, "gold", "p1.json"), JSON.stringify([A, B]));
    const pages = loadRealPages(dir);
    expect(pages.map((p) => p.id)).toEqual(["p1"]);
    const segment = () => [
      found("甲地新建水厂投产", A.sentences.join("。")),
      found("图片说明", "无关的图片说明文字"),
    ];
    const score = scoreRealPages(pages, segment);
    expect(score).toMatchObject({
      expected: 2,
      predicted: 2,
      correct: 1,
      precision: 0.5,
      recall: 0.5,
      titleAccuracy: 1,
    });
    expect(score.misses.join("\n")).toContain("乙县举办丰收节");
  });

  it("splits pages into two stable halves", () => {
    const ids = Array.from({ length: 200 }, (_, i) => `rmrb-2019${i}`);
    const tune = ids.filter((id) => realSplitOf(id) === "tune").length;
    expect(tune).toBeGreaterThan(70);
    expect(tune).toBeLessThan(130);
    expect(realSplitOf("rmrb-20190202-07")).toBe(realSplitOf("rmrb-20190202-07"));
  });
});
