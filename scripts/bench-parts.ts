/**
 * `npm run bench:parts -- --index DIR [--qa FILE] [--rounds N]`: where a question's time goes over an
 * index that is already built, part by part, as CPU milliseconds a question (process.cpuUsage(), not
 * wall time: a `--cpu-prof` profile inflates system calls and small functions, and wall time on a
 * shared machine moves with its load), then retrieval and ask p50 / p95 through the service.
 *
 * Parts: BM25's top 60; the HNSW neighbours (60); reading the fused candidates' chunks and their
 * articles' first chunks, as the retriever does (from memory when the index's chunk text fits
 * CHUNK_MEMORY_MB, as the service reads them); the evidence reranker over the 60 fused candidates,
 * as far as the retriever reads its order for the top 5 (it scores only the candidates whose bound
 * can reach them); the extractive answer's candidates over the top 5, working out their windows,
 * and as the service makes them, right after the reranker, whose windows it reads (evidence.ts). Each part runs over every question once to warm
 * up, then --rounds times (default 3) timed. The questions: --qa (JSONL with "question"), default the
 * news dev questions of ../shared/eval/news. Offline defaults (hashed vectors) unless the environment
 * says otherwise. It runs the compiled dist/ when it is fresh, as `npm start` does, else the sources
 * (scripts/lib/bench/service-code.ts). bench/profile-notes.md records what it measured and when.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { productCode, productModule } from "./lib/bench/service-code.js";
import { SHARED_EVAL } from "./lib/real-sets.js";
import { scriptArgs, usageError } from "./lib/script-args.js";

// The product's modules as `npm start` runs them: compiled when dist/ is fresh (service-code.ts).
const src = productModule;
const { extractCandidates } = await src<typeof import("../src/answer/candidates.js")>("answer/candidates");
const { createLocalReranker } = await src<typeof import("../src/answer/reranker.js")>("answer/reranker");
const { loadConfig } = await src<typeof import("../src/config.js")>("config");
const { createEmbeddings } =
  await src<typeof import("../src/embed/create-embeddings.js")>("embed/create-embeddings");
const { createLogger } = await src<typeof import("../src/logger.js")>("logger");
const { nearestVectors, openSearchIndex } =
  await src<typeof import("../src/index/search-index.js")>("index/search-index");
const { loadStoredIndex } = await src<typeof import("../src/index/store.js")>("index/store");
const { createQaService } =
  await src<typeof import("../src/qa/create-qa-service.js")>("qa/create-qa-service");
const { reciprocalRankFusion } = await src<typeof import("../src/retrieve/fusion.js")>("retrieve/fusion");
const { diversify, rerankedOrder, withLead } =
  await src<typeof import("../src/retrieve/retriever.js")>("retrieve/retriever");
const { createTokenizer } = await src<typeof import("../src/text/tokenizer.js")>("text/tokenizer");
const { parseQaSet } = await src<typeof import("../src/eval/evaluate.js")>("eval/evaluate");
const { createEvidenceMemo } = await src<typeof import("../src/answer/evidence.js")>("answer/evidence");
type EvidenceOptions = import("../src/answer/evidence.js").EvidenceOptions;

const { values } = scriptArgs(import.meta.url, {
  options: {
    index: { type: "string" },
    qa: { type: "string", default: resolve(SHARED_EVAL, "news/dev-qa.jsonl") },
    rounds: { type: "string", default: "3" },
  },
});
const rounds = Number(values.rounds);
if (!values.index || !Number.isInteger(rounds) || rounds < 1)
  usageError("bench:parts needs --index DIR (a built index) and --rounds N ≥ 1");
const indexDir = resolve(values.index);
const questions = parseQaSet(readFileSync(values.qa!, "utf8"), values.qa!).map((item) => item.question);

const config = { ...loadConfig({ LOG_LEVEL: "silent", ...process.env }), indexDir };
const tokenizer = createTokenizer();
const embeddings = createEmbeddings(config, tokenizer);
// Chunk lines held in memory as the service holds them (CHUNK_MEMORY_MB), so reading is timed as it serves.
const stored = await loadStoredIndex(indexDir, embeddings, {
  chunkMemoryBytes: config.retrieval.chunkMemoryBytes,
});
const index = openSearchIndex(stored, tokenizer);
const qa = await createQaService({ config, logger: createLogger("silent") });
// The term statistics the service's reranker and answerer read, exactly.
const evidence: EvidenceOptions = qa.evidenceOptions();
const POOL = 60;

/**
 * CPU ms a question of `work` over every question, after one round to warm up. `before`, when
 * given, runs before each question's work, and its own time, measured the same way, is taken off:
 * process.cpuUsage() is read around whole rounds, since read around each question its figures
 * come in clock ticks, not as the work took them.
 */
