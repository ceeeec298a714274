/**
 * The offline answerer: picks the sentence (or short run of sentences) in the retrieved passages
 * that most likely holds the asked-for fact, and returns it verbatim with its citation. A learned
 * model (ranker.ts, trained on real dev questions) scores every candidate; below its threshold the
 * answerer declines rather than guess. It never writes new content, so it cannot invent facts.
 * The typed short answer ("第96名") leads only when the model is sure enough: a wrong short answer
 * over a right quote is worse than none.
 */
import type { Tokenizer } from "../text/tokenizer.js";
import type { Answerer, Passage } from "../types.js";
import { abstentionText } from "./abstain.js";
import { extractCandidates } from "./candidates.js";
import { decomposeQuestion } from "./decompose.js";
import type { EvidenceOptions } from "./evidence.js";
import { linear, loadRankerModel, pickBest, type RankerModel, sigmoid } from "./ranker.js";
import { type VetoName, vetoedBy } from "./vetoes.js";

export interface ExtractiveOptions extends Omit<EvidenceOptions, "tokenizer"> {
  tokenizer: Tokenizer;
  /** The answer model; default the committed src/answer/ranker.json. */
  model?: RankerModel;
  /** The hard vetoes switched on (vetoes.ts); default all. */
  vetoes?: readonly VetoName[];
  /** Declines below this probability; default the model's answerThreshold (ANSWER_THRESHOLD). */
  answerThreshold?: number;
  /** Leads with the typed short answer from this probability on; default the model's (SHORT_ANSWER_THRESHOLD). */
  shortAnswerThreshold?: number;
}

export interface BestCandidate {
  passage: number;
  window: string;
  span?: string;
  /** The model's probability that the window holds the asked-for fact. */
  confidence: number;
}

export function createExtractiveAnswerer(opts: ExtractiveOptions): Answerer & {
  /** The best candidate for a (one-fact) question, whatever its confidence. */
  best(question: string, passages: Passage[]): { best?: BestCandidate; language: "zh" | "en" };
} {
  // Read on first use, so a process that never answers offline (the trainer) needs no model file.
  let loaded = opts.model;
  const model = () => (loaded ??= loadRankerModel());
  const best = (question: string, passages: Passage[]) => bestCandidate(question, passages, opts, model());
  return {
    id: "extractive",
    best,
    async answer(question, passages, answerOpts) {
      const parts = answerOpts?.parts ?? decomposeQuestion(question, opts.tokenizer);
      const found = parts.map((part) => {
        const { best: b, language } = best(part, passages);
        const threshold = opts.answerThreshold ?? model().answerThreshold;
        return { best: b && b.confidence >= threshold ? b : undefined, language };
      });
      const language = found[0]!.language;
      if (found.every((f) => !f.best)) {
        return { text: abstentionText(language), abstained: true, cited: [], answerer: "extractive" };
      }
      const lines: string[] = [];
      const quotes: Record<number, string> = {};
      found.forEach(({ best: b }, i) => {
        if (b) {
          // The short answer first when the model is sure, then the sentence it comes from.
          const sure = b.confidence >= (opts.shortAnswerThreshold ?? model().spanThreshold);
          const lead = b.span && sure ? `${b.span}。` : "";
          lines.push(`${lead}${b.window}[${b.passage}]`);
          quotes[b.passage] = b.window;
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

function bestCandidate(
  question: string,
  passages: Passage[],
  opts: ExtractiveOptions,
  model: RankerModel,
): { best?: BestCandidate; language: "zh" | "en" } {
  const { analysis, candidates: all } = extractCandidates(question, passages, opts);
  const candidates = all.filter((c) => vetoedBy({ checks: c.checks }, opts.vetoes).length === 0);
  const picked = pickBest(model, candidates);
  let best: BestCandidate | undefined;
  if (picked) {
    const c = candidates[picked.index]!;
    const confidence = sigmoid(linear(model.confidence, picked.confidenceInput));
    best = { passage: c.passage, window: c.window, span: c.span, confidence };
  }
  return { best, language: analysis.language };
}

/** One unanswered part of a multi-fact question, said plainly beside the answered ones. */
function missingPart(part: string, language: "zh" | "en"): string {
  return language === "zh" ? `没有在语料中找到“${part}”的答案。` : `The paper doesn't say: ${part}`;
}
