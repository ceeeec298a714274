/**
 * `npm run train:answerer`: fits the extractive answerer's model (src/answer/ranker.json) on the
 * tune half of the real dev sets, deterministically, and chooses its thresholds on questions it was
 * not fitted on.
 *
 * Data: ../shared/eval (see scripts/lib/real-sets.ts), tune half only: the news questions over
 * 10,000 articles, the questions made unanswerable in news-drop, and the CMRC trial questions. The
 * report half is never read here. The tune half is cut again by source article into four folds
 * for cross-fitting (see train): the thresholds are chosen on out-of-fold figures.
 *
 * Model: logistic regression, P(candidate holds every asked-for fact), fitted by Newton's method
 * with an L2 penalty; no randomness, so the same data gives the same file.
 *
 *   --precision P   least share of answered (out-of-fold) questions whose answer must hold the fact
 *                   (default 0.8): the answer threshold is the lowest that reaches it
 *   --span-precision P  the same for the typed short answer (default 0.9)
 *   --real-only     leave the generated pages out of the training data (to measure what they add)
 *   --ablate        refit without each feature in turn and print what it costs, out of fold
 *   --out FILE      where to write the model (default src/answer/ranker.json)
 *   --work DIR      corpora and indexes (default .scratch/eval-real, shared with eval:real)
 *   --examples FILE also write the labelled candidates (features, labels, folds) as JSON, for
 *                   trying other models on the same data without re-running retrieval
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { vetoedBy } from "../src/answer/acceptance.js";
import { extractCandidates, FEATURES } from "../src/answer/candidates.js";
import { type LinearModel, linear, pickBest, type RankerModel, sigmoid } from "../src/answer/ranker.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { createQaService } from "../src/qa/create-qa-service.js";
import { compact } from "../src/text/normalize.js";
import { fitListwise, fitLogistic, thresholdFor } from "./lib/fit.js";
import { dropIndexChunkedOtherwise, prepareSet, type SetName } from "./lib/real-sets.js";
import { scriptArgs } from "./lib/script-args.js";
import { prepareSyntheticSet } from "./lib/synthetic-set.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    precision: { type: "string", default: "0.8" },
    "span-precision": { type: "string", default: "0.9" },
    ablate: { type: "boolean", default: false },
    "real-only": { type: "boolean", default: false },
    out: { type: "string", default: resolve(import.meta.dirname, "../src/answer/ranker.json") },
    work: { type: "string", default: resolve(import.meta.dirname, "../.scratch/eval-real") },
    examples: { type: "string" },
  },
});
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** One question's candidates, labelled. */
interface Example {
  set: string;
  /** Which of the four cross-fitting folds, by source article. */
  fold: number;
  answerable: boolean;
  rows: { x: number[]; y: number; spanOk: boolean; hasSpan: boolean }[];
}

const foldOf = (key: string) => createHash("sha1").update(`newsqa-calibrate:${key}`).digest()[0]! % 4;

