/**
 * The benchmark's measurements, each run in its own process (scripts/lib/bench/child.ts) so peak RSS
 * belongs to one job: building our index, serving it, and the LangChain baseline.
 */
import { cp, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { Document } from "@langchain/core/documents";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { createAnswerer } from "../../../src/answer/create-answerer.js";
import { type Config, loadConfig } from "../../../src/config.js";
import { HashedTfidfEmbeddings, loadIdf } from "../../../src/embed/hashed-tfidf.js";
import { parseQaSet, scoreItem, summarize } from "../../../src/eval/evaluate.js";
import { runQaSet } from "../../../src/eval/run-qa.js";
import { openSearchIndex } from "../../../src/index/search-index.js";
import {
  currentGeneration,
  loadStoredIndex,
  readManifest,
  verifyGeneration,
} from "../../../src/index/store.js";
import { listPageFiles } from "../../../src/ingest/read-page.js";
import { createLogger } from "../../../src/logger.js";
import { createQaService } from "../../../src/qa/create-qa-service.js";
import { createPipeline, type Pipeline } from "../../../src/qa/pipeline.js";
import { queryVector, type Retriever, type VectorFeedback } from "../../../src/retrieve/retriever.js";
import { createTokenizer, type Tokenizer } from "../../../src/text/tokenizer.js";
import type { Passage } from "../../../src/types.js";
import { importExtra } from "../extras.js";
import { buildCode, type ServiceCode, serviceCode } from "./service-code.js";
import { type Latency, measure, peakRssMb } from "./stats.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
export const DEV_QA = join(ROOT, "test/fixtures/qa/dev-qa.jsonl");

/** The offline defaults; `vectors` "none" builds and serves an index without vectors (EMBEDDINGS=none). */
export function config(corpusDir: string, indexDir: string, vectors: Vectors = "hashed") {
  return { ...loadConfig({ LOG_LEVEL: "silent", EMBEDDINGS: vectors }), corpusDir, indexDir };
}

/** The config with the hashed vectors' size set, when the bench was given one (`--dimensions`). */
function withDimensions<C extends ReturnType<typeof config>>(cfg: C, dimensions: number | undefined): C {
  return dimensions === undefined ? cfg : { ...cfg, embeddings: { ...cfg.embeddings, dimensions } };
}

/** Which offline vectors our index carries: hashed TF-IDF, LSA (fitted on the corpus) or none (BM25 alone). */
export type Vectors = "hashed" | "lsa" | "none";

export function embedderFor(dimensions: number | undefined) {
  const tokenizer = createTokenizer();
  return { tokenizer, embeddings: new HashedTfidfEmbeddings({ tokenizer, dimensions }) };
}

export interface BuildResult {
  chunks: number;
  build_ms: number;
  build_chunks_per_s: number;
  peak_rss_mb: number;
  index_mb: number;
  add_issue_ms?: number;
  add_issue_embedded?: number;
  /** Which code built: the compiled dist/ or the sources through tsx (service-code.ts). */
  code: ServiceCode;
}

/** Full build of `corpusDir`, then (when `issueDir` is given) the time to add that issue incrementally. */
export async function benchBuild(args: {
  corpusDir: string;
  indexDir: string;
  issueDir?: string;
  dimensions?: number;
  vectors?: Vectors;
}): Promise<BuildResult> {
  // The build runs the code `npm run index` runs: dist/ when it is fresh (service-code.ts), and
  // then its worker threads load plain JavaScript too (child.mjs keeps tsx off them).
  const product = await buildCode();
  const cfg = config(args.corpusDir, args.indexDir, args.vectors);
  const tokenizer = product.createTokenizer();
  const embeddings =
    args.vectors === "none" || args.vectors === "lsa"
      ? product.createEmbeddings(cfg, tokenizer)
      : new product.HashedTfidfEmbeddings({
          tokenizer,
          dimensions: args.dimensions ?? cfg.embeddings.dimensions,
        });
  const { buildIndex } = product;
  const build = {
    corpusDir: args.corpusDir,
    indexDir: args.indexDir,
    embeddings,
    chunking: cfg.chunking,
    tokenizer,
    onProgress: () => undefined,
  };
  const t = performance.now();
  const summary = await buildIndex({ ...build, full: true });
  const buildMs = performance.now() - t;
  const out: BuildResult = {
    chunks: summary.chunks,
    build_ms: Math.round(buildMs),
    build_chunks_per_s: Math.round(summary.chunks / (buildMs / 1000)),
    peak_rss_mb: peakRssMb(),
    index_mb: await indexMb(args.indexDir),
    code: product.code,
  };
  if (args.issueDir) {
    await cp(args.issueDir, join(args.corpusDir, "new-issue"), {
      recursive: true,
      filter: (src) => !src.endsWith(".jsonl"),
    });
    const t2 = performance.now();
    const added = await buildIndex(build);
    out.add_issue_ms = Math.round(performance.now() - t2);
    out.add_issue_embedded = added.embedded;
  }
  return out;
}

async function indexMb(indexDir: string): Promise<number> {
  const gen = await currentGeneration(indexDir);
  if (!gen) return 0;
  const manifest = await readManifest(indexDir, gen);
  let bytes = (await stat(join(indexDir, gen, "manifest.json"))).size;
  for (const f of Object.values(manifest.files)) bytes += f.bytes;
  return Math.round(bytes / 2 ** 20);
}

export interface ServeResult {
  load_ms: number;
  retrieval: Latency;
  ask: Latency;
  peak_rss_mb: number;
  /** Which code served (service-code.ts). */
  code: ServiceCode;
}

/**
 * Serving as a bot does it: the index loaded once, by the service, then retrieval and ask timed over
 * the same queries. Peak RSS is this one load's (recall, which needs the graphs themselves, runs in
 * a process of its own: {@link benchRecall}; a second load here had counted the index twice).
 */
export async function benchServe(args: {
  corpusDir: string;
  indexDir: string;
  queries: string[];
  dimensions?: number;
}): Promise<ServeResult> {
  const cfg = withDimensions(config(args.corpusDir, args.indexDir), args.dimensions);
  const service = await serviceCode();
  const t = performance.now();
  const qa = await service.createQaService({ config: cfg, logger: service.createLogger("silent") });
  const loadMs = performance.now() - t;
  const retrieval = await measure(args.queries, (q) => qa.retrieve(q, { k: cfg.retrieval.topK }));
  const ask = await measure(args.queries, (q) => qa.ask(q));
  return { load_ms: Math.round(loadMs), retrieval, ask, peak_rss_mb: peakRssMb(), code: service.code };
}

/**
 * HNSW recall@10 against exact search, in a process of its own (see {@link benchServe}), for the
 * vectors the service searches: the query's embedding moved toward BM25's first hits when the
 * configuration asks for feedback (VECTOR_FEEDBACK_DOCS; see retriever.ts).
 */
export async function benchRecall(args: {
  indexDir: string;
  queries: string[];
  dimensions?: number;
  /** Search breadths to measure besides the manifest's (the first figure stays the manifest's). */
  efSearch?: number[];
}): Promise<{ recall_at_10: number; by_ef?: Record<string, number> }> {
  const { feedback } = config("", args.indexDir).retrieval;
  const [row] = await recallTable({ ...args, feedback: [feedback] });
  const [recall, ...others] = row!.recall;
  if (!args.efSearch?.length) return { recall_at_10: recall! };
  return {
    recall_at_10: recall!,
    by_ef: Object.fromEntries(args.efSearch.map((ef, i) => [ef, others[i]!])),
  };
}

/**
 * Recall@10 for each way of making the searched vector (`feedback`) at each search breadth (the
 * manifest's first, then `efSearch`), over one exact scan (`npm run bench:recall`, and the bench's
 * recall job). Questions are tokenised as serving does, with the index's names taught.
 */
export async function recallTable(args: {
  indexDir: string;
  queries: string[];
  feedback: VectorFeedback[];
  dimensions?: number;
  efSearch?: number[];
}): Promise<{ feedback: VectorFeedback; efs: number[]; recall: number[] }[]> {
  const { tokenizer, embeddings } = embedderFor(args.dimensions);
  const stored = await loadStoredIndex(args.indexDir, embeddings);
  try {
    const index = openSearchIndex(stored, tokenizer);
    const most = Math.max(0, ...args.feedback.map((f) => f.docs));
    const lexical = args.queries.map((q) => (most > 0 ? index.bm25.search(tokenizer.tokens(q), most) : []));
    const sets = await Promise.all(
      args.feedback.map((f) =>
        Promise.all(args.queries.map((q, i) => queryVector(index, embeddings, q, lexical[i]!, f))),
      ),
    );
    const efs = [stored.manifest.hnsw.efSearch, ...(args.efSearch ?? [])];
    const exact = exactTop10(stored, sets.flat());
    return args.feedback.map((feedback, i) => {
      const vectors = sets[i]!;
      const top = exact.slice(i * vectors.length, (i + 1) * vectors.length);
      return { feedback, efs, recall: efs.map((ef) => graphRecall(stored, vectors, top, ef)) };
    });
  } finally {
    stored.close();
  }
}

type Stored = Awaited<ReturnType<typeof loadStoredIndex>>;

/**
 * The exact top 10 (doc, cosine) of each vector over every live vector. The costly part (about a
 * minute at 1M for 100 vectors) runs once for all; it reads the vectors back from the graphs one
 * label at a time, so it needs no copy.
 */
function exactTop10(stored: Stored, vectors: number[][]): [number, number][][] {
  if (vectors.length === 0) return [];
  const dims = vectors[0]!.length;
  const qs = vectors.map((v) => {
    let n = 0;
    for (const x of v) n += x * x;
    n = Math.sqrt(n) || 1;
    return Float32Array.from(v, (x) => x / n);
  });
  const best = qs.map(() => [] as [number, number][]);
  for (const { segment, base } of stored.segments) {
    for (let label = 0; label < segment.size; label++) {
      if (segment.deleted[label]) continue;
      const p = segment.hnsw.getPoint(label);
      for (const [qi, q] of qs.entries()) {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += q[d]! * p[d]!;
        const list = best[qi]!;
        if (list.length < 10 || dot > list[list.length - 1]![1]) {
          list.push([base + label, dot]);
          list.sort((a, b) => b[1] - a[1]);
          if (list.length > 10) list.pop();
        }
      }
    }
  }
  return best;
}

/** Share of the exact top 10 that the HNSW search at `ef` returns, over all the vectors. */
function graphRecall(stored: Stored, vectors: number[][], exact: [number, number][][], ef: number): number {
  if (vectors.length === 0) return Number.NaN;
  stored.hnsw.setEf(ef);
  let found = 0;
  let total = 0;
  for (const [qi, v] of vectors.entries()) {
    const approx = new Set(stored.hnsw.searchKnn(v, 10).neighbors);
    for (const [doc] of exact[qi]!) {
      total++;
      if (approx.has(doc)) found++;
    }
  }
  return Math.round((found / total) * 1000) / 1000;
}

export interface StartupResult {
  index_mb: number;
  chunks: number;
  /** Hashing every file of the index against its manifest, alone (the check every load makes). */
  verify_ms: number;
  /** From this process's start to the first answer: modules, the checked load, the answerer, one question. */
  first_answer_ms: number;
  /** The part of that spent in createQaService (checked load and answerer set-up). */
  service_ms: number;
  peak_rss_mb: number;
}

/**
 * Start-up on an existing index, in a fresh process: the time to the first answer, and what
 * checking every file's checksum costs on its own. The checksums are hashed first, so the figures
 * are for a warm page cache, as on a server that just rebuilt or restarted.
 */
export async function benchStartup(args: {
  indexDir: string;
  question: string;
  vectors?: Vectors;
}): Promise<StartupResult> {
  const cfg = config(join(args.indexDir, "..", "corpus"), args.indexDir, args.vectors);
  const t = performance.now();
  const bad = await verifyGeneration(args.indexDir);
  if (bad) throw new Error(`the index in ${args.indexDir} is damaged (${bad})`);
  const verifyMs = performance.now() - t;
  const t2 = performance.now();
  const qa = await createQaService({ config: cfg, logger: createLogger("silent") });
  const serviceMs = performance.now() - t2;
  await qa.ask(args.question);
  // performance.now() counts from the process's start; the verification alone is taken out.
  const firstAnswerMs = performance.now() - verifyMs;
  return {
    index_mb: await indexMb(args.indexDir),
    chunks: qa.status().chunks,
    verify_ms: Math.round(verifyMs),
    first_answer_ms: Math.round(firstAnswerMs),
    service_ms: Math.round(serviceMs),
    peak_rss_mb: peakRssMb(),
  };
}

export interface BaselineResult {
  chunks: number;
  build_ms: number;
  build_chunks_per_s: number;
  query: Latency;
  peak_rss_mb: number;
}

/** The part of LangChain's HNSWLib vector store the baseline uses (a dev extra, scripts/lib/extras.ts). */
interface BaselineVectorStore {
  similaritySearch(query: string, k: number): Promise<Document[]>;
}
interface BaselineVectorStoreClass {
  fromDocuments(docs: Document[], embeddings: HashedTfidfEmbeddings): Promise<BaselineVectorStore>;
}

/**
 * What a user would assemble from LangChain: page files as Documents, RecursiveCharacterTextSplitter
 * (300 characters, 30 overlap, default separators), HNSWLib with its defaults, the same embedder.
 */
export async function baselineStore(corpusDir: string, embeddings: HashedTfidfEmbeddings) {
  const files = await listPageFiles(corpusDir);
  const docs: Document[] = [];
  for (const file of files) {
    if (!file.endsWith(".txt")) continue;
    const text = await readFile(file, "utf8");
    docs.push(new Document({ pageContent: text, metadata: { source: file.slice(corpusDir.length + 1) } }));
  }
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 300, chunkOverlap: 30 });
  const chunks = await splitter.splitDocuments(docs);
  const { HNSWLib } = await importExtra<{ HNSWLib: BaselineVectorStoreClass }>(
    "@langchain/community/vectorstores/hnswlib",
  );
  const store = await HNSWLib.fromDocuments(chunks, embeddings);
  return { store, chunks: chunks.length };
}

