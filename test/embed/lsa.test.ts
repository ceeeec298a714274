/**
 * The LSA projection (EMBEDDINGS=lsa): fitted on co-occurrence, it places texts that share no word
 * but whose words keep company near each other, and its file reads back exactly or not at all.
 */
import { describe, expect, it } from "vitest";
import { fitLsa } from "../../src/embed/lsa-fit.js";
import {
  decodeProjection,
  encodeProjection,
  projectTokens,
  termIndex,
} from "../../src/embed/lsa-projection.js";
import { LsaProjectionError } from "../../src/errors.js";

const SPORT = ["足球", "比赛", "球队", "进球", "教练", "联赛", "球迷", "主场"];
const MONEY = ["股市", "投资", "股票", "基金", "利率", "银行", "债券", "收益"];

/** Chunks about one of two topics, each a few words drawn from its topic (seeded, so fixed). */
function corpus(n: number): string[][] {
  let state = 11;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: n }, (_, i) => {
    const words = i % 2 ? SPORT : MONEY;
    return Array.from({ length: 5 }, () => words[Math.floor(next() * words.length)]!);
  });
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("the LSA projection", () => {
  const projection = fitLsa(corpus(300), { k: 2 });
  const index = termIndex(projection);
  const vector = (tokens: string[]) => projectTokens(tokens, projection, index);

  it("puts chunks whose words co-occur near each other, and unrelated ones apart", () => {
    // No word in common, but 足球/比赛 and 进球/教练 appear in the same chunks throughout the corpus.
    const related = cosine(vector(["足球", "比赛"]), vector(["进球", "教练"]));
    const unrelated = cosine(vector(["足球", "比赛"]), vector(["股票", "基金"]));
    expect(related).toBeGreaterThan(0.9);
    expect(unrelated).toBeLessThan(0.1);
    expect(related).toBeGreaterThan(unrelated);
  });

  it("gives unit vectors of k dimensions, and a harmless one to text it has no word of", () => {
    const v = vector(["球队", "主场", "球队"]);
    expect(v).toHaveLength(2);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    const empty = vector(["没见过的词"]);
    expect(Math.hypot(...empty)).toBeGreaterThan(0);
  });

  it("keeps rows past the corpus's rank at zero, so the dimension never changes", () => {
    const wide = fitLsa(corpus(40), { k: 64 });
    expect(wide.k).toBe(64);
    expect(wide.rows).toHaveLength(wide.terms.length * 64);
    const v = projectTokens(["足球"], wide, termIndex(wide));
    expect(v).toHaveLength(64);
    expect(v.slice(wide.terms.length).every((x) => x === 0)).toBe(true);
  });

  it("fits the same projection from the same chunks", () => {
    const again = fitLsa(corpus(300), { k: 2 });
    expect(encodeProjection(again).equals(encodeProjection(projection))).toBe(true);
  });

  it("round-trips through its file format", () => {
    const back = decodeProjection(encodeProjection(projection), "test");
    expect(back.terms).toEqual(projection.terms);
    expect(back.k).toBe(projection.k);
    expect(back.fittedOn).toBe(300);
    expect(Array.from(back.rows)).toEqual(Array.from(projection.rows));
    expect(Array.from(back.idf)).toEqual(Array.from(projection.idf));
  });

  it("refuses a truncated or foreign file with an error that says to rebuild with --full", () => {
    const bytes = encodeProjection(projection);
    expect(() => decodeProjection(bytes.subarray(0, bytes.length - 4), "lsa.bin")).toThrow(
      LsaProjectionError,
    );
    expect(() => decodeProjection(Buffer.from("not a projection"), "lsa.bin")).toThrow(/--full/);
  });
});
