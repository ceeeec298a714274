/**
 * `npm run eval:distractors`: quality where it is hard. Builds an index over the repository's
 * corpus plus N synthetic distractor pages that repeat the seed's fact patterns with other names
 * and numbers, then runs the dev QA set and a sample of the generated questions (fact, multi-fact
 * and unanswerable) through the offline pipeline.
 *
 *   --pages N      distractor pages (default 1000)
 *   --seed S       generator seed (default 1)
 *   --per-kind M   generated questions sampled per kind (default 100)
 *   --json         print the figures as JSON
 *   --keep DIR     build in DIR and keep it (default: a temporary folder, removed afterwards)
 */
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { parseQaSet, type QaItem } from "../src/eval/evaluate.js";
import { reportTable, runQaSet } from "../src/eval/run-qa.js";
import { createLogger } from "../src/logger.js";
import { createQaService } from "../src/qa/create-qa-service.js";
import { scriptArgs } from "./lib/script-args.js";
import { generateCorpus, Rng } from "./lib/synth/index.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    pages: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    "per-kind": { type: "string", default: "100" },
    json: { type: "boolean", default: false },
    keep: { type: "string" },
  },
});
const pages = Number(values.pages);
const seed = Number(values.seed);
const perKind = Number(values["per-kind"]);
const root = join(import.meta.dirname, "..");

const work = values.keep ?? (await mkdtemp(join(tmpdir(), "newsqa-distractors-")));
const corpusDir = join(work, "corpus");
const synthDir = join(work, "synthetic");
await mkdir(corpusDir, { recursive: true });
await cp(join(root, "corpus"), corpusDir, { recursive: true });
await generateCorpus({ pages, seed, outDir: synthDir });
await cp(synthDir, join(corpusDir, "synthetic"), {
  recursive: true,
  filter: (src) => !src.endsWith(".jsonl"),
});

const started = Date.now();
const config = { ...loadConfig({ LOG_LEVEL: "silent" }), corpusDir, indexDir: join(work, "index") };
const qa = await createQaService({ config, logger: createLogger("silent") });
const buildSeconds = (Date.now() - started) / 1000;

const dev = parseQaSet(await readFile(join(root, "test/fixtures/qa/dev-qa.jsonl"), "utf8"), "dev-qa.jsonl");
const generated = parseQaSet(await readFile(join(synthDir, "qa.jsonl"), "utf8"), "qa.jsonl");
const rng = new Rng(seed);
const sample: QaItem[] = [];
for (const kind of [...new Set(generated.map((q) => q.kind))].sort()) {
  const ofKind = generated.filter((q) => q.kind === kind);
  for (let i = 0; i < Math.min(perKind, ofKind.length); i++) {
    sample.push(ofKind.splice(Math.floor(rng.float() * ofKind.length), 1)[0]!);
  }
}

const k = config.retrieval.topK;
const devReport = await runQaSet(qa, dev, k);
const synthReport = await runQaSet(qa, sample, k);
const status = qa.status();
if (values.json) {
  const figures = (r: typeof devReport) => ({ overall: r.overall, byKind: r.byKind });
  process.stdout.write(
    `${JSON.stringify({ pages: status.pages, chunks: status.chunks, buildSeconds, dev: figures(devReport), synthetic: figures(synthReport) })}\n`,
  );
} else {
  process.stdout.write(
    [
      `Corpus: the repository's pages + ${pages} synthetic distractor pages (seed ${seed}): ${status.pages} pages, ${status.chunks} chunks, indexed in ${buildSeconds.toFixed(1)} s.`,
      "",
      `Dev QA set (${dev.length} questions), top-${k}:`,
      "",
      reportTable(devReport),
      "",
      `Generated questions (${sample.length}, up to ${perKind} per kind):`,
      "",
      reportTable(synthReport),
      "",
    ].join("\n"),
  );
}
if (!values.keep) await rm(work, { recursive: true, force: true });
