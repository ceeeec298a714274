/**
 * The offline reranker's weights and gates are settings (RERANK_EVIDENCE_WEIGHT,
 * RERANK_MIN_CONTEXT_COVERAGE, RERANK_MIN_WINDOW_COVERAGE): the evidence weight moves a chunk that
 * holds the asked fact above one that only repeats the question's words, and the settings are
 * read, bounded and named in their errors by config.ts. (The coverage gates decide between
 * windows of one chunk; these two-candidate cases do not exercise them.)
 */
import { describe, expect, it } from "vitest";
import { createLocalReranker, DEFAULT_RERANK_TUNING } from "../../src/answer/reranker.js";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import type { Chunk } from "../../src/types.js";

const chunk = (id: string, text: string): Chunk => ({
  id,
  title: "",
  source: "科技日报/2021-04/000.txt",
  article: 0,
  seq: 0,
  text,
});

const tokenizer = createTokenizer();
const opts = { tokenizer, termWeight: () => 1 };
const question = "清远高新区在2020年度国家高新区评价中综合排名第几？";
const candidates = [
  // Echoes the question's words, holds no rank.
  chunk("echo", "清远高新区在2020年度国家高新区评价中综合排名如何？清远高新区评价综合排名受到关注。"),
  // Holds the asked fact.
  chunk("fact", "根据2020年度国家高新区评价结果，清远高新区综合排名第96名，较上年提升。"),
];

describe("the offline reranker's tuning", () => {
  it("moves the chunk holding the asked rank above the one echoing the question as its evidence weighs more", () => {
    const lead = (evidenceWeight: number) => {
      const scores = createLocalReranker(opts, { ...DEFAULT_RERANK_TUNING, evidenceWeight })(
        question,
        candidates,
      );
      return scores.score(1) - scores.score(0);
    };
    expect(lead(0)).toBeLessThan(0);
    expect(lead(0.5)).toBeGreaterThan(lead(0));
    expect(lead(5)).toBeGreaterThan(0);
  });

  it("is read from the environment with its defaults, and refused out of range by name", () => {
    expect(loadConfig({}).retrieval.rerank).toEqual(DEFAULT_RERANK_TUNING);
    expect(
      loadConfig({
        RERANK_EVIDENCE_WEIGHT: "2",
        RERANK_MIN_CONTEXT_COVERAGE: "0.8",
        RERANK_MIN_WINDOW_COVERAGE: "0",
      }).retrieval.rerank,
    ).toEqual({ evidenceWeight: 2, minContextCoverage: 0.8, minWindowCoverage: 0 });
    expect(() => loadConfig({ RERANK_MIN_CONTEXT_COVERAGE: "1.5" })).toThrow(ConfigError);
    expect(() => loadConfig({ RERANK_MIN_CONTEXT_COVERAGE: "1.5" })).toThrow(/RERANK_MIN_CONTEXT_COVERAGE/);
  });
});
