import { describe, expect, it } from "vitest";
import { renderPassages } from "../../src/answer/prompts.js";
import type { Passage } from "../../src/types.js";

const base: Passage = {
  id: "c2",
  title: "两企业开展战略合作",
  source: "x.txt",
  paper: "科技日报",
  article: 0,
  seq: 1,
  text: "双方计划投资约92亿元建设晶晟新材料产业园。",
  rank: 1,
  score: 1,
};

describe("passages in the prompt", () => {
  it("numbers each passage and gives a later chunk its article's opening as context", () => {
    const out = renderPassages([
      base,
      { ...base, id: "c3", lead: "近日，甲公司与乙公司签署战略合作框架协议。" },
    ]);
    expect(out).toBe(
      [
        "[1] 《两企业开展战略合作》 (科技日报)",
        "双方计划投资约92亿元建设晶晟新材料产业园。",
        "",
        "[2] 《两企业开展战略合作》 (科技日报)",
        "(article opening, for context: 近日，甲公司与乙公司签署战略合作框架协议。…)",
        "双方计划投资约92亿元建设晶晟新材料产业园。",
      ].join("\n"),
    );
  });
});
