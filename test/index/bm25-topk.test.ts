/**
 * BM25's top k by MaxScore (src/index/bm25-topk.ts) against exhaustive scoring, on generated
 * corpora: the same documents, the same scores, in the same order, whatever the query, k, the
 * segments, the deleted chunks or a caller's filter.
 */

import { describe, expect, it } from "vitest";
import type { ScoredDoc } from "../../src/index/bm25.js";
import {
  type LexicalPart,
  PostingsBuilder,
  SegmentedBm25,
  SegmentPostings,
} from "../../src/index/lexical.js";
import { mulberry32 } from "../../src/text/seeded-random.js";

/**
 * Documents over a Zipf-like vocabulary: a few terms in most documents (the long lists MaxScore
 * skips), many rare ones, lengths from 1 to 120 tokens, some terms repeated many times.
 */
function corpus(rand: () => number, docs: number, vocabulary: number): string[][] {
  const term = () => `t${Math.floor(vocabulary ** rand() - 1)}`;
  return Array.from({ length: docs }, () => {
    const tokens = Array.from({ length: 1 + Math.floor(rand() * 120) }, term);
    if (rand() < 0.05) for (let i = 0; i < 40; i++) tokens.push(tokens[0]!);
    return tokens;
  });
}

function partsOf(rand: () => number, docs: string[][], segments: number, deleteShare: number): LexicalPart[] {
  const parts: LexicalPart[] = [];
  const per = Math.ceil(docs.length / segments);
  for (let base = 0; base < docs.length; base += per) {
    const builder = new PostingsBuilder();
    for (const d of docs.slice(base, base + per)) builder.add(d);
    const { bin, terms } = builder.finish();
    const postings = new SegmentPostings(bin, terms);
    const deleted = new Uint8Array(postings.docs).map(() => (rand() < deleteShare ? 1 : 0));
    parts.push({ postings, base, deleted });
  }
  return parts;
}

/**
 * Every posting of every query term scored: float32 sums in query-term order, the k best by score
 * and then doc. This is how the segmented index scored before MaxScore.
 */
function exhaustive(
  bm25: SegmentedBm25,
  parts: LexicalPart[],
  query: string[],
  k: number,
  accept?: (doc: number) => boolean,
): ScoredDoc[] {
  let length = 0;
  let docs = 0;
  for (const p of parts) {
    length += p.postings.totalLength;
    docs += p.postings.docs;
  }
  const avg = length / docs;
  const out: ScoredDoc[] = [];
  for (const { postings, base, deleted } of parts) {
    const scores = new Float32Array(postings.docs);
    for (const term of new Set(query)) {
      const id = postings.termId(term);
      if (id === undefined) continue;
      const idf = bm25.idf(term);
      const list = postings.list(id);
      for (const [i, doc] of list.docs.entries()) {
        const tf = list.tfs[i]!;
        const norm = tf + 1.2 * (1 - 0.75 + (0.75 * postings.lengths[doc]!) / avg);
        scores[doc]! += (idf * (tf * (1.2 + 1))) / norm;
      }
    }
    for (const [doc, score] of scores.entries())
      if (score > 0 && !deleted[doc] && (!accept || accept(base + doc))) out.push({ doc: base + doc, score });
  }
  return out.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k);
}

describe("BM25 top k by MaxScore", () => {
  it("returns exactly what exhaustive scoring returns, over generated corpora and queries", () => {
    let cases = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const rand = mulberry32(seed);
      const docs = corpus(rand, 200 + Math.floor(rand() * 1800), 50 + Math.floor(rand() * 3000));
      const parts = partsOf(rand, docs, 1 + Math.floor(rand() * 3), seed % 3 === 0 ? 0.1 : 0);
      const bm25 = new SegmentedBm25(parts);
      for (let q = 0; q < 40; q++) {
        const pick = () => docs[Math.floor(rand() * docs.length)]!;
        // Terms of a few documents, with repeats and a term no document holds.
        const query = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => {
          const d = pick();
          return d[Math.floor(rand() * d.length)]!;
        });
        if (rand() < 0.2) query.push("absent");
        const k = [1, 5, 10, 60, 500][Math.floor(rand() * 5)]!;
        const accept = rand() < 0.25 ? (doc: number) => doc % 3 !== 0 : undefined;
        expect(bm25.search(query, k, accept)).toEqual(exhaustive(bm25, parts, query, k, accept));
        cases++;
      }
    }
    expect(cases).toBe(480);
  });

  it("is exact when every list is longer than the part scored first", () => {
    // Twenty terms over 6,000 documents: every list runs to thousands of postings.
    const rand = mulberry32(21);
    const docs = corpus(rand, 6000, 20);
    const parts = partsOf(rand, docs, 2, 0.05);
    const bm25 = new SegmentedBm25(parts);
    for (let q = 0; q < 30; q++) {
      const query = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => `t${Math.floor(rand() * 19)}`);
      for (const k of [1, 60, 3000]) expect(bm25.search(query, k)).toEqual(exhaustive(bm25, parts, query, k));
    }
  });

  it("keeps ties in doc order, across segments", () => {
    // Identical documents score the same; the earlier doc number wins each tie.
    const docs = Array.from({ length: 300 }, (_, i) => (i % 2 ? ["a", "b"] : ["a", "c", "c"]));
    const parts = partsOf(mulberry32(7), docs, 3, 0);
    const bm25 = new SegmentedBm25(parts);
    for (const k of [1, 7, 100, 400])
      expect(bm25.search(["a", "b", "c"], k)).toEqual(exhaustive(bm25, parts, ["a", "b", "c"], k));
  });
});
