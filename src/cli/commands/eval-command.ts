import { readFile } from "node:fs/promises";
import {
  type ItemResult,
  type Metrics,
  parseQaSet,
  scoreItem,
  summarize,
  summarizeByKind,
} from "../../eval/evaluate.js";
import { createQaService } from "../../qa/create-qa-service.js";
import { cliContext } from "../context.js";

export async function runEval(opts: {
  qa: string;
  corpus?: string;
  index?: string;
  k?: number;
  json?: boolean;
  verbose?: boolean;
}) {
  const { config, logger } = cliContext(opts);
  const items = parseQaSet(await readFile(opts.qa, "utf8"), opts.qa);
  const qa = await createQaService({ config, logger });
  const results: ItemResult[] = [];
  const details: { id: string; question: string; answer: string; result: ItemResult }[] = [];
  for (const item of items) {
    const answer = await qa.ask(item.question, { k: opts.k });
    const result = scoreItem(item, answer);
    results.push(result);
    details.push({ id: item.id, question: item.question, answer: answer.answer, result });
  }
  const report = {
    k: opts.k ?? config.retrieval.topK,
    overall: summarize(results),
    byKind: summarizeByKind(results),
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(opts.verbose ? { ...report, items: details } : report)}\n`);
    return report;
  }
  const rows: [string, Metrics][] = [["all", report.overall], ...Object.entries(report.byKind)];
  const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
  const out = [
    `QA set: ${opts.qa} (${items.length} questions), top-${report.k} passages, answerer ${qa.status().answerer}`,
    "",
    "| kind | n | evidence hit@k | answer accuracy | citation precision | abstention precision | abstention recall | answerable abstained |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      ([kind, m]) =>
        `| ${kind} | ${m.questions} | ${pct(m.evidenceHitAtK)} | ${pct(m.answerAccuracy)} | ${pct(m.citationPrecision)} | ${pct(m.abstentionPrecision)} | ${pct(m.abstentionRecall)} | ${pct(m.falseAbstentionRate)} |`,
    ),
  ];
  if (opts.verbose) {
    out.push("");
    for (const d of details) {
      const r = d.result;
      const mark = r.answerable ? (r.correct ? "ok " : "MISS") : r.abstained ? "ok " : "MISS";
      out.push(`${mark} ${d.id} [${r.kind}] ${d.question}\n     -> ${d.answer}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return report;
}
