/**
 * HNSW recall@10 on dense, real-embedding-like vectors, for the path real embeddings take
 * (EMBEDDINGS=openai|local): no model is at hand offline, so the vectors are a stand-in, made as
 * follows (seeded, so every run sees the same ones):
 *
 *   - `clusters` topic centres, standard normal in a `latent`-dimensional space;
 *   - each vector: a centre (uniformly chosen) plus `spread` × standard normal noise, in latent space;
 *   - projected to `dims` dimensions by one fixed Gaussian random matrix, plus isotropic noise
 *     (`noise` of the projected norm, so the vectors are not exactly low-rank), plus a shared offset
 *     that makes unrelated vectors' cosine positive (real sentence embeddings are anisotropic);
 *   - L2-normalised, as hnswlib's cosine space normalises them.
 *
 * Queries are further draws from the same distribution, not in the index. Recall@10 is the share of
 * the exact top 10 (brute-force cosine) that the HNSW search returns, for each graph (M,
 * efConstruction) and each efSearch. The same hnswlib settings as src/index/segment.ts.
 */

import { HierarchicalNSW } from "../../../src/index/hnswlib.js";
import { gaussianFrom, mulberry32 } from "../../../src/text/seeded-random.js";
import { peakRssMb } from "./stats.js";

export interface DenseRecallArgs {
  size: number;
  dims: number;
  queries: number;
  /** Graphs to build, each searched at every efSearch in `efSearch`. */
  graphs: { M: number; efConstruction: number }[];
  efSearch: number[];
  clusters?: number;
  latent?: number;
  spread?: number;
  noise?: number;
  seed?: number;
}

export interface DenseRecallResult {
  size: number;
  dims: number;
  distribution: string;
  /** Mean cosine of a query to its exact nearest neighbour, and to a random vector. */
  nearest_cosine: number;
  random_cosine: number;
  exact_ms: number;
  runs: {
    M: number;
    efConstruction: number;
    build_s: number;
    efSearch: number;
    recall_at_10: number;
    p50_ms: number;
    p95_ms: number;
  }[];
  peak_rss_mb: number;
}

export async function benchDenseRecall(args: DenseRecallArgs): Promise<DenseRecallResult> {
  const opts = { clusters: 2000, latent: 256, spread: 1.5, noise: 0.35, seed: 7, ...args };
  const gen = generator(opts);
  const data = new Float32Array(args.size * args.dims);
  for (let i = 0; i < args.size; i++) data.set(gen(), i * args.dims);
  const queries = Array.from({ length: args.queries }, gen);
  const t = performance.now();
  const exact = queries.map((q) => exactTop10(q, data, args.size, args.dims));
  const exactMs = performance.now() - t;
  const nearest = mean(exact.map((e) => e[0]![1]));
  const unrelated = mean(queries.map((q, i) => dot(q, data, ((i * 7919) % args.size) * args.dims)));
  const runs: DenseRecallResult["runs"] = [];
  for (const g of args.graphs) {
    const index = new HierarchicalNSW("cosine", args.dims);
    index.initIndex({ maxElements: args.size, m: g.M, efConstruction: g.efConstruction, randomSeed: 100 });
    const b = performance.now();
    for (let i = 0; i < args.size; i++)
      index.addPoint(Array.from(data.subarray(i * args.dims, (i + 1) * args.dims)), i);
    const buildS = (performance.now() - b) / 1000;
    for (const ef of args.efSearch) {
      index.setEf(Math.max(ef, 10));
      const times: number[] = [];
      let found = 0;
      for (const [qi, q] of queries.entries()) {
        const point = Array.from(q);
        const s = performance.now();
        const got = new Set(index.searchKnn(point, 10).neighbors);
        times.push(performance.now() - s);
        for (const [label] of exact[qi]!) if (got.has(label)) found++;
      }
      times.sort((x, y) => x - y);
      runs.push({
        ...g,
        build_s: Math.round(buildS * 10) / 10,
        efSearch: ef,
        recall_at_10: Math.round((found / (10 * queries.length)) * 1000) / 1000,
        p50_ms: round2(times[Math.floor(times.length * 0.5)]!),
        p95_ms: round2(times[Math.floor(times.length * 0.95)]!),
      });
    }
  }
  return {
    size: args.size,
    dims: args.dims,
    distribution: `${opts.clusters} Gaussian clusters in ${opts.latent}-d (spread ${opts.spread}), random projection to ${args.dims}-d, isotropic noise ${opts.noise}, shared offset, normalised; seed ${opts.seed}`,
    nearest_cosine: round2(nearest),
    random_cosine: round2(unrelated),
    exact_ms: Math.round(exactMs),
    runs,
    peak_rss_mb: peakRssMb(),
  };
}

/** Draws one normalised vector per call, as the module comment describes. */
function generator(o: Required<Omit<DenseRecallArgs, "graphs" | "efSearch">>): () => Float32Array {
  const uniform = mulberry32(o.seed);
  const normal = gaussianFrom(uniform);
  const centres = Float64Array.from({ length: o.clusters * o.latent }, normal);
  const projection = Float64Array.from({ length: o.latent * o.dims }, () => normal() / Math.sqrt(o.latent));
  const offset = Float64Array.from({ length: o.dims }, normal);
  const offsetNorm = Math.hypot(...offset);
  return () => {
    const c = Math.floor(uniform() * o.clusters);
    const z = Float64Array.from(
      { length: o.latent },
      (_, j) => centres[c * o.latent + j]! + o.spread * normal(),
    );
    const v = new Float32Array(o.dims);
    let norm = 0;
    for (let d = 0; d < o.dims; d++) {
      let s = 0;
      for (let j = 0; j < o.latent; j++) s += z[j]! * projection[j * o.dims + d]!;
      v[d] = s;
      norm += s * s;
    }
    const scale = Math.sqrt(norm / o.dims);
    // The offset's length, relative to the signal's, sets how similar unrelated vectors look.
    for (let d = 0; d < o.dims; d++)
      v[d] = v[d]! + scale * (o.noise * normal() + (0.7 * Math.sqrt(o.dims) * offset[d]!) / offsetNorm);
    let n = 0;
    for (const x of v) n += x * x;
    n = Math.sqrt(n);
    for (let d = 0; d < o.dims; d++) v[d] = v[d]! / n;
    return v;
  };
}

function exactTop10(q: Float32Array, data: Float32Array, size: number, dims: number): [number, number][] {
  const best: [number, number][] = [];
  for (let i = 0; i < size; i++) {
    const s = dot(q, data, i * dims);
    if (best.length < 10 || s > best[best.length - 1]![1]) {
      best.push([i, s]);
      best.sort((a, b) => b[1] - a[1]);
      if (best.length > 10) best.pop();
    }
  }
  return best;
}

function dot(q: Float32Array, data: Float32Array, at: number): number {
  let s = 0;
  for (let d = 0; d < q.length; d++) s += q[d]! * data[at + d]!;
  return s;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round2 = (x: number) => Math.round(x * 100) / 100;