/**
 * The baseline's questions answered: its store's top passages (one HNSW lookup) handed to our
 * extractive answerer, so the quality columns compare retrieval alone.
 */
export async function baselinePipeline(
  store: BaselineVectorStore,
  cfg: Config,
  tokenizer: Tokenizer,
  k: number,
): Promise<Pipeline> {
  const answerer = await createAnswerer({
    config: cfg,
    logger: createLogger("silent"),
    tokenizer,
    termWeight: loadIdf(),
  });
  const retriever: Retriever = {
    async retrieve(query, n) {
      const docs = await store.similaritySearch(query, n);
      return docs.map(
        (d, i): Passage => ({
          id: `baseline-${i}`,
          title: "",
          source: String(d.metadata.source),
          article: 0,
          seq: i,
          text: d.pageContent,
          rank: i + 1,
          score: 0,
        }),
      );
    },
  };
  return createPipeline({ retriever, answerer, topK: k });
}

export async function benchBaseline(args: {
  corpusDir: string;
  queries: string[];
  dimensions?: number;
}): Promise<BaselineResult> {
  const cfg = config(args.corpusDir, "");
  const { embeddings } = embedderFor(args.dimensions ?? cfg.embeddings.dimensions);
  const t = performance.now();
  const { store, chunks } = await baselineStore(args.corpusDir, embeddings);
  const buildMs = performance.now() - t;
  const query = await measure(args.queries, (q) => store.similaritySearch(q, cfg.retrieval.topK));
  return {
    chunks,
    build_ms: Math.round(buildMs),
    build_chunks_per_s: Math.round(chunks / (buildMs / 1000)),
    query,
    peak_rss_mb: peakRssMb(),
  };
}

