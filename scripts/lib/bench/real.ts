/**
 * The benchmark on real text (`npm run bench -- --real`): the news dev questions of
 * ../shared/eval/news over 10,000 and all 68,210 articles, laid out by scripts/lib/real-sets.ts as
 * `npm run eval:real` lays them out. Each job runs in its own process (child.ts), so peak RSS
 * belongs to one job: serving (load, retrieval and ask latency, quality) and the LangChain baseline
 * (build, query latency, quality with our answerer over its passages).
 */
import { type ItemResult, scoreItem, summarize } from "../../../src/eval/evaluate.js";
import type { Answer } from "../../../src/types.js";
import { prepareSet, type RealSet, type SetName } from "../real-sets.js";
import { type ServiceCode, serviceCode } from "./service-code.js";
import { type Latency, measure, peakRssMb } from "./stats.js";
import { baselinePipeline, baselineStore, config, embedderFor, type Vectors } from "./tasks.js";

/** Which laid-out news set a job reads: "news" at `size` articles, or "news-all". */
export interface RealSetArgs {
  set: Extract<SetName, "news" | "news-all">;
  size: number;
  work: string;
}

export interface RealQuality {
  /** Evidence in the top 5 and the answer holding the fact, per half of the questions. */
  report: { n: number; hit_at_5: number; accuracy: number };
  tune: { n: number; hit_at_5: number; accuracy: number };
}

export interface RealServeResult {
  chunks: number;
  /** createQaService on the built index: checked load, name lexicon, answerer. */
  load_ms: number;
  /** The service's retrieval (BM25 + HNSW, fused, evidence rerank, diversity), top 5. */
  retrieval: Latency;
  /** Retrieval and the extractive answer. */
  ask: Latency;
  quality: RealQuality;
  peak_rss_mb: number;
  /** Which code served: the compiled dist/ or the sources through tsx (service-code.ts). */
  code: ServiceCode;
}

function realSet(args: RealSetArgs): RealSet {
  return prepareSet(args.set, args.work, { newsSize: args.size });
}

const r3 = (v: number | null) => Math.round((v ?? 0) * 1000) / 1000;

function quality(scored: (ItemResult & { split: string })[]): RealQuality {
  const half = (split: string) => {
    const m = summarize(scored.filter((s) => s.split === split));
    return { n: m.questions, hit_at_5: r3(m.evidenceHitAtK), accuracy: r3(m.answerAccuracy) };
  };
  return { report: half("report"), tune: half("tune") };
}

/** Loads the built index as the bot does and asks every dev question, timing and scoring each. */
export async function benchRealServe(
  args: RealSetArgs & { indexDir: string; vectors?: Vectors },
): Promise<RealServeResult> {
  const set = realSet(args);
  const cfg = config(set.corpusDir, args.indexDir, args.vectors);
  const service = await serviceCode();
  const t = performance.now();
  const qa = await service.createQaService({ config: cfg, logger: service.createLogger("silent") });
  const loadMs = performance.now() - t;
  const questions = set.items.map((i) => i.question);
  const retrieval = await measure(questions, (q) => qa.retrieve(q, { k: 5 }));
  const answers = new Map<string, Answer>();
  const ask = await measure(set.items, async (item) => {
    answers.set(item.id, await qa.ask(item.question, { k: 5 }));
  });
  const scored = set.items.map((item) => ({ ...scoreItem(item, answers.get(item.id)!), split: item.split }));
  return {
    chunks: qa.status().chunks,
    load_ms: Math.round(loadMs),
    retrieval,
    ask,
    quality: quality(scored),
    peak_rss_mb: peakRssMb(),
    code: service.code,
  };
}

export interface RealBaselineResult {
  chunks: number;
  build_ms: number;
  build_chunks_per_s: number;
  query: Latency;
  quality: RealQuality;
  peak_rss_mb: number;
}

/**
 * The LangChain baseline on the same articles: RecursiveCharacterTextSplitter 300/30 + HNSWLib
 * defaults, the same hashed embedder; its top 5 answered by our extractive answerer.
 */
export async function benchRealBaseline(args: RealSetArgs): Promise<RealBaselineResult> {
  const set = realSet(args);
  const cfg = config(set.corpusDir, "");
  const { tokenizer, embeddings } = embedderFor(cfg.embeddings.dimensions);
  const t = performance.now();
  const { store, chunks } = await baselineStore(set.corpusDir, embeddings);
  const buildMs = performance.now() - t;
  const questions = set.items.map((i) => i.question);
  const query = await measure(questions, (q) => store.similaritySearch(q, 5));
  const pipeline = await baselinePipeline(store, cfg, tokenizer, 5);
  const scored = [];
  for (const item of set.items)
    scored.push({ ...scoreItem(item, await pipeline.ask(item.question, { k: 5 })), split: item.split });
  return {
    chunks,
    build_ms: Math.round(buildMs),
    build_chunks_per_s: Math.round(chunks / (buildMs / 1000)),
    query,
    quality: quality(scored),
    peak_rss_mb: peakRssMb(),
  };
}
