/**
 * `npm run bench:fts5`: should BM25 and the chunk store live in SQLite FTS5 (better-sqlite3)? Reads
 * and chunks the repository's corpus plus N synthetic pages the way `npm run index` does, tokenises
 * every chunk once with jieba, and indexes the same token lists three ways: the in-memory Bm25Index,
 * the persisted postings an index generation loads (lexical.bin, SegmentedBm25), and an FTS5 table in
 * a WAL-mode database file (tokens space-joined, ranked by bm25()). Then it measures build time,
 * open/load time, size and memory, query latency over the generator's questions, and BM25-alone
 * retrieval quality: evidence hit@5 and hit@20 on answerable questions, and top-5 overlap.
 *
 *   --pages N       synthetic pages (default 1000; 5000 for the larger run)
 *   --seed S        generator seed (default 1)
 *   --questions Q   generated questions asked, evenly spaced through qa.jsonl (default 3000; 0: all)
 *   --json          print the figures as JSON instead of the table
 *   --keep DIR      work in DIR and keep it (default: a temporary folder, removed afterwards)
 *
 * One thread: pages are read here, not in build workers, so the other core stays free. Start-up
 * (open or load, then answer one question) and the memory it takes are measured in a fresh child
 * process per engine, with the OS page cache warm; builds and queries run in this process. FTS5 is
 * also built with its default unicode61 tokenizer, which splits tokens such as 30% and 2.7; that
 * variant's latency and quality are reported below the table.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { chunkArticle, embeddingText } from "../src/chunk/chunker.js";
import { loadConfig } from "../src/config.js";
import { parseQaSet } from "../src/eval/evaluate.js";
import { Bm25Index, type ScoredDoc } from "../src/index/bm25.js";
import { PostingsBuilder, SegmentedBm25, SegmentPostings } from "../src/index/lexical.js";
import { readSource } from "../src/index/read-sources.js";
import { SortedTerms, TERMS_FILE, termsFileBytes } from "../src/index/term-table.js";
import { listPageFiles } from "../src/ingest/read-page.js";
import { compact } from "../src/text/normalize.js";
import { createTokenizer } from "../src/text/tokenizer.js";
import type { Chunk } from "../src/types.js";
import { Fts5Index } from "./lib/bench/fts5.js";
import { type Latency, percentile } from "./lib/bench/stats.js";
import { scriptArgs } from "./lib/script-args.js";
import { generateCorpus } from "./lib/synth/index.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    pages: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    questions: { type: "string", default: "3000" },
    json: { type: "boolean", default: false },
    keep: { type: "string" },
    // Internal: run one engine's start-up measurement in this (child) process.
    "load-child": { type: "string" },
  },
});
const pages = Number(values.pages);
const seed = Number(values.seed);
const questionLimit = Number(values.questions);
const root = join(import.meta.dirname, "..");
/** Candidates the hybrid retriever asks BM25 for (rerank pool 30); hit@5 and hit@20 are its prefixes. */
const K = 30;
const log = (msg: string) => process.stderr.write(`[bench:fts5] ${msg}\n`);

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const mem = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
};
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const since = (t: number) => Math.round(performance.now() - t);

interface LoadResult {
  load_ms: number;
  heap_mb: number;
  rss_mb: number;
}

