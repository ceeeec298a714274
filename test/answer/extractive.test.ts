import { describe, expect, it } from "vitest";
import { createExtractiveAnswerer } from "../../src/answer/extractive.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import type { Passage } from "../../src/types.js";

const tokenizer = createTokenizer();
const answerer = createExtractiveAnswerer({ tokenizer, termWeight: () => 1 });

function passage(text: string, title = "", n = 1): Passage {
  return { id: `p${n}`, title, source: "x.txt", article: 0, seq: 0, text, rank: n, score: 1 };
}

describe("the extractive answerer", () => {
  it("answers about one project, not the batch it was announced with", async () => {
    const p = passage(
      "近日，武汉高新区举行集中开工仪式，旋源体外诊断试剂研发生产项目等78个项目集中开工，总投资达475亿元。" +
        "据介绍，该项目一期占地387亩，总投资37亿美元，主要建设智能工厂。",
    );
    const d = await answerer.answer("旋源体外诊断试剂研发生产项目总投资多少？", [p]);
    expect(d.abstained).toBe(false);
    expect(d.text.startsWith("37亿美元")).toBe(true);
  });

  it("does not answer a question about one year from a passage about another", async () => {
    const p = passage("统计数据显示，2018年一季度温州科学城新增企业1184家，实际利用外资33.3亿美元。");
    const d = await answerer.answer("2019年一季度温州科学城新增了多少家企业？", [p]);
    expect(d.abstained).toBe(true);
  });

  it("does not give the chairman when the general manager is asked for", async () => {
    const p = passage("“这次落户签约意义重大。”江西博唯电子科技集团有限公司董事长孟兰俊告诉记者。");
    const d = await answerer.answer("江西博唯电子科技集团有限公司的总经理是谁？", [p]);
    expect(d.abstained).toBe(true);
  });

  it("does not answer about another organisation that shares the city", async () => {
    const p = passage("荆门智峰检测技术集团有限公司董事长张新说，园区服务很到位。");
    const d = await answerer.answer("荆门科创园的董事长是谁？", [p]);
    expect(d.abstained).toBe(true);
  });

  it("answers a two-fact question part by part, each with its citation", async () => {
    const a = passage("清远高新区管委会主任周岐贤有着清醒的认识。", "", 1);
    const b = passage("中关村软件园总经理张金辉为17家创新企业颁发毕业证书。", "", 2);
    const d = await answerer.answer("清远高新区管委会主任和中关村软件园总经理分别是谁？", [a, b]);
    expect(d.abstained).toBe(false);
    expect(d.text).toContain("周岐贤");
    expect(d.text).toContain("张金辉");
    expect(d.cited.sort()).toEqual([1, 2]);
  });
});
