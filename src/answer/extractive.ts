/**
 * The offline answerer: picks the sentence (or short run of sentences) in the retrieved passages
 * that most likely holds the asked-for fact, and returns it verbatim with its citation. A learned
 * model (ranker.ts, trained on real dev questions) scores every candidate; acceptance.ts decides
 * whether the winner answers or the answerer declines rather than guess, and whether the typed
 * short answer ("第96名") leads (a wrong short answer over a right quote is worse than none). It
 * never writes new content, so it cannot invent facts.
 */
import type { Tokenizer } from "../text/tokenizer.js";
import type { Answerer, Passage } from "../types.js";
import {
  type Acceptance,
  type AcceptanceOptions,
  abstentionText,
  createAcceptance,
  declinesWhole,
  missingPart,
} from "./acceptance.js";
import { extractCandidates } from "./candidates.js";
import { decomposeQuestion } from "./decompose.js";
import type { EvidenceOptions } from "./evidence.js";
import { linear, loadRankerModel, pickBest, type RankerModel, sigmoid } from "./ranker.js";

export interface ExtractiveOptions extends Omit<EvidenceOptions, "tokenizer">, AcceptanceOptions {
  tokenizer: Tokenizer;
  /** The answer model; default the committed src/answer/ranker.json. */
  model?: RankerModel;
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
  let loaded: { model: RankerModel; acceptance: Acceptance } | undefined;
  const answering = () => {
    if (!loaded) {
      const model = opts.model ?? loadRankerModel();
      loaded = { model, acceptance: createAcceptance(model, opts) };
    }
    return loaded;
  };
  const best = (question: string, passages: Passage[]) =>
    bestCandidate(question, passages, opts, answering());
  return {
    id: "extractive",
    best,
    async answer(question, passages, answerOpts) {
      const parts = answerOpts?.parts ?? decomposeQuestion(question, opts.tokenizer);
      const { acceptance } = answering();
      const found = parts.map((part) => {
        const { best: b, language } = best(part, passages);
        return { best: b && acceptance.answers(b.confidence) ? b : undefined, language };
      });
      const language = found[0]!.language;
      if (declinesWhole(found.map((f) => f.best))) {
        return { text: abstentionText(language), abstained: true, cited: [], answerer: "extractive" };
      }
      const lines: string[] = [];
      const quotes: Record<number, string> = {};
      found.forEach(({ best: b }, i) => {
        if (b) {
          // The short answer first when the model is sure, then the sentence it comes from.
          const lead = b.span && acceptance.leadsWithShortAnswer(b.confidence) ? `${b.span}。` : "";
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
  { model, acceptance }: { model: RankerModel; acceptance: Acceptance },
): { best?: BestCandidate; language: "zh" | "en" } {
  const { analysis, candidates: all } = extractCandidates(question, passages, opts);
  const candidates = all.filter((c) => acceptance.admits(c));
  const picked = pickBest(model, candidates);
  let best: BestCandidate | undefined;
  if (picked) {
    const c = candidates[picked.index]!;
    const confidence = sigmoid(linear(model.confidence, picked.confidenceInput));
    best = { passage: c.passage, window: c.window, span: c.span, confidence };
  }
  return { best, language: analysis.language };
}