if (values["load-child"]) {
  const result = await loadChild(values["load-child"], values.keep!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/**
 * One engine's start-up in a fresh process: what a restarted bot does before it can answer. The
 * tokenizer and the corpus dictionary are loaded first, as every engine needs them for questions.
 */
async function loadChild(engine: string, dir: string): Promise<LoadResult> {
  const tokenizer = createTokenizer();
  tokenizer.addWords((await readFile(join(dir, "dictionary.txt"), "utf8")).split("\n").filter(Boolean));
  const question = tokenizer.tokens(await readFile(join(dir, "question.txt"), "utf8"));
  const before = mem();
  const started = performance.now();
  let holds: unknown;
  if (engine === "bm25") {
    const index = new Bm25Index();
    const text = await readFile(join(dir, "chunks.jsonl"), "utf8");
    for (const line of text.split("\n"))
      if (line) index.add(tokenizer.tokens(embeddingText(JSON.parse(line))));
    index.search(question, K);
    holds = index;
  } else if (engine === "postings") {
    const postings = new SegmentPostings(
      await readFile(join(dir, "lexical.bin")),
      new SortedTerms(await readFile(join(dir, TERMS_FILE))),
    );
    const index = new SegmentedBm25([{ postings, base: 0, deleted: new Uint8Array(postings.docs) }]);
    index.search(question, K);
    holds = index;
  } else {
    const index = new Fts5Index(join(dir, "fts5.db"), { readonly: true });
    index.search(question, K);
    holds = index;
  }
  const loadMs = since(started);
  const after = mem();
  if (!holds) throw new Error("nothing loaded");
  return { load_ms: loadMs, heap_mb: mb(after.heap - before.heap), rss_mb: mb(after.rss - before.rss) };
}

function measureLoad(engine: string): LoadResult {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "scripts/bench-fts5.ts"), "--load-child", engine, "--keep", work],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (child.status !== 0) throw new Error(`start-up measurement for ${engine} exited with ${child.status}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as LoadResult;
}

const work = values.keep ?? (await mkdtemp(join(tmpdir(), "newsqa-fts5-")));
await mkdir(work, { recursive: true });
const synthDir = join(work, "synthetic");
log(`generating ${pages} pages (seed ${seed}) in ${synthDir}`);
await rm(synthDir, { recursive: true, force: true });
await generateCorpus({ pages, seed, outDir: synthDir });

// Read and chunk as build.ts does in-process: same reader, same de-duplication, same chunking, and
// the names the pages teach the segmenter are added before any chunk is tokenised.
const config = loadConfig({ LOG_LEVEL: "silent" });
const tokenizer = createTokenizer();
const corpora = [join(root, "corpus"), synthDir];
let t = performance.now();
const chunks: Chunk[] = [];
const names = new Set<string>();
const seenArticles = new Set<string>();
const seenChunks = new Set<string>();
let pageCount = 0;
for (const dir of corpora) {
  for (const file of await listPageFiles(dir)) {
    const r = await readSource(file, dir, tokenizer);
    if (!r.ok) {
      log(`skipped ${r.source}: ${r.reason}`);
      continue;
    }
    pageCount++;
    for (const n of r.names) names.add(n);
    for (const [i, article] of r.page.articles.entries()) {
      if (seenArticles.has(r.articleKeys[i]!)) continue;
      seenArticles.add(r.articleKeys[i]!);
      for (const c of chunkArticle(article, i, r.page, config.chunking)) {
        if (seenChunks.has(c.id)) continue;
        seenChunks.add(c.id);
        chunks.push(c);
      }
    }
    if (pageCount % 200 === 0) log(`read ${pageCount} pages`);
  }
}
tokenizer.addWords(names);
const readMs = since(t);
log(`${pageCount} pages, ${chunks.length} chunks read in ${readMs} ms; tokenising`);
t = performance.now();
const docTokens = chunks.map((c) => tokenizer.tokens(embeddingText(c)));
const tokeniseMs = since(t);

const allQa = parseQaSet(await readFile(join(synthDir, "qa.jsonl"), "utf8"), "qa.jsonl");
const qa =
  questionLimit > 0 && questionLimit < allQa.length
    ? Array.from({ length: questionLimit }, (_, i) => allQa[Math.floor((i * allQa.length) / questionLimit)]!)
    : allQa;
const queryTokens = qa.map((q) => tokenizer.tokens(q.question));
const answerable = qa.flatMap((q, i) => (q.answerable ? [i] : []));

// unicode61 splits at anything but letters and digits: how many jieba tokens does it not keep whole?
const distinct = new Set(docTokens.flat());
const split = [...distinct].filter((tok) => /[^\p{L}\p{N}\p{Co}]/u.test(tok));
if (split.length > 0) log(`tokens unicode61 splits, e.g. ${split.slice(0, 12).join(" ")}`);
const distinctCount = distinct.size;
distinct.clear();

interface EngineResult {
  build_ms: number;
  size_mb: number;
  /** Start-up in a fresh process (see loadChild): time, and heap + array buffers and RSS it added. */
  load: LoadResult;
  latency: Latency;
  hit5: number;
  hit20: number;
}
const results: Record<string, EngineResult> = {};
const hits = new Map<string, ScoredDoc[][]>();

/** Asks every question once (after five warm-up queries), timing each; keeps the hits for quality. */
function serve(
  name: string,
  search: (tokens: string[], k: number) => ScoredDoc[],
): Pick<EngineResult, "latency" | "hit5" | "hit20"> {
  for (const q of queryTokens.slice(0, 5)) search(q, K);
  const times: number[] = [];
  const all = queryTokens.map((q) => {
    const started = performance.now();
    const found = search(q, K);
    times.push(performance.now() - started);
    return found;
  });
  hits.set(name, all);
  times.sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 100) / 100;
  const latency = {
    p50: r(percentile(times, 50)),
    p95: r(percentile(times, 95)),
    p99: r(percentile(times, 99)),
  };
  const hitAt = (k: number) => {
    let n = 0;
    for (const i of answerable) {
      const evidence = qa[i]!.evidence.map(compact).filter(Boolean);
      const found = all[i]!.slice(0, k).some((h) => {
        const text = compact(chunks[h.doc]!.text);
        return evidence.some((e) => text.includes(e));
      });
      if (found) n++;
    }
    return Math.round((n / answerable.length) * 1000) / 10;
  };
  return { latency, hit5: hitAt(5), hit20: hitAt(20) };
}

// Everything on disk is built first, while the token lists are in memory as a build has them.
// (b) The persisted postings a generation stores and openSearchIndex loads (no re-tokenising).
log("building persisted postings (lexical.bin)");
t = performance.now();
{
  const builder = new PostingsBuilder();
  for (const tokens of docTokens) builder.add(tokens);
  const lexical = builder.finish();
  await writeFile(join(work, "lexical.bin"), lexical.bin);
  await writeFile(join(work, TERMS_FILE), termsFileBytes(lexical.terms));
}
const postingsBuild = since(t);
const postingsSize = (await stat(join(work, "lexical.bin"))).size + (await stat(join(work, TERMS_FILE))).size;

// (c) FTS5: chunk store and contentless index in one WAL-mode file, built in one transaction and
// optimised, as a full `npm run index` would; and the same with FTS5's default tokenizer, which does
// not keep every jieba token whole.
const buildFts = (path: string, tokenize: "whole" | "unicode61") => {
  const started = performance.now();
  const writer = new Fts5Index(path, { wal: true, tokenize });
  writer.add(chunks.map((chunk, i) => ({ chunk, tokens: docTokens[i]! })));
  writer.optimize();
  writer.close();
  return since(started);
};
const dbPath = join(work, "fts5.db");
const u61Path = join(work, "fts5-unicode61.db");
for (const suffix of ["", "-wal", "-shm"]) {
  await rm(dbPath + suffix, { force: true });
  await rm(u61Path + suffix, { force: true });
}
log("building SQLite FTS5");
const ftsBuild = buildFts(dbPath, "whole");
const dbSize = (await stat(dbPath)).size;
log("building SQLite FTS5, unicode61 tokenizer");
const u61Build = buildFts(u61Path, "unicode61");
// One page's chunks, to time deleting and re-adding them in FTS5.
const lastPage = chunks.at(-1)?.source;
const pageRows = chunks.flatMap((chunk, i) =>
  chunk.source === lastPage ? [{ doc: i, chunk, tokens: docTokens[i]! }] : [],
);

// What a restarted process reads, for the start-up measurements: the chunks (Bm25Index re-tokenises
// them), the corpus dictionary, and a question to answer once loaded.
await writeFile(join(work, "chunks.jsonl"), chunks.map((c) => `${JSON.stringify(c)}\n`).join(""));
await writeFile(join(work, "dictionary.txt"), [...names].join("\n"));
await writeFile(join(work, "question.txt"), qa[0]?.question ?? "");
const loads: Record<string, LoadResult> = {};
for (const engine of ["bm25", "postings", "fts5"]) {
  log(`start-up of ${engine} in a child process`);
  loads[engine] = measureLoad(engine);
}

// (a) In-memory Bm25Index, built from every chunk at load, as the bot once did. It and the token lists are dropped
// afterwards, so the other engines serve with a small heap. (The holder is cleared by hand: a
// closure's block scope can outlive the block.)
log("in-memory Bm25Index");
t = performance.now();
let bm25: Bm25Index | undefined = new Bm25Index();
for (const tokens of docTokens) bm25.add(tokens);
results.bm25 = {
  build_ms: since(t),
  size_mb: 0,
  load: loads.bm25!,
  ...serve("bm25", (q, k) => bm25!.search(q, k)),
};
bm25 = undefined;
docTokens.length = 0;

log("persisted postings (SegmentedBm25)");
const postings = new SegmentPostings(
  await readFile(join(work, "lexical.bin")),
  new SortedTerms(await readFile(join(work, TERMS_FILE))),
);
let segmented: SegmentedBm25 | undefined = new SegmentedBm25([
  { postings, base: 0, deleted: new Uint8Array(postings.docs) },
]);
results.postings = {
  build_ms: postingsBuild,
  size_mb: mb(postingsSize),
  load: loads.postings!,
  ...serve("postings", (q, k) => segmented!.search(q, k)),
};
segmented = undefined;

log("SQLite FTS5");
const fts = new Fts5Index(dbPath, { readonly: true });
const pageSize = fts.db.pragma("page_size", { simple: true }) as number;
const cacheKib = -(fts.db.pragma("cache_size", { simple: true }) as number);
const indexBytes = (
  fts.db.prepare("SELECT sum(pgsize) AS n FROM dbstat WHERE name LIKE 'fts%'").get() as { n: number }
).n;
results.fts5 = {
  build_ms: ftsBuild,
  size_mb: mb(dbSize),
  load: loads.fts5!,
  ...serve("fts5", (q, k) => fts.search(q, k)),
};
fts.close();

// What FTS5 gives beyond search: deleting and re-adding one page's chunks in place.
const edit = new Fts5Index(dbPath, { wal: true });
t = performance.now();
edit.delete(pageRows.map((r) => r.doc));
const deleteMs = Math.round((performance.now() - t) * 10) / 10;
t = performance.now();
edit.add(pageRows);
const addMs = Math.round((performance.now() - t) * 10) / 10;
edit.close();

log("SQLite FTS5, unicode61 tokenizer");
const u61 = new Fts5Index(u61Path, { readonly: true });
const u61Serve = serve("fts5-unicode61", (q, k) => u61.search(q, k));
u61.close();

// How alike the two rankings are: shared chunks among each query's top 5 (queries where either found any).
const overlap = (a: string, b: string) => {
  const ha = hits.get(a)!;
  const hb = hits.get(b)!;
  let sum = 0;
  let same = 0;
  let n = 0;
  for (const [i, ra] of ha.entries()) {
    const x = new Set(ra.slice(0, 5).map((h) => h.doc));
    const y = new Set(hb[i]!.slice(0, 5).map((h) => h.doc));
    if (x.size === 0 && y.size === 0) continue;
    const common = [...x].filter((d) => y.has(d)).length;
    sum += common / Math.max(x.size, y.size);
    if (common === x.size && common === y.size) same++;
    n++;
  }
  return { mean: Math.round((sum / n) * 1000) / 10, identical: Math.round((same / n) * 1000) / 10 };
};

const summary = {
  pages: pageCount,
  synthetic_pages: pages,
  seed,
  chunks: chunks.length,
  distinct_tokens: distinctCount,
  tokens_split_by_unicode61: split.length,
  questions: qa.length,
  generated_questions: allQa.length,
  answerable: answerable.length,
  k: K,
  read_ms: readMs,
  tokenise_ms: tokeniseMs,
  chunk_json_mb: mb(chunks.reduce((n, c) => n + Buffer.byteLength(JSON.stringify(c)) + 1, 0)),
  engines: results,
  fts5: {
    journal: "wal",
    page_size: pageSize,
    cache_kib: cacheKib,
    index_mb: mb(indexBytes),
    page_chunks: pageRows.length,
    delete_page_ms: deleteMs,
    add_page_ms: addMs,
  },
  fts5_unicode61: {
    build_ms: u61Build,
    latency: u61Serve.latency,
    hit5: u61Serve.hit5,
    hit20: u61Serve.hit20,
  },
  top5_overlap: {
    bm25_postings: overlap("bm25", "postings"),
    bm25_fts5: overlap("bm25", "fts5"),
    bm25_fts5_unicode61: overlap("bm25", "fts5-unicode61"),
  },
  node: process.version,
  commit: commit(),
};

if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
else process.stdout.write(`${table()}\n`);
if (!values.keep) await rm(work, { recursive: true, force: true });

/** The code measured: commit, and "-dirty" when the working tree has changes. */
function commit(): string {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function table(): string {
  const e = results;
  const cols = [e.bm25!, e.postings!, e.fts5!];
  const row = (label: string, f: (r: EngineResult) => string) => `| ${label} | ${cols.map(f).join(" | ")} |`;
  const ms = (n: number) => `${n.toLocaleString("en")} ms`;
  const n = (v: number) => v.toLocaleString("en");
  const o = summary.top5_overlap;
  const pct = (x: { mean: number; identical: number }) => `${x.mean}% (identical ${x.identical}%)`;
  const u = summary.fts5_unicode61;
  const f = summary.fts5;
  return [
    `${n(summary.pages)} pages (repository corpus + ${n(pages)} synthetic, seed ${seed}), ${n(summary.chunks)} chunks; ` +
      `${n(summary.questions)} of ${n(summary.generated_questions)} generated questions ` +
      `(${n(summary.answerable)} answerable); BM25 asked for the top ${K}. ` +
      `Shared by all three: reading and chunking ${ms(readMs)}, jieba tokenising ${ms(tokeniseMs)}. ` +
      `Node ${summary.node}, commit ${summary.commit}.`,
    "",
    "| | in-memory Bm25Index | persisted postings (SegmentedBm25) | SQLite FTS5 |",
    "| --- | --- | --- | --- |",
    row("build from token lists", (r) => ms(r.build_ms)),
    `| start-up: load, answer one question | ${ms(e.bm25!.load.load_ms)} (read chunks, re-tokenise, build) | ` +
      `${ms(e.postings!.load.load_ms)} | ${ms(e.fts5!.load.load_ms)} |`,
    row("on disk", (r) => (r.size_mb ? `${r.size_mb} MB` : "—")),
    row("heap + array buffers added by start-up", (r) => `${r.load.heap_mb} MB`),
    row("RSS added by start-up", (r) => `${r.load.rss_mb} MB`),
    row("query p50", (r) => `${r.latency.p50} ms`),
    row("query p95", (r) => `${r.latency.p95} ms`),
    row("evidence hit@5, BM25 alone", (r) => `${r.hit5}%`),
    row("evidence hit@20, BM25 alone", (r) => `${r.hit20}%`),
    `| top-5 overlap with Bm25Index | — | ${pct(o.bm25_postings)} | ${pct(o.bm25_fts5)} |`,
    "",
    `FTS5: ${f.journal.toUpperCase()} journal, whitespace-only tokenizer; the ${e.fts5!.size_mb} MB file holds ` +
      `the FTS5 index (${f.index_mb} MB) and the chunks as JSON (${summary.chunk_json_mb} MB of JSON); ` +
      `page cache up to ${n(f.cache_kib)} KiB (outside the JS heap). Deleting one page's ${f.page_chunks} chunks: ${f.delete_page_ms} ms; ` +
      `adding them back: ${f.add_page_ms} ms.`,
    `FTS5 with its default unicode61 tokenizer, which splits ${n(summary.tokens_split_by_unicode61)} of ` +
      `${n(summary.distinct_tokens)} distinct jieba tokens (30%, 2.7): build ${ms(u.build_ms)}, ` +
      `p50 ${u.latency.p50} ms, p95 ${u.latency.p95} ms, hit@5 ${u.hit5}%, hit@20 ${u.hit20}%, ` +
      `top-5 overlap with Bm25Index ${pct(o.bm25_fts5_unicode61)}.`,
  ].join("\n");
}
