/** The CLI's two output shapes: the JSON contract automated checks read, and readable text. */
import type { Redactor } from "../secrets.js";
import type { Answer, Citation } from "../types.js";

/**
 * A writer of results to stdout that takes the configured secrets out first: answers hold model
 * output, and reasons hold remote servers' error messages, either of which can echo a key.
 * Redacting the serialized text is safe for JSON: "[redacted]" needs no escaping, and the secrets'
 * JSON-escaped forms are among those replaced.
 */
export function createPrinter(redactor: Redactor): (text: string) => void {
  return (text) => {
    process.stdout.write(redactor.redact(text));
  };
}

export interface AnswerJson {
  question: string;
  answer: string;
  abstained: boolean;
  answerer: string;
  citations: {
    n: number;
    title: string;
    source: string;
    paper?: string;
    date?: string;
    page?: string;
    chunk_id: string;
    quote?: string;
    text: string;
  }[];
  passages: { rank: number; title: string; source: string; text: string; score: number; chunk_id: string }[];
}

export function answerToJson(a: Answer): AnswerJson {
  return {
    question: a.question,
    answer: a.answer,
    abstained: a.abstained,
    answerer: a.answerer,
    citations: a.citations.map((c) => ({
      n: c.n,
      title: c.title,
      source: c.source,
      paper: c.paper,
      date: c.date,
      page: c.page,
      chunk_id: c.chunkId,
      quote: c.quote,
      text: c.text,
    })),
    passages: a.passages.map((p) => ({
      rank: p.rank,
      title: p.title,
      source: p.source,
      text: p.text,
      score: Number(p.score.toFixed(6)),
      chunk_id: p.id,
    })),
  };
}

/** "title · paper · date · 第N版", leaving out whatever is unknown. */
export function describeSource(c: Pick<Citation, "title" | "paper" | "date" | "page">): string {
  return [c.title, c.paper, c.date, c.page ? `第${c.page}版` : undefined].filter(Boolean).join(" · ");
}

export function answerToText(a: Answer): string {
  const lines = [a.answer];
  if (a.citations.length) {
    lines.push("", "Sources:");
    for (const c of a.citations) lines.push(`[${c.n}] ${describeSource(c)}  (${c.source})`);
  }
  return lines.join("\n");
}
