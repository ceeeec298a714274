import { describe, expect, it } from "vitest";
import { createTokenizer } from "../../src/text/tokenizer.js";

describe("the tokenizer", () => {
  it("keeps words the corpus taught it whole", () => {
    const t = createTokenizer();
    expect(t.tokens("秀洲高新区管委会")).not.toContain("秀洲高新区");
    t.addWords(["秀洲高新区"]);
    expect(t.tokens("秀洲高新区管委会")).toContain("秀洲高新区");
  });

  it("pairs the characters of a name jieba does not know, so the name can be searched", () => {
    const t = createTokenizer();
    expect(t.tokens("鹍远癌症早筛项目")).toContain("鹍远");
    expect(t.contentWords("鹍远癌症早筛项目")).toContain("鹍远");
  });

  it("reads 和 after a lone character as part of a name, and between words as a conjunction", () => {
    const t = createTokenizer();
    expect(t.tokens("盛和工业机器人产业化基地项目")).toContain("盛和");
    expect(t.contentWords("谁是昊和智能制造研究院的院长？")).toContain("昊和");
    expect(t.contentWords("清远高新区和中关村软件园")).toEqual(["清远", "高新区", "中关村", "软件园"]);
  });

  it("ends a name at a space or punctuation", () => {
    const t = createTokenizer();
    expect(t.contentWords("创新园 总建筑面积")).not.toContain("园总");
  });

  it("folds full-width letters and digits, and leaves out punctuation and stopwords", () => {
    const t = createTokenizer();
    expect(t.tokens("ＧＤＰ增长５％")).toEqual(expect.arrayContaining(["gdp", "增长"]));
    expect(t.tokens("的，。")).toEqual([]);
  });

  it("tokenises a printed symbol as its spelled-out form, so either finds the other", () => {
    const t = createTokenizer();
    expect(t.tokens("启动Ⅳ级应急响应")).toEqual(t.tokens("启动IV级应急响应"));
    expect(t.tokens("最高气温40℃")).toEqual(t.tokens("最高气温40°C"));
    expect(t.contentWords("启动Ⅳ级应急响应")).toEqual(t.contentWords("启动IV级应急响应"));
  });
});
