/**
 * Fits an LSA projection: a truncated SVD of the chunk × term matrix (sublinear tf × idf, rows
 * L2-normalised), by randomized SVD (Halko, Martinsson & Tropp 2011): a Gaussian sketch of k +
 * oversample columns, a few power iterations re-orthonormalised between products, then the exact
 * SVD of the small projected matrix. Typed arrays throughout; a 30,000-chunk sample with a
 * 50,000-term vocabulary fits in seconds on one core.
 */
import { gaussianFrom, mulberry32 } from "../text/seeded-random.js";
import type { LsaProjection } from "./lsa-projection.js";

export interface LsaFitOptions {
  /** Latent dimensions kept. */
  k: number;
  /** Most terms in the vocabulary, the most frequent by document frequency. Default 50,000. */
  vocabulary?: number;
  /** Least chunks a term must appear in: a term seen once co-occurs with nothing. Default 2. */
  minDf?: number;
  /** Extra sketch columns beyond k, for accuracy of the last kept directions. Default 16. */
  oversample?: number;
  /** Power iterations; each sharpens the spectrum's decay (text decays slowly). Default 1. */
  powerIterations?: number;
  /** Seed of the Gaussian sketch: the same chunks always give the same projection. */
  seed?: number;
}

/** Sparse rows (chunks) over the vocabulary, compressed: row i holds cols/vals[ptr[i]..ptr[i+1]). */
interface Csr {
  rows: number;
  cols: number;
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** Fits the projection on `docs`, each a chunk's tokens as the index's tokenizer gives them. */
export function fitLsa(docs: string[][], opts: LsaFitOptions): LsaProjection {
  const { terms, idf } = vocabulary(docs, opts.vocabulary ?? 50_000, opts.minDf ?? 2);
  const a = weightedMatrix(docs, terms, idf);
  const k = opts.k;
  const l = Math.min(k + (opts.oversample ?? 16), a.rows, a.cols);
  const rows = new Float32Array(terms.length * k);
  if (l > 0) {
    const random = gaussianFrom(mulberry32(opts.seed ?? 1));
    const omega = new Float64Array(a.cols * l).map(random);
    const iterations = opts.powerIterations ?? 1;
    // Between products one Cholesky pass keeps the columns apart; the last basis gets two.
    let y = orthonormalize(times(a, omega, l), a.rows, l, iterations === 0 ? 2 : 1);
    for (let q = 0; q < iterations; q++) {
      const z = orthonormalize(transposeTimes(a, y, l), a.cols, l, 1);
      y = orthonormalize(times(a, z, l), a.rows, l, q === iterations - 1 ? 2 : 1);
    }
    // Bᵀ = Aᵀ Q (terms × l). B = U Σ Vᵀ, so V = Bᵀ U Σ⁻¹: eigenvectors of B Bᵀ = Zᵀ Z give U and Σ².
    const z = transposeTimes(a, y, l);
    const { values, vectors } = symmetricEigen(gram(z, a.cols, l), l);
    const keep = Math.min(k, l);
    for (let j = 0; j < keep; j++) {
      // Directions with no weight (a corpus of lower rank than k) stay zero.
      if (!(values[j]! > 1e-10 * values[0]!)) continue;
      const inv = 1 / Math.sqrt(values[j]!);
      for (let t = 0; t < a.cols; t++) {
        let s = 0;
        for (let i = 0; i < l; i++) s += z[t * l + i]! * vectors[i * l + j]!;
        rows[t * k + j] = s * inv;
      }
    }
  }
  return { k, terms, idf: Float32Array.from(idf), rows, fittedOn: docs.length };
}

/** The `cap` terms in most documents (at least `minDf`), ties by term, with smoothed IDF. */
function vocabulary(docs: string[][], cap: number, minDf: number): { terms: string[]; idf: number[] } {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = [...df.entries()]
    .filter(([, n]) => n >= minDf)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, cap)
    .map(([t]) => t);
  const n = docs.length;
  return { terms, idf: terms.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1) };
}

function weightedMatrix(docs: string[][], terms: string[], idf: number[]): Csr {
  const index = new Map(terms.map((t, i) => [t, i]));
  const ptr = new Int32Array(docs.length + 1);
  const col: number[] = [];
  const val: number[] = [];
  for (const [i, doc] of docs.entries()) {
    const counts = new Map<number, number>();
    for (const t of doc) {
      const c = index.get(t);
      if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const start = col.length;
    let norm = 0;
    for (const [c, tf] of counts) {
      const w = (1 + Math.log(tf)) * idf[c]!;
      col.push(c);
      val.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let p = start; p < val.length; p++) val[p]! /= norm;
    ptr[i + 1] = col.length;
  }
  return {
    rows: docs.length,
    cols: terms.length,
    ptr,
    col: Int32Array.from(col),
    val: Float64Array.from(val),
  };
}

/** A × M, M dense (a.cols × l, row-major): a.rows × l. */
function times(a: Csr, m: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.rows * l);
  for (let i = 0; i < a.rows; i++) {
    const o = i * l;
    for (let p = a.ptr[i]!; p < a.ptr[i + 1]!; p++) {
      const w = a.val[p]!;
      const r = a.col[p]! * l;
      for (let j = 0; j < l; j++) out[o + j]! += w * m[r + j]!;
    }
  }
  return out;
}

