/**
 * `npm run eval:real`: answer quality on real text nobody here wrote, next to the naive baseline,
 * computed in the same run. Sets (../shared/eval, read-only; see each folder's README):
 *
 *   news       298 dev questions over 10,000 real 2023 news articles (CRUD-RAG)
 *   news-drop  the same with every article holding 30% of the answers removed (honest unanswerables)
 *   cmrc       the CMRC 2018 trial set, 1,002 questions over 256 Chinese Wikipedia articles
 *   news-all   the news questions over all 68,210 articles (not in the default run: ~6 min to index)
 *   news-en    80 of the news questions (40 a half) asked in English, over the same 10,000 articles
 *              (test/fixtures/qa/news-en.jsonl; not in the default run)
 *
 * Each question belongs to the tune half or the report half (by its source article, see splitOf);
 * figures are printed for both, and only the report half is quoted as the result.
 *
 *   --sets a,b     sets to run (default news,news-drop,cmrc)
 *   --split S      tune | report | all (default: all, with the halves shown apart)
 *   --size N       news articles (default 10000)
 *   --work DIR     where corpora and indexes live (default .scratch/eval-real; reused between runs)
 *   --fresh        rebuild the indexes from scratch (after a change to the reading or chunking code;
 *                  an index built with other CHUNK_SIZE or CHUNK_OVERLAP settings is rebuilt anyway)
 *   --dump FILE    write every question's answers (ours and the baseline's) as JSONL, for reading failures
 *   --ablate       also run ours with each hard veto (src/answer/acceptance.ts) switched off in turn
 *   --bm25-only    ours without the HNSW vector neighbours (DENSE_RETRIEVAL=off): what the vectors add
 *   --json         the figures as JSON
 *   --configured   answer with the settings of the environment and .env (ANSWERER=openai, EMBEDDINGS,
 *                  RERANK_BASE_URL...) instead of the offline default, to measure an LLM or neural
 *                  embeddings on the same questions; other embeddings get their own index folder
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import dotenv from "dotenv";
import { VETO_NAMES } from "../src/answer/acceptance.js";
import { loadConfig } from "../src/config.js";
import { type ItemResult, type Metrics, scoreItem, summarize } from "../src/eval/evaluate.js";
import { createLogger } from "../src/logger.js";
import { createQaService } from "../src/qa/create-qa-service.js";
import { createNaiveBaseline } from "./lib/naive-baseline.js";
import {
  dropIndexChunkedOtherwise,
  prepareSet,
  type RealSet,
  SET_NAMES,
  type SetName,
} from "./lib/real-sets.js";
import { scriptArgs, usageError } from "./lib/script-args.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    sets: { type: "string", default: "news,news-drop,cmrc" },
    split: { type: "string", default: "all" },
    size: { type: "string", default: "10000" },
    work: { type: "string", default: resolve(import.meta.dirname, "../.scratch/eval-real") },
    fresh: { type: "boolean", default: false },
    dump: { type: "string" },
    json: { type: "boolean", default: false },
    configured: { type: "boolean", default: false },
    ablate: { type: "boolean", default: false },
    "bm25-only": { type: "boolean", default: false },
  },
});
const sets = values.sets.split(",").map((s) => s.trim()) as SetName[];
for (const s of sets)
  if (!SET_NAMES.includes(s)) usageError(`--sets: unknown set "${s}" (known: ${SET_NAMES.join(", ")})`);
const halves =
  values.split === "all" ? (["tune", "report"] as const) : ([values.split] as ("tune" | "report")[]);

interface Row {
  set: string;
  split: string;
  system: string;
  metrics: Metrics;
}
const rows: Row[] = [];
const dump: string[] = [];
const log = (msg: string) => process.stderr.write(`${msg}\n`);

for (const name of sets) {
  const set: RealSet = prepareSet(name, values.work, { newsSize: Number(values.size) });
  const items = set.items.filter((i) => halves.includes(i.split));
  const settings = values.configured
    ? loadConfig({
        ...dotenv.parse(existsSync(".env") ? readFileSync(".env") : ""),
        ...process.env,
        LOG_LEVEL: "silent",
      })
    : loadConfig({ LOG_LEVEL: "silent", ...(values["bm25-only"] ? { DENSE_RETRIEVAL: "off" } : {}) });
  const provider = settings.embeddings.provider;
  const { model, dimensions } = settings.embeddings;
  // Each embedder (and size) keeps its own index, so comparing them never rebuilds another's.
  const folder = [
    provider === "hashed" ? "index" : `index-${provider}`,
    ...(provider === "openai" || provider === "local" ? [model] : []),
    ...(dimensions ? [String(dimensions)] : []),
  ].join("-");
  // Beside the corpus it is built from: a set that reads another's articles (news-en) shares its index.
  const indexDir = join(dirname(set.corpusDir), folder);
  if (values.fresh) rmSync(indexDir, { recursive: true, force: true });
  let t = Date.now();
  const config = { ...settings, corpusDir: set.corpusDir, indexDir };
  await dropIndexChunkedOtherwise(indexDir, config.chunking, log);
  const qa = await createQaService({ config, logger: createLogger("silent") });
  log(
    `${name}: ${set.description}; index ready in ${((Date.now() - t) / 1000).toFixed(1)} s ` +
      `(embeddings ${provider}, answerer ${config.llm.answerer === "openai" ? config.llm.model : "extractive"})`,
  );
  t = Date.now();
  const baseline = createNaiveBaseline(set.corpusDir);
  log(`${name}: baseline indexed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const results: Record<"ours" | "baseline", (ItemResult & { split: string })[]> = { ours: [], baseline: [] };
  t = Date.now();
  for (const item of items) {
    const ours = await qa.ask(item.question, { k: 5 });
    const base = baseline.ask(item.question, 5);
    const r = { ours: scoreItem(item, ours), baseline: scoreItem(item, base) };
    results.ours.push({ ...r.ours, split: item.split });
    results.baseline.push({ ...r.baseline, split: item.split });
    if (values.dump)
      dump.push(
        JSON.stringify({
          set: name,
          split: item.split,
          id: item.id,
          question: item.question,
          facts: item.facts,
          answerable: item.answerable,
          ours: {
            answer: ours.answer,
            abstained: ours.abstained,
            correct: r.ours.correct,
            hit: r.ours.evidenceHit,
          },
          baseline: { answer: base.answer, correct: r.baseline.correct, hit: r.baseline.evidenceHit },
        }),
      );
  }
  log(`${name}: ${items.length} questions in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  for (const system of ["ours", "baseline"] as const)
    for (const split of halves)
      rows.push({
        set: name,
        split,
        system,
        metrics: summarize(results[system].filter((r) => r.split === split)),
      });
  if (values.ablate)
    for (const off of VETO_NAMES) {
      const ablated = await createQaService({
        config,
        logger: createLogger("silent"),
        vetoes: VETO_NAMES.filter((v) => v !== off),
      });
      const scored: (ItemResult & { split: string })[] = [];
      for (const item of items)
        scored.push({ ...scoreItem(item, await ablated.ask(item.question, { k: 5 })), split: item.split });
      for (const split of halves)
        rows.push({
          set: name,
          split,
          system: `ours without ${off}`,
          metrics: summarize(scored.filter((r) => r.split === split)),
        });
    }
}

if (values.dump) writeFileSync(values.dump, `${dump.join("\n")}\n`);
const pct = (v: number | null) => (v === null ? "—" : v.toFixed(3));
if (values.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
else
  process.stdout.write(
    [
      "| set | half | system | n | evidence in top 5 | answer holds the fact | short answer holds it | citation holds the evidence | answerable declined | unanswerable declined |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows.map(
        ({ set, split, system, metrics: m }) =>
          `| ${set} | ${split} | ${system} | ${m.questions} | ${pct(m.evidenceHitAtK)} | ${pct(m.answerAccuracy)} | ${pct(m.shortAnswerAccuracy)} | ${pct(m.citationPrecision)} | ${pct(m.falseAbstentionRate)} | ${pct(m.abstentionRecall)} |`,
      ),
      "",
    ].join("\n"),
  );
