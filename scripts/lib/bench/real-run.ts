/**
 * `npm run bench -- --real`: the orchestration and the report of the benchmark on real news
 * (the jobs themselves are in real.ts and tasks.ts, each run in its own process).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { hnswlibBuild } from "../../../src/index/hnswlib.js";
import { prepareSet } from "../real-sets.js";
import type { CliStart } from "./cli-start.js";
import type { RealBaselineResult, RealServeResult, RealSetArgs } from "./real.js";
import { codeLabel } from "./service-code.js";
import type { BuildResult, StartupResult, Vectors } from "./tasks.js";

/** Our index with one kind of offline vectors: built, started cold, served. */
export interface OursResult {
  vectors: Vectors;
  build: BuildResult;
  startup: StartupResult;
  /** The same cold start through the reader's own command (`npm run ask`), spawn to exit. */
  cli?: CliStart;
  serve: RealServeResult;
}

export interface RealSizeResult {
  /** "10000" or "all". */
  size: string;
  articles: number;
  ours: OursResult[];
  baseline?: RealBaselineResult;
}

export interface RealRun {
  started: string;
  machine: string;
  node: string;
  /** Which hnswlib addon the jobs ran (src/index/hnswlib.ts). */
  hnswlib?: string;
  command: string;
  /** 1-minute load average sampled every 5 s during the run (it counts the benchmark's own work too). */
  load: { mean: number; max: number };
  /**
   * CPU time the rest of the machine used while the benchmark ran (every CPU's busy time from
   * /proc/stat less this process's and its children's), and the run's wall time, in seconds.
   */
  others: { cpu_s: number; wall_s: number } | null;
  sizes: RealSizeResult[];
}

type Child = <T>(task: string, args: object) => Promise<T>;

/** Sizes as given to --real-sizes: article counts, or "all" for every article. */
export function parseRealSizes(spec: string): string[] {
  return spec.split(",").map((s) => {
    const v = s.trim();
    if (v !== "all" && !(Number(v) > 0)) throw new Error(`--real-sizes: "${v}" is not a count or "all"`);
    return v;
  });
}

/** Kinds of vectors as given to --real-vectors. */
export function parseRealVectors(spec: string): Vectors[] {
  return spec.split(",").map((s) => {
    const v = s.trim();
    if (v !== "hashed" && v !== "lsa" && v !== "none")
      throw new Error(`--real-vectors: "${v}" is not hashed, lsa or none`);
    return v;
  });
}

function cliMs(o: OursResult): string {
  return o.cli ? String(o.cli.ms) : "(not run)";
}

/** What `npm run ask` ran in the run's cold starts: the compiled dist/, the sources, or a mix. */
function ranLabel(run: RealRun): string {
  const ran = run.sizes.flatMap((s) => s.ours.flatMap((o) => (o.cli ? [o.cli.ran] : [])));
  return ran.length === 0 ? "not run" : codeLabel(ran);
}

/** What served the run's questions: the compiled dist/ (what `npm start` runs), the sources, or both. */
function servedLabel(run: RealRun): string {
  return codeLabel(run.sizes.flatMap((s) => s.ours.map((o) => o.serve.code)));
}

export async function runRealBench(opts: {
  sizes: string[];
  /** Our index once per kind of vectors, on the same articles. */
  vectors: Vectors[];
  work: string;
  indexRoot: string;
  baselineMax: number;
  command: string;
  child: Child;
  /** Times `npm run ask`'s command on the index in a fresh process (cli-start.ts). */
  cliAsk?: (indexDir: string, question: string, vectors: Vectors) => Promise<CliStart>;
  log: (msg: string) => void;
}): Promise<RealRun> {
  const samples: number[] = [];
  const busy0 = machineBusySeconds();
  const wall0 = performance.now();
  const sampler = setInterval(() => samples.push(loadavg()[0]!), 5000);
  const started = new Date().toISOString();
  const sizes: RealSizeResult[] = [];
  try {
    for (const size of opts.sizes) {
      const setArgs: RealSetArgs =
        size === "all"
          ? { set: "news-all", size: 10_000, work: opts.work }
          : { set: "news", size: Number(size), work: opts.work };
      const set = prepareSet(setArgs.set, setArgs.work, { newsSize: setArgs.size });
      const articles = size === "all" ? 68_210 : Number(size);
      const ours: OursResult[] = [];
      for (const vectors of opts.vectors) {
        const indexDir = await mkdtemp(join(opts.indexRoot, "real-index-"));
        try {
          opts.log(`real news, ${size} articles, vectors ${vectors}: building`);
          const build = await opts.child<BuildResult>("build", {
            corpusDir: set.corpusDir,
            indexDir,
            vectors,
          });
          opts.log(
            `${size}: ${build.chunks} chunks in ${build.build_ms} ms; first answer after a cold start`,
          );
          const startup = await opts.child<StartupResult>("startup", {
            indexDir,
            question: set.items[0]!.question,
            vectors,
          });
          const cli = await opts.cliAsk?.(indexDir, set.items[0]!.question, vectors);
          opts.log(`${size}: serving the ${set.items.length} dev questions`);
          const serve = await opts.child<RealServeResult>("real-serve", { ...setArgs, indexDir, vectors });
          ours.push({ vectors, build, startup, cli, serve });
        } finally {
          await rm(indexDir, { recursive: true, force: true });
        }
      }
      let baseline: RealBaselineResult | undefined;
      if (articles <= opts.baselineMax) {
        opts.log(`${size}: LangChain baseline`);
        baseline = await opts.child<RealBaselineResult>("real-baseline", setArgs);
      }
      sizes.push({ size, articles, ours, baseline });
    }
  } finally {
    clearInterval(sampler);
  }
  const busy1 = machineBusySeconds();
  const cpu = cpus();
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return {
    started,
    machine: `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GB RAM`,
    node: process.version,
    hnswlib: hnswlibBuild === "native" ? "compiled for this CPU" : "portable build",
    command: opts.command,
    load: {
      mean: round1(samples.reduce((a, b) => a + b, 0) / (samples.length || 1)),
      max: round1(Math.max(0, ...samples)),
    },
    others:
      busy0 === null || busy1 === null
        ? null
        : {
            // The machine's busy time (/proc/stat) and ours (our children's, from their stat
            // files) tick apart, so a quiet run can come out a second or two below nothing.
            cpu_s: Math.max(0, Math.round(busy1 - busy0 - ownCpuSeconds())),
            wall_s: Math.round((performance.now() - wall0) / 1000),
          },
    sizes,
  };
}

