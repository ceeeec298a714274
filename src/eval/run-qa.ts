/** Runs a QA set through a QaService and scores it; shared by `eval` and the distractor benchmark. */
import type { QaService } from "../types.js";
import {
  type ItemResult,
  type Metrics,
  type QaItem,
  scoreItem,
  summarize,
  summarizeByKind,
} from "./evaluate.js";

export interface QaReport {
  k: number;
  overall: Metrics;
  byKind: Record<string, Metrics>;
  items: { id: string; question: string; answer: string; result: ItemResult }[];
}

export async function runQaSet(qa: QaService, items: QaItem[], k: number): Promise<QaReport> {
  const results: ItemResult[] = [];
  const details: QaReport["items"] = [];
  for (const item of items) {
    const answer = await qa.ask(item.question, { k });
    const result = scoreItem(item, answer);
    results.push(result);
    details.push({ id: item.id, question: item.question, answer: answer.answer, result });
  }
  return { k, overall: summarize(results), byKind: summarizeByKind(results), items: details };
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/** The report as a Markdown table, one row overall and one per kind of question. */
export function reportTable(report: Pick<QaReport, "overall" | "byKind">): string {
  const rows: [string, Metrics][] = [["all", report.overall], ...Object.entries(report.byKind)];
  return [
    "| kind | n | evidence hit@k | answer accuracy | short answer accuracy | citation precision | abstention precision | abstention recall | answerable abstained |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      ([kind, m]) =>
        `| ${kind} | ${m.questions} | ${pct(m.evidenceHitAtK)} | ${pct(m.answerAccuracy)} | ${pct(m.shortAnswerAccuracy)} | ${pct(m.citationPrecision)} | ${pct(m.abstentionPrecision)} | ${pct(m.abstentionRecall)} | ${pct(m.falseAbstentionRate)} |`,
    ),
  ].join("\n");
}
