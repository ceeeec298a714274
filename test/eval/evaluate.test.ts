import { describe, expect, it } from "vitest";
import { parseQaSet, type QaItem, scoreItem, summarize } from "../../src/eval/evaluate.js";
import type { Answer, Passage } from "../../src/types.js";

const item: QaItem = {
  id: "q1",
  question: "清远高新区综合排名第几？",
  answerable: true,
  facts: [["第96名", "96名"]],
  evidence: ["清远高新区综合排名第96名"],
  kind: "fact",
};

function passage(text: string): Passage {
  return { id: "c1", title: "", source: "x.txt", article: 0, seq: 0, text, rank: 1, score: 1 };
}

function answer(text: string, passages: Passage[], abstained = false): Answer {
  return {
    question: item.question,
    answer: text,
    abstained,
    citations: abstained ? [] : passages.map((p, i) => ({ ...p, n: i + 1, chunkId: p.id })),
    passages,
    answerer: "extractive",
  };
}

const evidence = passage("根据2020年度评价结果，清远 高新区综合排名第96名，排名连续4年稳步攀升。");
const other = passage("佛山高新区综合排名第31名。");

describe("scoring one answer", () => {
  it("counts the fact in the short answer and in the whole answer, ignoring spaces", () => {
    const r = scoreItem(item, answer("第96名。清远高新区综合排名第 96 名。[1]", [evidence]));
    expect(r).toMatchObject({ evidenceHit: true, correct: true, shortCorrect: true, citationsSupported: 1 });
  });

  it("does not credit the short answer when only the quoted sentence holds the fact", () => {
    const r = scoreItem(item, answer("4年。清远高新区综合排名第96名，排名连续4年稳步攀升。[1]", [evidence]));
    expect(r.correct).toBe(true);
    expect(r.shortCorrect).toBe(false);
  });

  it("gives no credit for an abstention, and misses evidence that was not retrieved", () => {
    const r = scoreItem(item, answer("没有在语料中找到能回答这个问题的内容。第96名", [other], true));
    expect(r).toMatchObject({ evidenceHit: false, correct: false, shortCorrect: false, abstained: true });
  });

  it("needs every fact of a two-fact question, each in its own line's short answer", () => {
    const two: QaItem = { ...item, facts: [["第96名"], ["第31名"]], evidence: ["第96名", "第31名"] };
    const both = scoreItem(two, answer("第96名。…[1]\n第31名。…[2]", [evidence, other]));
    expect(both).toMatchObject({ evidenceHit: true, correct: true, shortCorrect: true });
    const one = scoreItem(two, answer("第96名。…[1]", [evidence, other]));
    expect(one.correct).toBe(false);
  });
  it("credits a unit symbol only as the page prints it", () => {
    const warm: QaItem = { ...item, facts: [["16.95℃"]], evidence: ["平均气温为16.95℃"] };
    const printed = passage("今年7月的全球月平均气温为16.95℃，高于此前的记录。");
    const spelled = passage("今年7月的全球月平均气温为16.95°C，高于此前的记录。");
    expect(scoreItem(warm, answer("16.95℃。[1]", [printed]))).toMatchObject({
      evidenceHit: true,
      correct: true,
    });
    expect(scoreItem(warm, answer("16.95°C。[1]", [spelled]))).toMatchObject({
      evidenceHit: false,
      correct: false,
    });
  });
});

describe("summarising", () => {
  it("reports shares over answerable and unanswerable questions separately", () => {
    const unanswerable: QaItem = { ...item, id: "q2", answerable: false, facts: [], evidence: [] };
    const m = summarize([
      scoreItem(item, answer("第96名。…[1]", [evidence])),
      scoreItem(item, answer("没有找到。", [evidence], true)),
      scoreItem(unanswerable, answer("没有找到。", [], true)),
      scoreItem(unanswerable, answer("第31名。[1]", [other])),
    ]);
    expect(m).toMatchObject({
      questions: 4,
      answerable: 2,
      unanswerable: 2,
      evidenceHitAtK: 1,
      answerAccuracy: 0.5,
      shortAnswerAccuracy: 0.5,
      abstentionPrecision: 0.5,
      abstentionRecall: 0.5,
      falseAbstentionRate: 0.5,
    });
  });
});

describe("reading a QA set", () => {
  it("names the line of a malformed entry", () => {
    expect(() => parseQaSet('{"id":"a","question":"x","answerable":true}\nnot json\n', "qa.jsonl")).toThrow(
      /qa\.jsonl.*2/,
    );
  });
});
