/**
 * The shortcuts that let the reranker score only the passages that can still reach the top: the
 * evidence scorer's bound never falls below a window's score, the local reranker's bound never below
 * its score, and the windows the reranker found are handed to the answer only for the same question,
 * passage and term weights. Generated passages hold the question's words whole, cut across the
 * title's end (a window's compacted title runs into its first sentence), in the opening only, and
 * with a Σ (a passage compacted whole).
 */
import { describe, expect, it } from "vitest";
import { extractCandidates } from "../../src/answer/candidates.js";
import { createEvidenceMemo, createEvidenceScorer } from "../../src/answer/evidence.js";
import { preparePassage } from "../../src/answer/passage-text.js";
import { createLocalReranker } from "../../src/answer/reranker.js";
import { mulberry32 } from "../../src/text/seeded-random.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import type { Passage } from "../../src/types.js";

const tokenizer = createTokenizer();
// Longer words weigh more, as rarer ones do; the corpus knows the words that hold no digit.
const termWeight = (t: string) => 0.5 + t.length;
const termKnown = (t: string) => !/\d/.test(t);
const opts = { tokenizer, termWeight, termKnown };

const QUESTIONS = [
  "清远高新区在2020年度国家高新区评价中综合排名第几？",
  "惠州高新区有多少个高端装备项目集中开工？",
  "德沃康公司的总经理是谁？",
  "2019年一季度温州科学城新增了多少家企业？",
  "中关村软件园为几家创新企业颁发毕业证书？",
];

const PIECES = [
  ..."清远高新区惠州温州科学城德沃康公司中关村软件园总经理排名第综合评价项目开工企业家个名",
  "清远高",
  "新区",
  "高新",
  "2020年",
  "2019年",
  "一季度",
  "二季度",
  "96",
  "14个",
  "张金辉说",
  "孝感高新区",
  "我们",
  "Σ",
  "ＡＢ",
  ..."。。！？；，、",
  " ",
  "\n",
];

/** The project's seeded draws (mulberry32), so each property test sees the same cases every run. */
const random = mulberry32;

const textOf = (rand: () => number, max: number) =>
  Array.from({ length: Math.floor(rand() * max) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join("");

function passages(seed: number, n: number): Passage[] {
  const rand = random(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    title: textOf(rand, 8),
    source: `s${i % 7}.txt`,
    article: 0,
    seq: 0,
    text: textOf(rand, 90),
    lead: rand() < 0.4 ? textOf(rand, 20) : undefined,
    rank: i + 1,
    score: 1,
  }));
}

describe("the evidence scorer's bound", () => {
  it("is never below the score of any window of the passage", () => {
    let bounded = 0;
    for (const [q, question] of QUESTIONS.entries()) {
      const scorer = createEvidenceScorer(question, opts);
      for (const p of passages(q + 1, 300)) {
        const text = preparePassage(p);
        const bound = scorer.scoreBound(text);
        for (const w of scorer.windowsOf(text)) expect(bound).toBeGreaterThanOrEqual(w.score);
        if (Number.isFinite(bound)) bounded++;
      }
    }
    // Only a passage holding Σ goes unbounded.
    expect(bounded).toBeGreaterThan(QUESTIONS.length * 150);
  });

  it("counts a name the title's end and the first sentence spell together", () => {
    const scorer = createEvidenceScorer(QUESTIONS[2]!, opts);
    const text = preparePassage({ title: "新闻德沃", text: "康公司总经理张金辉说，项目开工。" });
    const [w] = scorer.windowsOf(text);
    expect(w!.windowCoverage).toBe(1);
    expect(scorer.scoreBound(text)).toBeGreaterThanOrEqual(w!.score);
  });

  it("keeps a passage without the question's words below one that answers it", () => {
    const scorer = createEvidenceScorer(QUESTIONS[0]!, opts);
    const answers = preparePassage({
      title: "",
      text: "清远高新区在2020年度国家高新区评价中综合排名第96名。",
    });
    const other = preparePassage({ title: "", text: "德沃康公司总经理张金辉说，温州科学城项目开工。" });
    const best = Math.max(...scorer.windowsOf(answers).map((w) => w.score));
    expect(scorer.scoreBound(other)).toBeLessThan(best);
  });
});

describe("the local reranker's deferred scores", () => {
  it("are never above their bounds", () => {
    for (const [q, question] of QUESTIONS.entries()) {
      const pool = passages(100 + q, 60);
      const scores = createLocalReranker(opts)(question, pool);
      for (let i = 0; i < pool.length; i++) expect(scores.bound(i)).toBeGreaterThanOrEqual(scores.score(i));
    }
  });
});

describe("the evidence memo", () => {
  it("hands the answer the reranker's windows, with the same candidates as working them out", () => {
    const memo = createEvidenceMemo();
    const question = QUESTIONS[1]!;
    const pool = passages(7, 20);
    const scores = createLocalReranker({ ...opts, memo })(question, pool);
    for (let i = 0; i < pool.length; i++) scores.score(i);
    const top = pool.slice(0, 5);
    const withMemo = extractCandidates(question, top, { ...opts, memo });
    expect(withMemo).toEqual(extractCandidates(question, top, opts));
    // The same windows, not windows found again.
    const kept = createEvidenceScorer(question, { ...opts, memo }).windows(top[0]!);
    expect(createEvidenceScorer(question, { ...opts, memo }).windows(top[0]!)).toBe(kept);
    expect(createEvidenceScorer(question, opts).windows(top[0]!)).not.toBe(kept);
  });

  it("serves no scorer with other term weights, and finds no windows for another opening", () => {
    const memo = createEvidenceMemo();
    const question = QUESTIONS[2]!;
    const [p] = passages(9, 1);
    const kept = createEvidenceScorer(question, { ...opts, memo }).windowsOf(preparePassage(p!));
    const heavier = { ...opts, termWeight: (t: string) => 2 * termWeight(t), memo };
    expect(createEvidenceScorer(question, heavier).windows(p!)).not.toBe(kept);
    expect(createEvidenceScorer(question, { ...opts, memo }).windows({ ...p!, lead: "另一开头" })).not.toBe(
      kept,
    );
    expect(createEvidenceScorer(question, { ...opts, memo }).windows(p!)).toBe(kept);
  });
});
