/**
 * The offline answerer: picks the sentence (or short run of sentences) in the retrieved passages
 * that best answers the question and returns it verbatim with its citation. It never writes new
 * content, so it cannot invent facts; when no passage holds the question's entity and asked-for
 * attribute together it abstains.
 */
import type { Tokenizer } from "../text/tokenizer.js";
import type { Answerer } from "../types.js";
import { abstentionText } from "./abstain.js";
import { createEvidenceScorer, type EvidenceOptions } from "./evidence.js";

export interface ExtractiveOptions extends Omit<EvidenceOptions, "tokenizer"> {
  tokenizer: Tokenizer;
}

export function createExtractiveAnswerer(opts: ExtractiveOptions): Answerer {
  return {
    id: "extractive",
    async answer(question, passages) {
      const scorer = createEvidenceScorer(question, opts);
      let best: { passage: number; window: string; score: number } | undefined;
      passages.forEach((p, i) => {
        const e = scorer.score(p);
        if (!e || !scorer.accepts(e)) return;
        // Earlier passages ranked higher in retrieval; a small bonus breaks near-ties their way.
        const score = e.score + 0.05 / (i + 1);
        if (!best || score > best.score) best = { passage: i + 1, window: e.window, score };
      });
      if (!best) {
        return {
          text: abstentionText(scorer.analysis.language),
          abstained: true,
          cited: [],
          answerer: "extractive",
        };
      }
      return {
        text: `${best.window}[${best.passage}]`,
        abstained: false,
        cited: [best.passage],
        quotes: { [best.passage]: best.window },
        answerer: "extractive",
      };
    },
  };
}
