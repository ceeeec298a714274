/**
 * Candidate answers and what the learned answerer knows of each. A candidate is a sentence of a
 * retrieved passage, or the short run of sentences ending in it (evidence.ts decides the run). Its
 * features are the evidence checks (coverage, fact type, attribute, year), plus what the
 * checks never saw: the passage's rank and score, character-bigram overlap with the question
 * (which still matches names jieba cuts apart), how close together the question's words stand, and
 * where the sentence is in its article. The features are numbers in about [0, 1], named in FEATURES
 * so a model file can say which it was trained on.
 */
import { bigramFinder, bigramShare, bigramsOf, bigramText } from "../text/bigrams.js";
import { compact } from "../text/normalize.js";
import type { Passage } from "../types.js";
import {
  createEvidenceScorer,
  type EvidenceChecks,
  type EvidenceOptions,
  type EvidenceScorer,
} from "./evidence.js";
import type { QuestionAnalysis } from "./question.js";
import { findSpan } from "./span.js";

export const FEATURES = [
  "rank_inv",
  "score_rel",
  "bigram",
  "bigram_best",
  "bigram_gap",
  "word_cov",
  "word_cov_best",
  "ctx_cov",
  "type_known",
  "type_ok",
  "attr_known",
  "attr_ok",
  "year_ok",
  "proximity",
  "novel",
  "length",
  "is_window",
  "article_start",
  "has_digit_for_number",
  "span_found",
  "lcs",
  "slot_left",
  "slot_right",
  "rest_bigram",
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface Candidate {
  /** 1-based position of the passage among those retrieved. */
  passage: number;
  /** The text quoted as the answer. */
  window: string;
  /** A typed short answer found in the window ("第96名"), if any. */
  span?: string;
  /** One value per FEATURES entry. */
  features: number[];
  /** What the evidence checks said of the window (the vetoes read these). */
  checks: EvidenceChecks;
}

const NUMERIC = new Set(["number", "year", "time"]);

const chars = bigramText;

export function extractCandidates(
  question: string,
  passages: Passage[],
  opts: EvidenceOptions,
): { analysis: QuestionAnalysis; candidates: Candidate[] } {
  const scorer = createEvidenceScorer(question, opts);
  const { analysis } = scorer;
  const qGrams = [...new Set(bigramsOf(question))];
  const qText = chars(question);
  const qChars = new Set(qText);
  const qCodes = codePoints(qText);
  const raw = windowsOf(passages, scorer, qGrams);
  const share = bigramShare(
    qGrams,
    raw.map((r) => r.grams),
  );
  const bigram = raw.map((r) => share(r.grams));
  // What the question asks beyond its subject: the bigrams its passage's headline does not already
  // say. An encyclopedia entry's every sentence is about 黄鳍紫鱼; the one that answers 体长多少
  // holds 体长, though it never repeats the name.
  const rest = passages.map((p) => {
    const headline = new Set(bigramsOf(p.title));
    const asked = qGrams.filter((g) => !headline.has(g));
    return asked.length
      ? bigramShare(
          asked,
          raw.map((r) => r.grams),
        )
      : () => 0;
  });
  const maxBigram = Math.max(0, ...bigram);
  const maxCov = Math.max(0, ...raw.map((r) => r.e.windowCoverage));
  const maxScore = Math.max(1e-9, ...passages.map((p) => p.score));
  const typeKnown = analysis.factType !== "other" || analysis.unit !== undefined;
  const slot = questionSlot(question);
  const candidates = raw.map((r, i): Candidate => {
    const { e, p, text } = r;
    const span = findSpan(e.window, analysis);
    const f: Record<FeatureName, number> = {
      rank_inv: 1 / r.passage,
      score_rel: Math.max(0, p.score) / maxScore,
      bigram: bigram[i]!,
      bigram_best: bigram[i]! >= maxBigram ? 1 : 0,
      bigram_gap: bigram[i]! - maxBigram,
      word_cov: e.windowCoverage,
      word_cov_best: e.windowCoverage >= maxCov ? 1 : 0,
      ctx_cov: e.contextCoverage,
      type_known: typeKnown ? 1 : 0,
      type_ok: typeKnown && e.typeOk ? 1 : 0,
      attr_known: analysis.attribute ? 1 : 0,
      attr_ok: analysis.attribute && e.attributeOk ? 1 : 0,
      year_ok: e.yearOk ? 1 : 0,
      proximity: proximity(e.sentence, qGrams),
      novel: novelty(text, qCodes),
      length: Math.min(1, Math.log(1 + e.window.length) / Math.log(400)),
      is_window: e.window.length > e.sentence.length ? 1 : 0,
      article_start: p.seq === 0 && e.at === 0 ? 1 : 0,
      has_digit_for_number:
        NUMERIC.has(analysis.factType) && /\d|[一二三四五六七八九十百千万亿]/.test(e.window) ? 1 : 0,
      span_found: span ? 1 : 0,
      lcs: longestCommon(text, qText) / Math.max(4, qText.length),
      slot_left: slot ? slotMatch(text, slot.left, "left", qChars) : 0,
      slot_right: slot ? slotMatch(text, slot.right, "right", qChars) : 0,
      rest_bigram: rest[r.passage - 1]!(r.grams),
    };
    return {
      passage: r.passage,
      window: e.window,
      span,
      features: FEATURES.map((n) => f[n]),
      checks: { entitiesOk: e.entitiesOk, anchorOk: e.anchorOk },
    };
  });
  return { analysis, candidates };
}

/** Every window of the passages, with its letters and digits and the question's bigrams it holds. */
function windowsOf(passages: Passage[], scorer: EvidenceScorer, qGrams: string[]) {
  // Every share asks a window only about the question's bigrams: they are found in one pass over
  // it, not as a set of all of its own (bigramFinder).
  const gramsIn = bigramFinder(qGrams);
  return passages.flatMap((p, i) =>
    scorer.windows(p).map((e) => {
      const text = chars(e.window);
      return { e, passage: i + 1, p, text, grams: gramsIn(text) };
    }),
  );
}

/**
 * How tightly the question's bigrams stand together in the sentence: 1 when all that occur fall
 * within a stretch as long as the question, less as they spread out; 0 when none occurs.
 */
function proximity(sentence: string, qGrams: string[]): number {
  const s = chars(sentence);
  const at = qGrams.map((g) => s.indexOf(g)).filter((i) => i >= 0);
  if (at.length === 0) return 0;
  const spread = Math.max(...at) - Math.min(...at) + 2;
  return Math.min(1, (qGrams.length + 1) / spread) * Math.min(1, at.length / 2);
}

/** Share of the window's characters the question does not hold: an answer says something new. */
function novelty(text: string, qCodes: Set<number>): number {
  // By code point, as the characters of [...text] are, without a string made for each.
  let count = 0;
  let novel = 0;
  for (let i = 0; i < text.length; count++) {
    const c = text.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    if (!qCodes.has(c)) novel++;
  }
  return count === 0 ? 0 : novel / count;
}

/** The code points of a text, as numbers. */
function codePoints(text: string): Set<number> {
  const out = new Set<number>();
  for (const c of text) out.add(c.codePointAt(0)!);
  return out;
}

/** Words that ask: where the answer goes in the question. */
const ASKING = /谁|什么|哪[个些种家位里儿年一所项国座条天]?|多少|几|何[时地处]?|怎么|怎样|如何|为什么|为何/;
/** Glue between the asked-for slot and its context, dropped before matching ("是", "的"). */
const GLUE = /^[是为的了在于有]+|[是为的了在于有]+$/g;

/**
 * The question's context on each side of the word that asks: "中国驻日本大使是谁" has 中国驻日本大使
 * before 谁. The sentence that answers usually repeats that context right beside the answer.
 */
function questionSlot(question: string): { left: string; right: string } | undefined {
  const q = compact(question).replace(/[？?。！!]+$/, "");
  const m = ASKING.exec(q);
  if (!m) return undefined;
  const left = chars(q.slice(0, m.index)).replace(GLUE, "").slice(-8);
  const right = chars(q.slice(m.index + m[0].length))
    .replace(GLUE, "")
    .slice(0, 8);
  return { left, right };
}

/**
 * How much of the slot's context the sentence holds with something new beside it: the longest
 * end of `left` (or start of `right`) found in the sentence, as a share of the context, counted
 * only when the character on the answer's side is not from the question.
 */
function slotMatch(sentence: string, context: string, side: "left" | "right", qChars: Set<string>): number {
  for (let n = context.length; n >= 2; n--) {
    const piece = side === "left" ? context.slice(-n) : context.slice(0, n);
    let at = sentence.indexOf(piece);
    while (at >= 0) {
      const beside = side === "left" ? sentence[at + n] : sentence[at - 1];
      if (beside !== undefined && !qChars.has(beside)) return n / context.length;
      at = sentence.indexOf(piece, at + 1);
    }
  }
  return 0;
}

/** Length of the longest common substring of two strings (dynamic programming, one row). */
function longestCommon(a: string, b: string): number {
  if (!a || !b) return 0;
  // Code units compared as numbers: reading a[i] of Chinese text makes a new string each time.
  let best = 0;
  let prev = new Int32Array(b.length + 1);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      if (c === b.charCodeAt(j - 1)) {
        const run = prev[j - 1]! + 1;
        row[j] = run;
        if (run > best) best = run;
      } else row[j] = 0;
    }
    [prev, row] = [row, prev];
  }
  return best;
}
