/**
 * `npm run bench:ab -- --index DIR --a JSON --b JSON`: two settings compared on one built index in one
 * process, question by question. Each side is the service loaded with the offline defaults plus the
 * settings in its JSON (environment names, e.g. '{"VECTOR_FEEDBACK_DOCS":"0"}'); every question is asked
 * of both, the order alternating, so the machine's drift, which moves separate runs by more than the
 * small effects measured here, falls on both alike. Prints each side's p50 / p95 and the paired
 * difference (A minus B) at the median and mean. It runs the compiled dist/ when it is fresh, as
 * `npm start` does, else the sources (scripts/lib/bench/service-code.ts).
 *
 *   --qa FILE      JSONL with "question" (default the news dev questions of ../shared/eval/news)
 *   --questions N  the first N (default all)
 *   --rounds N     timed rounds after one warm-up round (default 4)
 *   --retrieve     time retrieval alone instead of the whole ask
 */
import { join, resolve } from "node:path";
import { firstQuestions } from "./lib/bench/questions.js";
import { codeLabel, productModule, serviceCode } from "./lib/bench/service-code.js";
import { percentile } from "./lib/bench/stats.js";
import { SHARED_EVAL } from "./lib/real-sets.js";
import { scriptArgs, usageError } from "./lib/script-args.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    index: { type: "string" },
    a: { type: "string" },
    b: { type: "string" },
    qa: { type: "string", default: join(SHARED_EVAL, "news", "dev-qa.jsonl") },
    questions: { type: "string", default: "100000" },
    rounds: { type: "string", default: "4" },
    retrieve: { type: "boolean", default: false },
  },
});
if (!values.index || values.a === undefined || values.b === undefined)
  usageError("--index DIR, --a JSON and --b JSON are all needed");
const settings = (name: string, json: string): Record<string, string> => {
  try {
    return JSON.parse(json) as Record<string, string>;
  } catch {
    return usageError(
      `--${name}: expected settings as JSON, e.g. '{"VECTOR_FEEDBACK_DOCS":"0"}', got ${json}`,
    );
  }
};
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  usageError(`--rounds: expected a whole number, got "${values.rounds}"`);

// The product's code as `npm start` runs it: compiled when dist/ is fresh (service-code.ts).
const { createQaService, createLogger, code } = await serviceCode();
const { loadConfig } = await productModule<typeof import("../src/config.js")>("config");
const indexDir = resolve(values.index);
const serve = (env: Record<string, string>) =>
  createQaService({
    config: { ...loadConfig({ ...env, LOG_LEVEL: "silent" }), indexDir },
    logger: createLogger("silent"),
  });
const [envA, envB] = [settings("a", values.a), settings("b", values.b)];
// A misspelt name is ignored by loadConfig: two equal configurations would compare nothing.
if (JSON.stringify(loadConfig(envA)) === JSON.stringify(loadConfig(envB)))
  usageError("--a and --b give the same configuration: check the settings' names for a misspelling");
const sides = [await serve(envA), await serve(envB)];
const questions = await firstQuestions(resolve(values.qa), Number(values.questions));
const once = (qa: (typeof sides)[number], q: string) =>
  values.retrieve ? qa.retrieve(q, { k: 5 }) : qa.ask(q);
for (const q of questions) for (const qa of sides) await once(qa, q);

const times: [number[], number[]] = [[], []];
const diffs: number[] = [];
for (let r = 0; r < rounds; r++)
  for (const [i, q] of questions.entries()) {
    const took = [0, 0];
    for (const side of (i + r) % 2 ? [0, 1] : [1, 0]) {
      const t = performance.now();
      await once(sides[side]!, q);
      took[side] = performance.now() - t;
      times[side as 0 | 1].push(took[side]!);
    }
    diffs.push(took[0]! - took[1]!);
  }
const at = (xs: number[], f: number) =>
  percentile(
    [...xs].sort((x, y) => x - y),
    f * 100,
  );
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const ms = (x: number) => x.toFixed(2);
console.log(
  `${questions.length} questions × ${rounds} rounds, ${values.retrieve ? "retrieval" : "ask"} ms, ${codeLabel([code])}`,
);
console.log(`A ${values.a}: p50 ${ms(at(times[0], 0.5))}, p95 ${ms(at(times[0], 0.95))}`);
console.log(`B ${values.b}: p50 ${ms(at(times[1], 0.5))}, p95 ${ms(at(times[1], 0.95))}`);
console.log(
  `A - B, paired: median ${ms(at(diffs, 0.5))}, mean ${ms(mean(diffs))}; B faster in ${diffs.filter((d) => d > 0).length} of ${diffs.length}`,
);
process.exit(0);
