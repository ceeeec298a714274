/** Small helpers for the benchmark: percentiles, timing, and the latency chart. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

/** Runs `fn` once per input (after a short warm-up) and reports latency percentiles in ms. */
export async function measure<T>(inputs: T[], fn: (input: T) => Promise<unknown>): Promise<Latency> {
  for (const input of inputs.slice(0, 5)) await fn(input);
  const times: number[] = [];
  for (const input of inputs) {
    const t = performance.now();
    await fn(input);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 100) / 100;
  return { p50: r(percentile(times, 50)), p95: r(percentile(times, 95)), p99: r(percentile(times, 99)) };
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export interface ChartSeries {
  name: string;
  color: string;
  points: [number, number][];
}

/** A log-x line chart as a standalone SVG: p95 latency (ms) against corpus size (chunks). */
export function latencyChart(series: ChartSeries[], title: string): string {
  const W = 640;
  const H = 360;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x0 = Math.log10(Math.min(...xs));
  const x1 = Math.log10(Math.max(...xs)) || x0 + 1;
  const yMax = Math.max(...ys, 1) * 1.1;
  const px = (x: number) => m.l + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - (y / yMax) * (H - m.t - m.b);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`,
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle">chunks (log scale)</text>`,
    `<text x="15" y="${H / 2}" transform="rotate(-90 15 ${H / 2})" text-anchor="middle">p95 query latency (ms)</text>`,
  ];
  for (const x of [...new Set(xs)].sort((a, b) => a - b))
    parts.push(
      `<text x="${px(x)}" y="${H - m.b + 16}" text-anchor="middle">${x.toLocaleString("en")}</text>`,
    );
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(`<text x="${m.l - 6}" y="${py(y) + 4}" text-anchor="end">${y.toFixed(y < 10 ? 1 : 0)}</text>`);
    parts.push(`<line x1="${m.l}" y1="${py(y)}" x2="${W - m.r}" y2="${py(y)}" stroke="#eee"/>`);
  }
  for (const [i, s] of series.entries()) {
    const pts = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const [x, y] of s.points)
      parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${s.color}"/>`);
    parts.push(`<rect x="${m.l + 10}" y="${m.t + i * 18}" width="12" height="3" fill="${s.color}"/>`);
    parts.push(`<text x="${m.l + 28}" y="${m.t + i * 18 + 5}">${s.name}</text>`);
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
