/**
 * Scores answers against a QA set in the dev-qa.jsonl format:
 *   {"id", "question", "answerable", "facts": [[alternatives...], ...], "evidence": [...], "kind"}
 * Matching ignores whitespace and full-/half-width differences, as PDF text varies in both, but not
 * a unit or numeral symbol's form: an answer must quote "16.95℃" as the page prints it, not "16.95°C".
 */
import { verbatimCompact } from "../text/normalize.js";
import type { Answer } from "../types.js";

export interface QaItem {
  id: string;
  question: string;
  answerable: boolean;
  /** Each inner list is one required fact, satisfied by any of its alternatives. */
  facts: string[][];
  /** Passage text that proves the answer. */
  evidence: string[];
  kind: string;
}

export interface ItemResult {
  id: string;
  kind: string;
  answerable: boolean;
  abstained: boolean;
  /** Every evidence string is found in the top-k passages (answerable only). */
  evidenceHit?: boolean;
  /** Every fact appears in the answer and it did not abstain (answerable only). */
  correct?: boolean;
  /**
   * Every fact appears in the answer's short form: the first sentence of each line, before the
   * quoted evidence ("第96名。…综合排名第96名…[1]" counts "第96名" only). Stricter than `correct`,
   * which a long quote can satisfy while the short answer names the wrong figure.
   */
  shortCorrect?: boolean;
  /** Cited passages that contain some evidence string, and all cited passages. */
  citationsSupported: number;
  citations: number;
}

export function scoreItem(item: QaItem, answer: Answer): ItemResult {
  const base = {
    id: item.id,
    kind: item.kind,
    answerable: item.answerable,
    abstained: answer.abstained,
    citations: answer.citations.length,
  };
  const evidence = item.evidence.map(verbatimCompact).filter(Boolean);
  const contains = (text: string) => {
    const hay = verbatimCompact(text);
    return evidence.some((e) => hay.includes(e));
  };
  const citationsSupported = answer.citations.filter((c) => contains(c.text)).length;
  if (!item.answerable) return { ...base, citationsSupported };
  const passages = answer.passages.map((p) => verbatimCompact(p.text));
  const evidenceHit = evidence.length > 0 && evidence.every((e) => passages.some((p) => p.includes(e)));
  const says = (text: string) =>
    !answer.abstained && item.facts.every((alts) => alts.some((alt) => text.includes(verbatimCompact(alt))));
  const correct = says(verbatimCompact(answer.answer));
  const shortCorrect = says(shortForm(answer.answer));
  return { ...base, evidenceHit, correct, shortCorrect, citationsSupported };
}

/** The first sentence of each line of an answer, compacted. */
function shortForm(answer: string): string {
  return answer
    .split("\n")
    .map((line) => verbatimCompact(line).split(/[。！？!?]/)[0] ?? "")
    .join("\n");
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Share of answerable questions whose evidence is in the top-k passages. */
  evidenceHitAtK: number | null;
  /** Share of answerable questions answered with every fact. */
  answerAccuracy: number | null;
  /** Share of answerable questions whose short answer (first sentence per line) has every fact. */
  shortAnswerAccuracy: number | null;
  /** Share of citations (on answered questions) whose passage contains evidence. */
  citationPrecision: number | null;
  /** Of the abstentions, the share that were on unanswerable questions. */
  abstentionPrecision: number | null;
  /** Of the unanswerable questions, the share abstained on. */
  abstentionRecall: number | null;
  /** Of the answerable questions, the share abstained on (lower is better). */
  falseAbstentionRate: number | null;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function summarize(results: ItemResult[]): Metrics {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const abstained = results.filter((r) => r.abstained);
  const answeredAnswerable = answerable.filter((r) => !r.abstained);
  const cited = answeredAnswerable.reduce((s, r) => s + r.citations, 0);
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    evidenceHitAtK: ratio(answerable.filter((r) => r.evidenceHit).length, answerable.length),
    answerAccuracy: ratio(answerable.filter((r) => r.correct).length, answerable.length),
    shortAnswerAccuracy: ratio(answerable.filter((r) => r.shortCorrect).length, answerable.length),
    citationPrecision: ratio(
      answeredAnswerable.reduce((s, r) => s + r.citationsSupported, 0),
      cited,
    ),
    abstentionPrecision: ratio(abstained.filter((r) => !r.answerable).length, abstained.length),
    abstentionRecall: ratio(unanswerable.filter((r) => r.abstained).length, unanswerable.length),
    falseAbstentionRate: ratio(answerable.filter((r) => r.abstained).length, answerable.length),
  };
}

export function summarizeByKind(results: ItemResult[]): Record<string, Metrics> {
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  return Object.fromEntries(kinds.map((k) => [k, summarize(results.filter((r) => r.kind === k))]));
}

/** Parses a QA JSONL file's text, naming the line of any malformed entry. */
export function parseQaSet(text: string, file: string): QaItem[] {
  const items: QaItem[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let raw: Partial<QaItem>;
    try {
      raw = JSON.parse(line) as Partial<QaItem>;
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    if (typeof raw.question !== "string" || !raw.question.trim()) {
      throw new Error(`${file}:${i + 1}: missing "question"`);
    }
    items.push({
      id: raw.id ?? `line${i + 1}`,
      question: raw.question,
      answerable: raw.answerable ?? true,
      facts: raw.facts ?? [],
      evidence: raw.evidence ?? [],
      kind: raw.kind ?? "fact",
    });
  });
  return items;
}