/** Busy CPU seconds of the whole machine since boot (/proc/stat; null where there is none). */
function machineBusySeconds(): number | null {
  try {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds of this process and of its children that ended (every benchmark job has, by now). */
function ownCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat
    .slice(stat.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
  // utime, stime, cutime, cstime are fields 14-17 of proc(5), 12-15 after the name.
  return (f[11]! + f[12]! + f[13]! + f[14]!) / CLOCK_TICKS;
}

/** USER_HZ, 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

const ms = (l: { p50: number; p95: number; p99: number }) => `${l.p50} / ${l.p95} / ${l.p99}`;
const q = (x: { hit_at_5: number; accuracy: number }) => `${x.hit_at_5} / ${x.accuracy}`;

/** bench/real-results.md */
export function realMarkdown(run: RealRun): string {
  const o = run.others;
  const busy = o !== null && o.cpu_s / o.wall_s > 0.1;
  const lines = [
    "# Benchmark on real news",
    "",
    `Run ${run.started} on ${run.machine}, Node ${run.node}${run.hnswlib ? `, hnswlib ${run.hnswlib}` : ""}. Command: \`${run.command}\`.`,
    "",
    (o
      ? `Other processes used ${o.cpu_s} CPU-seconds during the run's ${o.wall_s} s (${Math.round((o.cpu_s / o.wall_s) * 100)}% of one core on average). `
      : "") +
      `Load average (1 min, sampled every 5 s, the benchmark's own work included): mean ${run.load.mean}, max ${run.load.max}. ` +
      (busy
        ? "The machine's cores are shared with other jobs, and other work was running during this run: its times are pessimistic."
        : "Little else ran during the run."),
    "",
    "Articles are `../shared/eval/news` laid out by its `make_corpus.py` (seed 1, every question's source article" +
      " included), as `npm run eval:real` lays them out; the questions are its 298 dev questions, split into" +
      " the tune and the report half by source article (scripts/lib/real-sets.ts). Each job ran in its own process.",
    "",
    "## Ours (BM25 + the vectors named, evidence rerank, extractive answerer)",
    "",
    "Vectors `hashed`: 512-d hashed TF-IDF in HNSW, fused with BM25; `lsa`: `EMBEDDINGS=lsa`, 128-d LSA vectors" +
      " (a truncated SVD fitted on the corpus by the full build) in HNSW, fused with BM25; `none`: `EMBEDDINGS=none`," +
      " no vectors, BM25 alone.",
    "",
    "| articles | vectors | chunks | build s | build chunks/s | build peak RSS MB | index MB | load ms | first answer after a cold start ms | `npm run ask` cold, spawn to exit ms | retrieval p50/p95/p99 ms | ask p50/p95/p99 ms | serving peak RSS MB | hit@5 / accuracy, report half | hit@5 / accuracy, tune half |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...run.sizes.flatMap((s) =>
      s.ours.map(
        (o) =>
          `| ${s.articles.toLocaleString("en")} | ${o.vectors} | ${o.build.chunks} | ${(o.build.build_ms / 1000).toFixed(1)} | ${o.build.build_chunks_per_s} | ${o.build.peak_rss_mb} | ${o.build.index_mb} | ${o.serve.load_ms} | ${o.startup.first_answer_ms} | ${cliMs(o)} | ${ms(o.serve.retrieval)} | ${ms(o.serve.ask)} | ${o.serve.peak_rss_mb} | ${q(o.serve.quality.report)} | ${q(o.serve.quality.tune)} |`,
      ),
    ),
    "",
    "- build: `buildIndex --full` into an empty folder, two worker threads, run by " +
      codeLabel(run.sizes.flatMap((s) => s.ours.map((o) => o.build.code))) +
      " as `npm run index` runs it; index MB: every file of the generation.",
    "- first answer after a cold start: a fresh process of the bench's own job (modules through tsx, checked load," +
      " answerer, one question), after" +
      " the index's files were hashed once (so the page cache is warm, as after a rebuild); its peak RSS: " +
      run.sizes
        .flatMap((s) =>
          s.ours.map(
            (o) => `${o.startup.peak_rss_mb} MB at ${s.articles.toLocaleString("en")} (${o.vectors})`,
          ),
        )
        .join(", ") +
      ".",
    "- `npm run ask` cold: the reader's own command (`node scripts/run.mjs cli ask --index DIR QUESTION`) in a fresh" +
      " process, timed from spawn to exit, right after that job (page cache warm); it runs the compiled dist/ when" +
      " it is fresh, else the sources through tsx: here " +
      ranLabel(run) +
      ".",
    "- retrieval: the service's `retrieve` (BM25, fused with the HNSW neighbours when there are vectors, the evidence rerank, at most two chunks an" +
      " article), top 5; ask: that plus the answer. Each over the dev questions after 5 warm-up questions, run by " +
      servedLabel(run) +
      " (scripts/lib/bench/service-code.ts).",
    "- serving peak RSS: the process that loaded the index and asked every question.",
    "",
    "## LangChain baseline (RecursiveCharacterTextSplitter 300/30 + HNSWLib defaults, same embedder)",
    "",
    "The same article files as Documents, split, embedded and added to HNSWLib in memory; its top 5 answered" +
      " by our extractive answerer, so the quality columns compare retrieval.",
    "",
    "| articles | chunks | build s | build chunks/s | query p50/p95/p99 ms | peak RSS MB | hit@5 / accuracy, report half | hit@5 / accuracy, tune half |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...run.sizes.map((s) =>
      s.baseline
        ? `| ${s.articles.toLocaleString("en")} | ${s.baseline.chunks} | ${(s.baseline.build_ms / 1000).toFixed(1)} | ${s.baseline.build_chunks_per_s} | ${ms(s.baseline.query)} | ${s.baseline.peak_rss_mb} | ${q(s.baseline.quality.report)} | ${q(s.baseline.quality.tune)} |`
        : `| ${s.articles.toLocaleString("en")} | (not run) | | | | | | |`,
    ),
    "",
    "## Against issue 14's targets",
    "",
    "| target | goal | measured | status |",
    "| --- | --- | --- | --- |",
  ];
  const row = (what: string, goal: string, value: number, ok: boolean, unit: string) =>
    lines.push(`| ${what} | ${goal} | ${value} ${unit} | ${ok ? "met" : "missed"} |`);
  for (const o of run.sizes.find((s) => s.size === "all")?.ours ?? []) {
    const at = `68,210 articles, vectors ${o.vectors}`;
    const { build, serve, startup } = o;
    row(`${at}: index wall time`, "≤ 105 s", build.build_ms / 1000, build.build_ms <= 105_000, "s");
    row(
      `${at}: build chunks/s`,
      "≥ 2,000",
      build.build_chunks_per_s,
      build.build_chunks_per_s >= 2000,
      "chunks/s",
    );
    row(`${at}: peak RSS while indexing`, "≤ 2,048 MB", build.peak_rss_mb, build.peak_rss_mb <= 2048, "MB");
    row(
      `${at}: peak RSS serving the dev questions`,
      "≤ 1,024 MB",
      serve.peak_rss_mb,
      serve.peak_rss_mb <= 1024,
      "MB",
    );
    row(
      `${at}: first answer after a cold start (the bench's job)`,
      "≤ 2,000 ms",
      startup.first_answer_ms,
      startup.first_answer_ms <= 2000,
      "ms",
    );
    if (o.cli)
      row(
        `${at}: first answer after a cold start (\`npm run ask\`)`,
        "≤ 2,000 ms",
        o.cli.ms,
        o.cli.ms <= 2000,
        "ms",
      );
    row(`${at}: per question (ask p50)`, "≤ 5 ms", serve.ask.p50, serve.ask.p50 <= 5, "ms");
  }
  for (const s of run.sizes)
    for (const o of s.baseline ? s.ours : []) {
      const x = Math.round((o.build.build_chunks_per_s / s.baseline!.build_chunks_per_s) * 100) / 100;
      row(
        `${s.articles.toLocaleString("en")} articles, vectors ${o.vectors}: build throughput against the baseline`,
        "≥ 2 ×",
        x,
        x >= 2,
        "×",
      );
    }
  lines.push("");
  return lines.join("\n");
}