const examples: Example[] = [];
const plan: [SetName, (answerable: boolean) => boolean][] = [
  ["news", () => true],
  // news-drop adds only its unanswerable questions; its answerable ones repeat the news set's.
  ["news-drop", (answerable) => !answerable],
  ["cmrc", () => true],
];
const synthetic = await prepareSyntheticSet(values.work);
const sources = [
  ...plan.map(([name, keep]) => {
    const set = prepareSet(name, values.work);
    return {
      name,
      corpusDir: set.corpusDir,
      items: set.items.filter((i) => i.split === "tune" && keep(i.answerable)),
    };
  }),
  ...(values["real-only"]
    ? []
    : [
        {
          name: "synthetic",
          corpusDir: synthetic.corpusDir,
          items: synthetic.items.map((i) => ({ ...i, doc: undefined })),
        },
      ]),
];
for (const { name, corpusDir, items } of sources) {
  const config = {
    ...loadConfig({ LOG_LEVEL: "silent" }),
    corpusDir,
    indexDir: join(values.work, name, "index"),
  };
  await dropIndexChunkedOtherwise(config.indexDir, config.chunking, (line) => console.error(line));
  const qa = await createQaService({ config, logger: createLogger("silent") });
  for (const item of items) {
    const passages = await qa.retrieve(item.question, { k: 5 });
    // Trained on what the answerer ranks: the candidates no veto rejects.
    const { candidates: all } = extractCandidates(item.question, passages, qa.evidenceOptions());
    const candidates = all.filter((c) => vetoedBy({ checks: c.checks }).length === 0);
    const holds = (text: string) => {
      const hay = compact(text);
      return item.facts.length > 0 && item.facts.every((alts) => alts.some((a) => hay.includes(compact(a))));
    };
    const within = (span: string) =>
      item.facts.length > 0 &&
      item.facts.every((alts) => alts.some((a) => compact(a).includes(compact(span))));
    examples.push({
      set: name,
      fold: foldOf(item.doc ?? item.id),
      answerable: item.answerable,
      rows: candidates.map((c) => ({
        x: c.features,
        y: item.answerable && holds(c.window) ? 1 : 0,
        // A short answer is right when it holds the fact or is the fact's core ("55米" of "树高可达55米").
        spanOk: item.answerable && c.span !== undefined && (holds(c.span) || within(c.span)),
        hasSpan: c.span !== undefined,
      })),
    });
  }
  log(`${name}: ${items.length} questions`);
}

if (values.examples) writeFileSync(values.examples, JSON.stringify({ features: FEATURES, examples }));

const precision = Number(values.precision);
const spanPrecision = Number(values["span-precision"]);
const FOLDS = 4;

/** Drops one feature (its column set to 0), for the ablation. */
const without = (x: number[], drop?: number) =>
  drop === undefined ? x : x.map((v, i) => (i === drop ? 0 : v));

interface Winner {
  /** The confidence model's input; undefined when no candidate survived the vetoes. */
  x?: number[];
  y: number;
  spanOk: boolean;
  hasSpan: boolean;
  answerable: boolean;
  set: string;
}

const fitRanker = (set: Example[], drop?: number) =>
  fitListwise(set.map((e) => ({ x: e.rows.map((r) => without(r.x, drop)), y: e.rows.map((r) => r.y) })));

/** Each question's winner under a ranker: did it hold the fact, and its span? */
const winnersOf = (ranker: LinearModel, set: Example[], drop?: number): Winner[] =>
  set.map((e) => {
    const picked = pickBest(
      { ranker },
      e.rows.map((r) => ({ features: without(r.x, drop) })),
    );
    if (!picked) return { y: 0, spanOk: false, hasSpan: false, answerable: e.answerable, set: e.set };
    const row = e.rows[picked.index]!;
    return {
      x: picked.confidenceInput,
      y: row.y,
      spanOk: row.spanOk,
      hasSpan: row.hasSpan,
      answerable: e.answerable,
      set: e.set,
    };
  });

const confidenceRows = (ws: Winner[]) => ws.flatMap((w) => (w.x ? [{ x: w.x, y: w.y }] : []));

/**
 * Cross-fitting over four folds of the tune half (by source article), so that every number the
 * thresholds are chosen on comes from models that never saw the question: the confidence model
 * learns from out-of-fold winners, and its own out-of-fold probabilities choose the thresholds.
 * The shipped ranker and confidence model are then fitted on all of it.
 */
