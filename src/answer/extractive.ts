/**
 * The offline answerer: picks the sentence (or short run of sentences) in the retrieved passages
 * that best answers the question and returns it verbatim with its citation. It never writes new
 * content, so it cannot invent facts; when no passage holds the question's entity and asked-for
 * attribute together it abstains.
 */
import type { Tokenizer } from "../text/tokenizer.js";
import type { Answerer, Passage } from "../types.js";
import { abstentionText } from "./abstain.js";
import { decomposeQuestion } from "./decompose.js";
import { createEvidenceScorer, type EvidenceOptions } from "./evidence.js";
import { findSpan } from "./span.js";

export interface ExtractiveOptions extends Omit<EvidenceOptions, "tokenizer"> {
  tokenizer: Tokenizer;
}

export function createExtractiveAnswerer(opts: ExtractiveOptions): Answerer {
  return {
    id: "extractive",
    async answer(question, passages) {
      const parts = decomposeQuestion(question, opts.tokenizer);
      const found = parts.map((part) => bestEvidence(part, passages, opts));
      const language = found[0]!.language;
      if (found.every((f) => !f.best)) {
        return { text: abstentionText(language), abstained: true, cited: [], answerer: "extractive" };
      }
      const lines: string[] = [];
      const quotes: Record<number, string> = {};
      found.forEach(({ best }, i) => {
        if (best) {
          // The short answer first, then the sentence it comes from, so the reader can check it.
          lines.push(`${best.span ? `${best.span}。` : ""}${best.window}[${best.passage}]`);
          quotes[best.passage] = best.window;
        } else {
          lines.push(missingPart(parts[i]!, language));
        }
      });
      return {
        text: lines.join("\n"),
        abstained: false,
        cited: Object.keys(quotes).map(Number),
        quotes,
        answerer: "extractive",
      };
    },
  };
}

function bestEvidence(question: string, passages: Passage[], opts: ExtractiveOptions) {
  const scorer = createEvidenceScorer(question, opts);
  let best: { passage: number; window: string; span?: string; score: number } | undefined;
  passages.forEach((p, i) => {
    const e = scorer.score(p);
    if (!e || !scorer.accepts(e)) return;
    // Earlier passages ranked higher in retrieval; a small bonus breaks near-ties their way.
    const score = e.score + 0.05 / (i + 1);
    if (!best || score > best.score) best = { passage: i + 1, window: e.window, score };
  });
  if (best) best.span = findSpan(best.window, scorer.analysis);
  return { best, language: scorer.analysis.language };
}

/** One unanswered part of a multi-fact question, said plainly beside the answered ones. */
function missingPart(part: string, language: "zh" | "en"): string {
  return language === "zh" ? `没有在语料中找到“${part}”的答案。` : `The paper doesn't say: ${part}`;
}
