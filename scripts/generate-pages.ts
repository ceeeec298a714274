/**
 * Writes a synthetic corpus with known truth:
 *   tsx scripts/generate-pages.ts --pages 1000 --seed 42 --out data/synth
 * gives <out>/<paper>/<YYYY-MM-DD>/<NN>.txt, <out>/truth.jsonl and <out>/qa.jsonl.
 * Flags: --paper (default 科技日报), --start-date (default 2015-01-01), --per-issue (default 8).
 */
import { scriptArgs, usageError } from "./lib/script-args.js";
import { generateCorpus } from "./lib/synth/index.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    pages: { type: "string", default: "100" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    paper: { type: "string" },
    "start-date": { type: "string" },
    "per-issue": { type: "string" },
  },
});

function int(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) usageError(`--${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

try {
  if (!values.out) usageError("--out DIR is required (where the pages, truth.jsonl and qa.jsonl go)");
  const started = performance.now();
  const summary = await generateCorpus({
    pages: int("pages", values.pages)!,
    seed: int("seed", values.seed)!,
    outDir: values.out,
    ...(values.paper ? { paper: values.paper } : {}),
    ...(values["start-date"] ? { startDate: values["start-date"] } : {}),
    ...(values["per-issue"] ? { pagesPerIssue: int("per-issue", values["per-issue"])! } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const { qa } = summary;
  process.stderr.write(
    `generated ${summary.pages} pages, ${summary.articles} articles, ${(summary.chars / 1e6).toFixed(1)}M chars, ` +
      `${qa.fact + qa.multi + qa.unanswerable} questions (${qa.fact} fact, ${qa.multi} multi, ${qa.unanswerable} unanswerable) ` +
      `in ${seconds.toFixed(1)}s (${Math.round(summary.pages / seconds)} pages/s) -> ${values.out}\n`,
  );
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
