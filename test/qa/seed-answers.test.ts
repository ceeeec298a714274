import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { QaService } from "../../src/types.js";
import { seedQaService } from "../support/seed-index.js";

let qa: QaService;
beforeAll(async () => {
  qa = await seedQaService();
});

describe("answers on the seed page (offline defaults)", () => {
  it("answers a ranking question with the cited passage", async () => {
    const a = await qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？");
    expect(a.abstained).toBe(false);
    expect(a.answer).toContain("96");
    expect(a.answer).toMatch(/\[1\]/);
    expect(a.citations[0]!.text).toContain("综合排名第96名");
    expect(a.citations[0]!.title).toContain("清远高新区");
    expect(a.citations[0]!.paper).toBe("科技日报");
    expect(a.answerer).toBe("extractive");
  });

  it.each([
    ["广东聚石化学股份有限公司的总经理是谁？", "杨正高", "总经理杨正高"],
    ["德沃康项目一期占地多少亩？", "158", "占地158亩"],
    ["自贸区海淀组团新增了多少家企业？", "395", "新增企业395家"],
    ["邱建华是哪一年从美国留学回国的？", "2017", "2017年，邱建华从美国留学回国"],
    ["保定中关村数字经济产业园总建筑面积是多少？", "16万平方米", "总建筑面积16万平方米"],
  ])("answers %s", async (question, fact, evidence) => {
    const a = await qa.ask(question);
    expect(a.abstained).toBe(false);
    expect(a.answer).toContain(fact);
    expect(a.citations.some((c) => c.text.includes(evidence))).toBe(true);
  });

  it("answers an English ranking question offline, the ordinal in its first sentence", async () => {
    const a = await qa.ask(
      "What was Qingyuan High-tech Zone's overall ranking in the 2020 national evaluation?",
    );
    // The short answer leads only when the model is sure; either way the first sentence holds it.
    expect(firstSentence(a.answer)).toContain("第96名");
    expect(a.citations[0]!.text).toContain("综合排名第96名");
  });

  it("answers an English question about a district's party secretary offline", async () => {
    const a = await qa.ask("Who is the party secretary of Haidian District?");
    expect(firstSentence(a.answer)).toContain("于军");
  });

  it("retrieves the article about the asked-for zone first", async () => {
    const a = await qa.ask("嘉兴秀洲高新区高新技术产业投资同比增长多少？");
    expect(a.passages[0]!.text).toContain("嘉兴");
    expect(a.passages).toHaveLength(5);
    expect(a.passages.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it("abstains on something the paper never says", async () => {
    const a = await qa.ask("中关村软件园一共有多少员工？");
    expect(a.abstained).toBe(true);
    expect(a.answer).toContain("没有在语料中找到");
    expect(a.citations).toEqual([]);
  });

  it("rejects an empty question with a clear error", async () => {
    await expect(qa.ask("   ")).rejects.toThrow(InputError);
  });

  it("finds a cited chunk again by its id", async () => {
    const a = await qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？");
    expect(qa.chunk(a.citations[0]!.chunkId)?.text).toBe(a.citations[0]!.text);
    expect(qa.chunk("0000000000000000")).toBeUndefined();
  });
});

/** What a reader sees first: the short answer when one leads, else the quoted sentence. */
function firstSentence(answer: string): string {
  return answer.split("。")[0]!;
}
