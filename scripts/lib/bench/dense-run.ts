/**
 * `npm run bench -- --dense`: HNSW recall on dense vectors (dense-recall.ts says how they are made) at
 * each size, each in its own process. Defaults: --dense-sizes 100000, --dense-dims 384,
 * --dense-graphs 16:100,16:200 (M:efConstruction), --dense-ef 64,128,256, --dense-queries 100,
 * --dense-shape 256:1.5:2000 (latent dimensions : cluster spread : clusters; the default measured
 * harder than real embeddings look: a query's nearest neighbour at cosine 0.55 among 10,000).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { DenseRecallResult } from "./dense-recall.js";

/** `npm run bench -- --dense` options, parsed: sizes, and graphs as M:efConstruction pairs. */
function parseDenseArgs(v: {
  sizes: string;
  dims: string;
  graphs: string;
  ef: string;
  queries: string;
  shape: string;
}) {
  const [latent, spread, clusters] = v.shape.split(":").map(Number);
  if (!(latent! > 0 && spread! > 0 && clusters! > 0))
    throw new Error(`--dense-shape: "${v.shape}" is not latent:spread:clusters`);
  const graphs = v.graphs.split(",").map((g) => {
    const [M, efConstruction] = g.split(":").map(Number);
    if (!(M! > 1 && efConstruction! > 1)) throw new Error(`--dense-graphs: "${g}" is not M:efConstruction`);
    return { M: M!, efConstruction: efConstruction! };
  });
  return {
    sizes: v.sizes.split(",").map(Number),
    dims: Number(v.dims),
    queries: Number(v.queries),
    graphs,
    efSearch: v.ef.split(",").map(Number),
    latent: latent!,
    spread: spread!,
    clusters: clusters!,
  };
}

/** The results as the Markdown written to dense-results.md. */
function denseMarkdown(results: DenseRecallResult[], command: string, load: string): string {
  const lines = [
    "# HNSW recall@10 on dense, real-embedding-like vectors",
    "",
    `Command: \`${command}\`. ${load}`,
    "",
    `Vectors: ${results[0]?.distribution ?? ""}. Queries are further draws, not in the index;`,
    "recall@10 is the share of the exact (brute-force cosine) top 10 that HNSW returns.",
    "No embedding model is at hand offline: these are a stand-in, not real embeddings.",
    "",
    "| vectors | dims | query→nearest cosine | query→random cosine | M | efConstruction | build s | efSearch | recall@10 | search p50 / p95 ms | peak RSS MB |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of results)
    for (const run of r.runs)
      lines.push(
        `| ${r.size.toLocaleString("en")} | ${r.dims} | ${r.nearest_cosine} | ${r.random_cosine} | ${run.M} | ${run.efConstruction} | ${run.build_s} | ${run.efSearch} | ${run.recall_at_10} | ${run.p50_ms} / ${run.p95_ms} | ${r.peak_rss_mb} |`,
      );
  return `${lines.join("\n")}\n`;
}

export interface DenseOptions {
  "dense-sizes": string;
  "dense-dims": string;
  "dense-graphs": string;
  "dense-ef": string;
  "dense-queries": string;
  "dense-shape": string;
}

/** Runs every size, writes dense-results.md in `outDir`, returns its Markdown. */
export async function runDenseBench(opts: {
  values: DenseOptions;
  outDir: string;
  command: string;
  child: <T>(task: string, args: object) => Promise<T>;
  log: (msg: string) => void;
}): Promise<string> {
  const v = opts.values;
  const d = parseDenseArgs({
    sizes: v["dense-sizes"],
    dims: v["dense-dims"],
    graphs: v["dense-graphs"],
    ef: v["dense-ef"],
    queries: v["dense-queries"],
    shape: v["dense-shape"],
  });
  const results: DenseRecallResult[] = [];
  const before = loadavg()[0]!.toFixed(1);
  for (const size of d.sizes) {
    opts.log(`dense recall: ${size} vectors of ${d.dims} dimensions`);
    results.push(await opts.child<DenseRecallResult>("dense-recall", { ...d, size }));
  }
  const load = `Load average (1 min) ${before} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${cpus().length} cores shared with other work.`;
  const md = denseMarkdown(results, opts.command, load);
  await mkdir(opts.outDir, { recursive: true });
  await writeFile(join(opts.outDir, "dense-results.md"), md);
  return md;
}
