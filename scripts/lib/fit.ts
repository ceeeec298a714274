/**
 * Deterministic fitting for the answer model: no randomness, no data order effects beyond the
 * input's own order, so the same data gives the same weights.
 */
import { type LinearModel, linear, softmax } from "../../src/answer/ranker.js";

/** Logistic regression by Newton's method (IRLS) with an L2 penalty on the weights, not the bias. */
export function fitLogistic(rows: { x: number[]; y: number }[], lambda = 1): LinearModel {
  const d = (rows[0]?.x.length ?? 0) + 1;
  const w = new Array<number>(d).fill(0); // w[0] is the bias
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const { x, y } of rows) {
      const v = [1, ...x];
      let z = 0;
      for (let i = 0; i < d; i++) z += w[i]! * v[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const s = p * (1 - p);
      for (let i = 0; i < d; i++) {
        g[i]! += (p - y) * v[i]!;
        for (let j = 0; j <= i; j++) H[i]![j]! += s * v[i]! * v[j]!;
      }
    }
    for (let i = 1; i < d; i++) {
      g[i]! += lambda * w[i]!;
      H[i]![i]! += lambda;
    }
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) H[i]![j] = H[j]![i]!;
    const step = solve(H, g);
    let moved = 0;
    for (let i = 0; i < d; i++) {
      w[i]! -= step[i]!;
      moved = Math.max(moved, Math.abs(step[i]!));
    }
    if (moved < 1e-7) break;
  }
  return { bias: w[0]!, weights: w.slice(1) };
}

/**
 * A listwise ranker: for each question, the softmax over its candidates' scores should put its
 * mass on the candidates that hold the fact (loss: -log of their total share). Fitted by full-batch
 * Adam from zero with an L2 penalty (0.001: of 0, 0.0001, 0.001, 0.01 and 0.1, 0.001 ranked best on the calibration quarter, with 0.0001 and 0 tied); questions with no right candidate teach nothing and are skipped.
 */
export function fitListwise(
  questions: { x: number[][]; y: number[] }[],
  opts: { lambda?: number; iterations?: number; rate?: number } = {},
): LinearModel {
  const lambda = opts.lambda ?? 0.001;
  const iterations = opts.iterations ?? 400;
  const rate = opts.rate ?? 0.05;
  const usable = questions.filter((q) => q.y.some((v) => v > 0) && q.y.some((v) => v === 0));
  const d = usable[0]?.x[0]?.length ?? 0;
  const model: LinearModel = { bias: 0, weights: new Array<number>(d).fill(0) };
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  for (let t = 1; t <= iterations; t++) {
    const g = model.weights.map((w) => lambda * w * usable.length);
    for (const q of usable) {
      const p = softmax(q.x.map((x) => linear(model, x)));
      const pos = p.reduce((s, pi, i) => s + (q.y[i]! > 0 ? pi : 0), 0);
      // d(-log Σpos p)/ds_i = p_i - [i pos] p_i / Σpos p
      q.x.forEach((x, i) => {
        const coef = p[i]! - (q.y[i]! > 0 ? p[i]! / pos : 0);
        if (coef !== 0) for (let j = 0; j < d; j++) g[j]! += coef * x[j]!;
      });
    }
    for (let j = 0; j < d; j++) {
      const gj = g[j]! / usable.length;
      m[j] = 0.9 * m[j]! + 0.1 * gj;
      v[j] = 0.999 * v[j]! + 0.001 * gj * gj;
      const mh = m[j]! / (1 - 0.9 ** t);
      const vh = v[j]! / (1 - 0.999 ** t);
      model.weights[j]! -= (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return model;
}

/** Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const pivot = M[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / pivot;
      if (f !== 0) for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / (M[i]![i]! || 1e-12));
}

/** The lowest threshold at which the answered items reach the precision asked for (1 when none does). */
export function thresholdFor(decisions: { p: number; ok: boolean }[], precision: number): number {
  const sorted = [...decisions].sort((a, b) => b.p - a.p);
  let ok = 0;
  let chosen = 1;
  sorted.forEach((d, i) => {
    if (d.ok) ok++;
    if (ok / (i + 1) >= precision) chosen = d.p;
  });
  return chosen;
}