function train(drop?: number) {
  const outOfFold: Winner[][] = [];
  for (let f = 0; f < FOLDS; f++) {
    const ranker = fitRanker(
      examples.filter((e) => e.fold !== f),
      drop,
    );
    outOfFold.push(
      winnersOf(
        ranker,
        examples.filter((e) => e.fold === f),
        drop,
      ),
    );
  }
  // The thresholds, and the figures, come from the real questions only: the product is judged on
  // real text, and generated pages are far easier to decline on.
  const decided = outOfFold
    .flatMap((ws, f) => {
      const confidence = fitLogistic(confidenceRows(outOfFold.filter((_, g) => g !== f).flat()));
      return ws.map((w) => ({ ...w, p: w.x ? sigmoid(linear(confidence, w.x)) : 0 }));
    })
    .filter((d) => d.set !== "synthetic");
  const answerThreshold = thresholdFor(
    decided.map((d) => ({ p: d.p, ok: d.y === 1 })),
    precision,
  );
  // Over the answered questions whose winner has a typed span: is the span right?
  const spanThreshold = thresholdFor(
    decided.filter((d) => d.hasSpan && d.p >= answerThreshold).map((d) => ({ p: d.p, ok: d.spanOk })),
    spanPrecision,
  );
  const answerable = decided.filter((d) => d.answerable);
  const unanswerable = decided.filter((d) => !d.answerable);
  const figures = {
    winnerHoldsFact: answerable.filter((d) => d.y).length / answerable.length,
    answerHoldsFact: answerable.filter((d) => d.y && d.p >= answerThreshold).length / answerable.length,
    answerableDeclined: answerable.filter((d) => d.p < answerThreshold).length / answerable.length,
    unanswerableDeclined:
      unanswerable.filter((d) => d.p < answerThreshold).length / Math.max(1, unanswerable.length),
  };
  const ranker = fitRanker(examples, drop);
  const confidence = fitLogistic(confidenceRows(outOfFold.flat()));
  return { ranker, confidence, answerThreshold, spanThreshold, figures };
}

const trained = train();
log(
  `fit: ${examples.length} questions, ${examples.reduce((s, e) => s + e.rows.length, 0)} candidates, ${FOLDS} folds. ` +
    `Answer threshold ${trained.answerThreshold.toFixed(3)} (precision ${precision}), span threshold ${trained.spanThreshold.toFixed(3)} (precision ${spanPrecision}).`,
);
log(`out of fold: ${JSON.stringify(trained.figures)}`);
// The ceiling: answerable questions with some candidate that holds the fact, per set.
for (const set of [...new Set(examples.map((e) => e.set))]) {
  const answerable = examples.filter((e) => e.set === set && e.answerable);
  const reachable = answerable.filter((e) => e.rows.some((r) => r.y > 0)).length;
  log(`${set}: a candidate holds the fact for ${reachable} of ${answerable.length} answerable questions`);
}

if (values.ablate) {
  const f3 = (v: number) => v.toFixed(3);
  const row = (name: string, f: typeof trained.figures) =>
    process.stdout.write(
      `| ${name} | ${f3(f.winnerHoldsFact)} | ${f3(f.answerHoldsFact)} | ${f3(f.answerableDeclined)} | ${f3(f.unanswerableDeclined)} |\n`,
    );
  process.stdout.write(
    "| feature dropped | winner holds the fact | answer holds the fact | answerable declined | unanswerable declined |\n| --- | --- | --- | --- | --- |\n",
  );
  row("(none)", trained.figures);
  for (const [i, name] of FEATURES.entries()) row(name, train(i).figures);
}

const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const roundModel = (m: { weights: number[]; bias: number }) => ({
  weights: m.weights.map(round),
  bias: round(m.bias),
});
const model: RankerModel = {
  features: [...FEATURES],
  ranker: roundModel(trained.ranker),
  confidence: roundModel(trained.confidence),
  answerThreshold: round(trained.answerThreshold),
  spanThreshold: round(trained.spanThreshold),
  meta: {
    command: `npm run train:answerer -- --precision ${precision} --span-precision ${spanPrecision}`,
    data: "../shared/eval: news (10,000 articles, seed 1), news-drop (unanswerable questions), cmrc trial, tune half only (scripts/lib/real-sets.ts splitOf); generated: seed page + 300 distractor pages (seed 101), 60 questions per kind, and test/fixtures/qa/*.jsonl (scripts/lib/synthetic-set.ts)",
    fit: `${examples.length} questions; ${FOLDS}-fold cross-fitting by source article, thresholds chosen on out-of-fold confidences`,
    outOfFoldFigures: trained.figures,
    commit,
  },
};
writeFileSync(values.out, `${JSON.stringify(model, null, 2)}\n`);
log(`wrote ${values.out}`);
