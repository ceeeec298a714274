/**
 * Reranked candidates come out in the order sorting every score gives (score with the fused-rank
 * prior, then the lower doc on a tie), whether the scores come as a list (a remote reranker's) or
 * are worked out as the order asks for them (the local reranker's), which scores only the
 * candidates whose bound can still reach the head.
 */
import { describe, expect, it } from "vitest";
import { type DeferredScores, rerankedOrder } from "../../src/retrieve/retriever.js";
import { mulberry32 } from "../../src/text/seeded-random.js";

/** The project's seeded draws (mulberry32), so each property test sees the same cases every run. */
const random = mulberry32;

/** Deferred scores over `scores`, with `bounds`, counting what is scored. */
function deferred(scores: number[], bounds: number[]): DeferredScores & { scored: number } {
  const d = {
    scored: 0,
    length: scores.length,
    bound: (i: number) => bounds[i]!,
    score: (i: number) => {
      d.scored++;
      return scores[i]!;
    },
  };
  return d;
}

const take = (order: Iterable<[number, number]>, n: number) => {
  const out: [number, number][] = [];
  for (const entry of order) {
    out.push(entry);
    if (out.length === n) break;
  }
  return out;
};

describe("the reranked order", () => {
  it("is the sorted order of every score, read from deferred scores as from a list", () => {
    const rand = random(1);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(rand() * 60);
      const docs = Array.from({ length: n }, (_, i) => i * 7 + Math.floor(rand() * 5));
      // Coarse scores make ties; some bounds equal their scores, one is not a number.
      const scores = docs.map(() => Math.round(rand() * 8) / 4);
      const bounds = scores.map((s) => (rand() < 0.3 ? s : s + rand()));
      if (rand() < 0.2) bounds[Math.floor(rand() * n)] = Number.NaN;
      const all = [...rerankedOrder(docs, scores)];
      expect([...rerankedOrder(docs, deferred(scores, bounds))]).toEqual(all);
      const head = Math.min(n, 1 + Math.floor(rand() * 8));
      expect(take(rerankedOrder(docs, deferred(scores, bounds)), head)).toEqual(all.slice(0, head));
    }
  });

  it("keeps the fused rank as a small prior that settles equal scores", () => {
    expect([...rerankedOrder([9, 4, 7], [1, 1, 2])].map(([doc]) => doc)).toEqual([7, 9, 4]);
  });

  it("puts the lower doc first when scores and prior add up the same, bounds or not", () => {
    // 2 less each candidate's prior: every candidate ends at exactly 2.
    const docs = [8, 3, 5, 1];
    const scores = docs.map((_, i) => 2 - (0.15 * (docs.length - i)) / docs.length);
    const expected = [1, 3, 5, 8];
    expect([...rerankedOrder(docs, scores)].map(([doc]) => doc)).toEqual(expected);
    for (const bounds of [scores, scores.map((s) => s + 1), [scores[0]!, 9, scores[2]!, 9]])
      expect([...rerankedOrder(docs, deferred(scores, bounds))].map(([doc]) => doc)).toEqual(expected);
  });

  it("scores only the candidates whose bound can reach the head", () => {
    const scores = [3, 2.5, 0.5, 0.4, 0.3, 0.2];
    const d = deferred(scores, [3.2, 2.6, 1, 1, 1, 1]);
    expect(take(rerankedOrder([1, 2, 3, 4, 5, 6], d), 2).map(([doc]) => doc)).toEqual([1, 2]);
    expect(d.scored).toBe(2);
  });
});
