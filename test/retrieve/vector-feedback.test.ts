/**
 * Pseudo-relevance feedback for the query's vector (VECTOR_FEEDBACK_DOCS): the vector searched is the
 * query's, moved toward the stored vectors of BM25's first hits. The stored vectors are read back from
 * the graph by doc number, across segments.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { openSearchIndex } from "../../src/index/search-index.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { queryVector, withFeedback } from "../../src/retrieve/retriever.js";
import { mulberry32 } from "../../src/text/seeded-random.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

const tokenizer = createTokenizer();
const hashed = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });
const chunking = { size: 300, overlap: 1 };

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);
const unit = (v: readonly number[]) => {
  const n = Math.sqrt(dot(v, v));
  return v.map((x) => x / n);
};

describe("withFeedback", () => {
  const query = [1, 0, 0, 0];
  const docs = [
    [0, 2, 0, 0],
    [0, 0, 3, 0],
  ];

  it("returns a unit vector closer to the documents than the query was", () => {
    const moved = withFeedback(query, docs, 1);
    expect(Math.sqrt(dot(moved, moved))).toBeCloseTo(1, 6);
    for (const d of docs) expect(dot(moved, unit(d))).toBeGreaterThan(dot(query, unit(d)));
    // Each document counts at unit length, whatever its norm: they pull equally.
    expect(moved[1]).toBeCloseTo(moved[2]!, 6);
  });

  it("weighs the documents' mean against the query", () => {
    const light = withFeedback(query, docs, 0.5);
    const heavy = withFeedback(query, docs, 2);
    expect(light[0]! / light[1]!).toBeCloseTo(4, 6);
    expect(heavy[0]! / heavy[1]!).toBeCloseTo(1, 6);
    expect(withFeedback(query, docs, 0)).toEqual(query);
  });

  it("gives, to the last bit, the unit vectors' weighted sum at unit length", () => {
    // The arithmetic spelt out as the first version wrote it (each vector at unit length in
    // float64, the documents added in order), so the vector searched, and so the answers, do not
    // move when the loops are rewritten for speed.
    const atUnit = (v: ArrayLike<number>) => {
      const n = Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
      return Array.from(v, (x) => (n > 0 ? x / n : x));
    };
    const reference = (q: ArrayLike<number>, ds: ArrayLike<number>[], weight: number) => {
      const out = atUnit(q);
      for (const d of ds) {
        const u = atUnit(d);
        for (let i = 0; i < out.length; i++) out[i]! += (weight / ds.length) * u[i]!;
      }
      return atUnit(out);
    };
    const rand = mulberry32(7);
    const vector = () => Float32Array.from({ length: 512 }, () => (rand() < 0.8 ? 0 : rand() - 0.5));
    for (let t = 0; t < 50; t++) {
      const q = t % 2 ? Array.from(vector()) : vector();
      const ds = Array.from({ length: 1 + (t % 5) }, () => (t % 7 ? vector() : new Float32Array(512)));
      const weight = [0.5, 1, 2][t % 3]!;
      expect(withFeedback(q, ds, weight)).toStrictEqual(reference(q, ds, weight));
    }
  });
});

describe("the searched vector", () => {
  it("reads stored vectors by doc number in every segment and moves the query toward BM25's first hits", async () => {
    const dirs = await tempDirs();
    try {
      await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0 });
      // A second page after the first build lands in a segment of its own.
      const dir = join(dirs.corpusDir, "科技日报", "2021-05-10");
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, "03.txt"),
        "衡水高新区签约三个新项目\n本报记者 张三\n衡水高新区日前与三家企业签约，总投资12亿元，涉及新材料和生物医药。\n",
      );
      await buildIndex({ ...dirs, embeddings: hashed, chunking, workers: 0, compactAt: 1 });
      const stored = await loadStoredIndex(dirs.indexDir, hashed);
      expect(stored.segments.length).toBeGreaterThan(1);
      const index = openSearchIndex(stored, tokenizer);
      const last = stored.chunks.length - 1;
      for (const doc of [0, stored.segments[1]!.base, last]) {
        const chunk = stored.chunks[doc]!;
        const embedded = unit(await hashed.embedQuery(`${chunk.title}\n${chunk.text}`));
        expect(dot(stored.hnsw.vectorOf(doc), embedded)).toBeCloseTo(1, 4);
      }
      expect(() => stored.hnsw.vectorOf(last + 1)).toThrow(RangeError);

      const query = "衡水高新区签约了哪些项目？";
      const lexical = index.bm25.search(tokenizer.tokens(query), 3);
      expect(lexical.length).toBeGreaterThan(0);
      const plain = await hashed.embedQuery(query);
      expect(await queryVector(index, hashed, query, lexical, { docs: 0, weight: 1 })).toEqual(plain);
      const searched = await queryVector(index, hashed, query, lexical, { docs: 2, weight: 1 });
      const expected = withFeedback(
        plain,
        lexical.slice(0, 2).map((h) => stored.hnsw.vectorOf(h.doc)),
        1,
      );
      expect(searched).toEqual(expected);
      // The top hit's own vector is nearer the searched vector than the query's plain vector.
      const top = stored.hnsw.vectorOf(lexical[0]!.doc);
      expect(dot(searched, top)).toBeGreaterThan(dot(unit(plain), top));
      stored.close();
    } finally {
      await rm(dirs.root, { recursive: true, force: true });
    }
  });
});
