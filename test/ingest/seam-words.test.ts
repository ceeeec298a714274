/**
 * A line break inside a word ties the two lines into one sentence (src/ingest/seam-words.ts): a
 * body's first line that stops short without punctuation is not a second headline line when its
 * last word runs on into the line under it. The stories are written for these tests.
 */
import { describe, expect, it } from "vitest";
import { releaseSeamWords, wordAcross } from "../../src/ingest/seam-words.js";
import { segmentPage } from "../../src/ingest/segment.js";

describe("wordAcross", () => {
  it("finds a word the break cuts in two", () => {
    expect(wordAcross("县文化和旅游局3月2日发", "布消息，县图书馆将延长")).toBe(true);
    expect(wordAcross("却足以反映出治", "理者是否真正以民生为重")).toBe(true);
  });

  it("finds none where the break falls between words or after a full stop", () => {
    expect(wordAcross("“厕所革命”是一项系统工程", "不久前，国家有关部门发布")).toBe(false);
    expect(wordAcross("让群众在家门口就业。", "业内人士认为")).toBe(false);
    expect(wordAcross("", "布消息")).toBe(false);
  });

  it("answers the same after a build worker lets its segmenter go", () => {
    releaseSeamWords();
    expect(wordAcross("县文化和旅游局3月2日发", "布消息")).toBe(true);
    expect(wordAcross("是一项系统工程", "不久前")).toBe(false);
  });

  it("ignores spaces the extraction put inside the text", () => {
    expect(wordAcross("县文化和旅游局3月2日 发", " 布消息")).toBe(true);
  });
});

describe("a body's first line that breaks inside a word", () => {
  // A credit closes the story above, so every unpunctuated line after it may open a headline block:
  // only the word running on (借阅图 / 书) keeps 为了方便居家的读者借阅图 out of it.
  const page = [
    ["县城图书馆成了热门去处", ""],
    [
      "走进位于县城东头的新图书",
      "馆，阅览室里坐满了前来看",
      "书的居民，孩子们在绘本区",
      "安静地翻看图画书。馆长李",
    ],
    [
      "红梅告诉记者，图书馆去年",
      "接待读者二十多万人次，比",
      "前年翻了一番。",
      "（作者为某县文化馆馆员）",
      "",
    ],
    ["线上阅读课", ""],
    [
      "为了方便居家的读者借阅图",
      "书，县图书馆从下周起开通",
      "线上借阅服务，读者在手机",
      "上就能预约图书，快递送到",
    ],
    ["家门口。", "李红梅摄"],
  ]
    .flat()
    .join("\n");

  it("stays in the body, under the headline above it", () => {
    const articles = segmentPage(page).filter((a) => a.kind === "article");
    expect(articles.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "线上阅读课"]);
    expect(articles[1]!.text.replace(/\s/g, "")).toMatch(/^为了方便居家的读者借阅图书，县图书馆/);
  });
});