export interface QualityResult {
  ours: { hit_at_5: number; accuracy: number };
  baseline: { hit_at_5: number; accuracy: number };
}

/** Evidence hit@5 and answer accuracy on the dev QA set, for our pipeline and the baseline's retrieval. */
export async function benchQuality(args: { corpusDir: string; indexDir: string }): Promise<QualityResult> {
  const cfg = config(args.corpusDir, args.indexDir);
  const dev = parseQaSet(await readFile(DEV_QA, "utf8"), "dev-qa.jsonl");
  const k = 5;
  const qa = await createQaService({ config: cfg, logger: createLogger("silent") });
  const ours = (await runQaSet(qa, dev, k)).overall;

  const { tokenizer, embeddings } = embedderFor(cfg.embeddings.dimensions);
  const { store } = await baselineStore(args.corpusDir, embeddings);
  const pipeline = await baselinePipeline(store, cfg, tokenizer, k);
  const results = [];
  for (const item of dev) results.push(scoreItem(item, await pipeline.ask(item.question, { k })));
  const base = summarize(results);
  const r = (v: number | null) => Math.round((v ?? 0) * 1000) / 1000;
  return {
    ours: { hit_at_5: r(ours.evidenceHitAtK), accuracy: r(ours.answerAccuracy) },
    baseline: { hit_at_5: r(base.evidenceHitAtK), accuracy: r(base.answerAccuracy) },
  };
}