/** Aᵀ × M, M dense (a.rows × l, row-major): a.cols × l. */
function transposeTimes(a: Csr, m: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.cols * l);
  for (let i = 0; i < a.rows; i++) {
    const r = i * l;
    for (let p = a.ptr[i]!; p < a.ptr[i + 1]!; p++) {
      const w = a.val[p]!;
      const o = a.col[p]! * l;
      for (let j = 0; j < l; j++) out[o + j]! += w * m[r + j]!;
    }
  }
  return out;
}

/** Mᵀ M for M (n × l, row-major). */
function gram(m: Float64Array, n: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  for (let r = 0; r < n; r++) {
    const o = r * l;
    for (let i = 0; i < l; i++) {
      const x = m[o + i]!;
      if (x === 0) continue;
      for (let j = i; j < l; j++) g[i * l + j]! += x * m[o + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) g[i * l + j] = g[j * l + i]!;
  return g;
}

/**
 * Orthonormal columns spanning M's (n × l), by Cholesky QR; twice (CholeskyQR2) where it matters,
 * since the second pass restores the orthogonality the first loses to rounding. Directions M does not have (rank below
 * l) come out as zero columns, which the SVD then drops.
 */
function orthonormalize(m: Float64Array, n: number, l: number, passes: number): Float64Array {
  for (let pass = 0; pass < passes; pass++) {
    const r = cholesky(gram(m, n, l), l);
    const x = new Float64Array(l);
    for (let row = 0; row < n; row++) {
      const o = row * l;
      // Solves x R = m[row] for x: the row of M R⁻¹.
      for (let j = 0; j < l; j++) {
        const d = r[j * l + j]!;
        if (d === 0) {
          x[j] = 0;
          continue;
        }
        let s = m[o + j]!;
        for (let i = 0; i < j; i++) s -= x[i]! * r[i * l + j]!;
        x[j] = s / d;
      }
      m.set(x, o);
    }
  }
  return m;
}

/** Upper-triangular R with Rᵀ R = G; a pivot too small to trust leaves its row zero. */
function cholesky(g: Float64Array, l: number): Float64Array {
  const r = new Float64Array(l * l);
  let largest = 0;
  for (let i = 0; i < l; i++) largest = Math.max(largest, g[i * l + i]!);
  for (let j = 0; j < l; j++) {
    let d = g[j * l + j]!;
    for (let i = 0; i < j; i++) d -= r[i * l + j]! ** 2;
    if (!(d > 1e-12 * largest)) continue;
    const rjj = Math.sqrt(d);
    r[j * l + j] = rjj;
    for (let c = j + 1; c < l; c++) {
      let s = g[j * l + c]!;
      for (let i = 0; i < j; i++) s -= r[i * l + j]! * r[i * l + c]!;
      r[j * l + c] = s / rjj;
    }
  }
  return r;
}

/**
 * Eigenvalues (descending) and eigenvectors (columns of an l × l row-major matrix) of a symmetric
 * matrix, by cyclic Jacobi rotations: l is at most a few hundred, where Jacobi is exact and short.
 */
export function symmetricEigen(s: Float64Array, l: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(s);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < l; i++)
      for (let j = 0; j < l; j++) {
        const x = a[i * l + j]! ** 2;
        total += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-22 * total) break;
    for (let p = 0; p < l - 1; p++) for (let q = p + 1; q < l; q++) rotate(a, v, l, p, q);
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((x, y) => a[y * l + y]! - a[x * l + x]!);
  const vectors = new Float64Array(l * l);
  for (const [to, from] of order.entries())
    for (let i = 0; i < l; i++) vectors[i * l + to] = v[i * l + from]!;
  return { values: order.map((i) => a[i * l + i]!), vectors };
}

/** One Jacobi rotation zeroing a[p][q] (and a[q][p]), applied to the eigenvectors too. */
function rotate(a: Float64Array, v: Float64Array, l: number, p: number, q: number): void {
  const apq = a[p * l + q]!;
  if (Math.abs(apq) < 1e-300) return;
  const theta = (a[q * l + q]! - a[p * l + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < l; k++) {
    const akp = a[k * l + p]!;
    const akq = a[k * l + q]!;
    a[k * l + p] = c * akp - s * akq;
    a[k * l + q] = s * akp + c * akq;
  }
  for (let k = 0; k < l; k++) {
    const apk = a[p * l + k]!;
    const aqk = a[q * l + k]!;
    a[p * l + k] = c * apk - s * aqk;
    a[q * l + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < l; k++) {
    const vkp = v[k * l + p]!;
    const vkq = v[k * l + q]!;
    v[k * l + p] = c * vkp - s * vkq;
    v[k * l + q] = s * vkp + c * vkq;
  }
}
