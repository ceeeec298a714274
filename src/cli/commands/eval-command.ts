import { readFile } from "node:fs/promises";
import { parseQaSet } from "../../eval/evaluate.js";
import { reportTable, runQaSet } from "../../eval/run-qa.js";
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
  const { config, logger, print } = cliContext(opts);
  const items = parseQaSet(await readFile(opts.qa, "utf8"), opts.qa);
  const qa = await createQaService({ config, logger });
  const report = await runQaSet(qa, items, opts.k ?? config.retrieval.topK);
  if (opts.json) {
    const figures = { k: report.k, overall: report.overall, byKind: report.byKind };
    print(`${JSON.stringify(opts.verbose ? report : figures)}\n`);
    return report;
  }
  const out = [
    `QA set: ${opts.qa} (${items.length} questions), top-${report.k} passages, answerer ${qa.status().answerer}`,
    "",
    reportTable(report),
  ];
  if (opts.verbose) {
    out.push("");
    for (const d of report.items) {
      const r = d.result;
      const ok = r.answerable ? r.correct : r.abstained;
      out.push(`${ok ? "ok  " : "MISS"} ${d.id} [${r.kind}] ${d.question}\n     -> ${d.answer}`);
    }
  }
  print(`${out.join("\n")}\n`);
  return report;
}