async function cpuMs(
  work: (q: string, i: number) => unknown | Promise<unknown>,
  before?: (q: string, i: number) => unknown,
): Promise<number> {
  const both = async (q: string, i: number) => {
    before?.(q, i);
    await work(q, i);
  };
  const total = await roundsMs(both);
  return before ? total - (await roundsMs(before)) : total;
}

async function roundsMs(work: (q: string, i: number) => unknown | Promise<unknown>): Promise<number> {
  for (const [i, q] of questions.entries()) await work(q, i);
  const start = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const [i, q] of questions.entries()) await work(q, i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / (rounds * questions.length);
}

const vectors = await Promise.all(questions.map((q) => embeddings.embedQuery(q)));
const fused = questions.map((q, i) => {
  const lexical = index.bm25.search(tokenizer.tokens(q), POOL).map((h) => h.doc);
  const dense = nearestVectors(index, vectors[i]!, POOL).neighbors;
  return [...reciprocalRankFusion([dense, lexical]).entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, POOL)
    .map(([doc]) => doc);
});
// Read first, before any other part warms the segments' chunk caches.
const reads = await cpuMs((_, i) => fused[i]!.map((doc) => withLead(index.chunks, doc)));
const candidates = fused.map((docs) => docs.map((doc) => withLead(index.chunks, doc)));
const rerank = createLocalReranker(evidence, config.retrieval.rerank);
/** The reranker as far as the retriever reads it: candidates are scored as far as the top 5 need. */
const reranked = (reranker: typeof rerank, q: string, i: number) => {
  const order = rerankedOrder(fused[i]!, reranker(q, candidates[i]!));
  const chunk = new Map(fused[i]!.map((doc, j) => [doc, candidates[i]![j]!]));
  return diversify(order, (doc) => `${chunk.get(doc)!.source}#${chunk.get(doc)!.article}`, 5, 2);
};
// As the service runs them: the answer reads the windows its question's reranking found.
const memo = createEvidenceMemo();
const remembering = { ...evidence, memo };
const rerankRemembering = createLocalReranker(remembering, config.retrieval.rerank);
const top5 = await Promise.all(questions.map((q) => qa.retrieve(q, { k: 5 })));
const parts: [string, number][] = [
  ["BM25 top 60", await cpuMs((q) => index.bm25.search(tokenizer.tokens(q), POOL))],
  ["HNSW neighbours (60)", await cpuMs((_, i) => nearestVectors(index, vectors[i]!, POOL))],
  ["reading the candidates' chunks and openings", reads],
  [
    "evidence reranker over the 60 fused candidates, to the top 5",
    await cpuMs((q, i) => reranked(rerank, q, i)),
  ],
  [
    "extractive answer's candidates over the top 5, windows found again",
    await cpuMs((q, i) => extractCandidates(q, top5[i]!, evidence)),
  ],
  [
    "the same, after the reranker (the service's order: its windows at hand)",
    await cpuMs(
      (q, i) => extractCandidates(q, top5[i]!, remembering),
      (q, i) => reranked(rerankRemembering, q, i),
    ),
  ],
];

/** Wall ms p50 and p95 of `work` over every question, the last of --rounds rounds. */
async function wall(work: (q: string) => Promise<unknown>): Promise<string> {
  let times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    times = [];
    for (const q of questions) {
      const t = performance.now();
      await work(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(2);
  return `${at(0.5)} / ${at(0.95)}`;
}
const retrieval = await wall((q) => qa.retrieve(q, { k: 5 }));
const ask = await wall((q) => qa.ask(q, { k: 5 }));

console.log(
  `${questions.length} questions, ${index.chunks.length} chunks, ${rounds} timed rounds, ` +
    `${productCode() === "dist" ? "the compiled dist/" : "the sources through tsx (dist/ is not fresh: npm run build)"}\n`,
);
console.log("| part | CPU ms a question |\n| --- | --- |");
for (const [name, ms] of parts) console.log(`| ${name} | ${ms.toFixed(3)} |`);
console.log(`\nthrough the service, wall ms p50 / p95: retrieval ${retrieval}, ask ${ask}`);
stored.close();
process.exit(0);
