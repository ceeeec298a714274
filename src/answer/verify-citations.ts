/**
 * Checks an LLM answer's [n] markers against the passages they point to. The model is told to cite
 * every claim, but models cite the wrong passage, cite a passage for a figure they made up, or cite
 * everything at once; the user sees the marker as a promise that the passage says it. So each
 * cited claim is checked by lexical support, which is cheap, deterministic and explainable:
 *
 * - A claim is the text a marker group closes: from the previous marker group or the start of its
 *   sentence up to the markers ("A[1]，B[2]。" holds two claims, A and B).
 * - Every number in the claim must occur as a number in the passage (so 第69名 never passes for 第96名).
 * - In a mostly English claim, every run of Chinese characters is a name kept from the passages,
 *   so each must occur in the passage whole.
 * - At least {@link VerifyOptions.minOverlap} of the claim's distinct Chinese character bigrams
 *   must occur in the passage (its title counts, since chunks are cited with their headline).
 *   Bigrams are taken within runs of Chinese characters only, so punctuation, digits and English
 *   words neither help nor hurt.
 * - No two adjacent characters of the claim may both be absent from the passage, function words
 *   and common rephrasings (的, 由, 担任, 位列) aside. Overlap alone lets a short claim with a
 *   made-up name pass ("总经理为王五" shares 总经理为 with "总经理为张某某"); a name or term the
 *   passage never prints shows up as such a stretch.
 *
 * A marker that fails is re-pointed to the retrieved passage that supports the claim best when one
 * does, and dropped otherwise. A claim with nothing checkable (English words only, no numbers or
 * Chinese names) keeps its markers: lexical overlap cannot judge it either way.
 */
import { splitSentences } from "../chunk/sentences.js";
import { compact } from "../text/normalize.js";
import { extractMarkers, rewriteMarkers } from "./citation-markers.js";

export interface VerifyOptions {
  /**
   * Share (0–1) of the claim's distinct Chinese character bigrams that must occur in a cited
   * passage. Default 0.5: an answer that restates the passage in other words keeps well above it
   * (typically 0.7–1), a sentence about another zone or project sharing only the pattern words
   * (高新区, 排名, 评价) stays below it.
   */
  minOverlap?: number;
  /**
   * Share a passage that was not cited must reach before a failing marker is re-pointed to it.
   * Default 0.6: stricter than keeping a marker, since the model did not choose that passage.
   */
  minFixOverlap?: number;
}

/** The parts of a passage the check reads. */
export interface CheckablePassage {
  text: string;
  title?: string;
}

/** A marker that was removed because its passage does not support the claim. */
export interface DroppedCitation {
  /** The claim, markers stripped, as written in the answer. */
  claim: string;
  /** 1-based passage position the marker pointed to. */
  passage: number;
  /** Why it failed, for logs: "number 12 not in passage", "overlap 0.31 < 0.5", "no such passage". */
  reason: string;
}

/** A marker that was moved to the passage that does support the claim. */
export interface FixedCitation {
  claim: string;
  from: number;
  to: number;
  /** Why the original failed. */
  reason: string;
}

export interface VerifiedCitations {
  /** The answer with failing markers removed or re-pointed, in canonical [n] form. */
  text: string;
  /** Passage positions still cited, in order of first appearance. Empty: no claim survived. */
  cited: number[];
  /** The supporting sentence(s) of each cited passage, keyed by position. */
  quotes: Record<number, string>;
  dropped: DroppedCitation[];
  fixed: FixedCitation[];
}

const DEFAULT_MIN_OVERLAP = 0.5;
const DEFAULT_MIN_FIX_OVERLAP = 0.6;

/** One or more adjacent markers, in any shape citation-markers.ts reads. */
const NUMBER_LIST = String.raw`\s*\d{1,3}(?:\s*[,，、;；\-–—~]\s*\d{1,3})*\s*`;
const ONE_MARKER = String.raw`(?:\[${NUMBER_LIST}\]|【${NUMBER_LIST}】)`;
const MARKER_GROUP = new RegExp(String.raw`${ONE_MARKER}(?:[ \t]*${ONE_MARKER})*`, "g");
/** Written in place of a dropped group, then removed by rewriteMarkers with its whitespace tidied. */
const DROP = "[0]";

const HAN_RUN = /\p{Script=Han}+/gu;
/**
 * Characters a faithful restatement adds without adding a fact: particles, copulas, prepositions
 * and the verbs of 担任/位列/名列/共计. They never count towards a stretch of unsupported text.
 */
const FILLER = new Set(
  "的了是为由在其该于与和及并已将被把对从到以也都还又而且但所这那此之等个约共计担任位列名达称作系即就仍曾现有",
);
/** How an answer introduces what the paper says; not part of the claim. */
const LEAD_IN =
  /^(?:据|根据)?(?:报道|文章|材料|资料|文中|原文|段落|报纸|该报|消息)中?(?:称|显示|提到|指出|介绍|所说|说)?[，,：:\s]*/;
const NUMBER = /\d+(?:\.\d+)?/g;
const LATIN = /[a-z]/g;

/** What a claim or passage offers to compare. */
interface Features {
  bigrams: Set<string>;
  /** Single characters, compared only when the claim has no bigram ("第96名"). */
  chars: Set<string>;
  numbers: Set<string>;
  hanRuns: string[];
  latinLetters: number;
  hanChars: number;
}

function features(text: string): Features {
  // Thousands separators and trailing zeros are how a figure is written, not what it is.
  const c = compact(text)
    .replace(/(\d)[,，](?=\d{3}(?!\d))/g, "$1")
    .replace(/(\d+\.\d*?)0+(?!\d)/g, "$1")
    .replace(/(\d+)\.(?!\d)/g, "$1");
  const hanRuns = [...c.matchAll(HAN_RUN)].map((m) => m[0]);
  const bigrams = new Set<string>();
  const chars = new Set<string>();
  for (const run of hanRuns) {
    const cps = [...run];
    for (const ch of cps) chars.add(ch);
    for (let i = 0; i + 1 < cps.length; i++) bigrams.add(cps[i]! + cps[i + 1]!);
  }
  return {
    bigrams,
    chars,
    numbers: new Set([...c.matchAll(NUMBER)].map((m) => m[0])),
    hanRuns,
    latinLetters: c.match(LATIN)?.length ?? 0,
    hanChars: hanRuns.reduce((n, r) => n + [...r].length, 0),
  };
}

/** The first stretch of two or more claim characters the passage does not have, fillers aside. */
function unsupportedStretch(claim: Features, passage: Features): string | undefined {
  for (const run of claim.hanRuns) {
    let stretch = "";
    for (const ch of run) {
      if (!passage.chars.has(ch) && !FILLER.has(ch)) {
        stretch += ch;
        continue;
      }
      if ([...stretch].length >= 2) return stretch;
      stretch = "";
    }
    if ([...stretch].length >= 2) return stretch;
  }
  return undefined;
}

interface Support {
  ok: boolean;
  /** Share of the claim's bigrams (or characters) found; 1 when the claim has none. */
  overlap: number;
  reason?: string;
  /** Nothing in the claim could be checked. */
  unchecked?: boolean;
}

function support(claim: Features, passage: Features, passageText: string, minOverlap: number): Support {
  const missingNumber = [...claim.numbers].find((n) => !passage.numbers.has(n));
  const [units, have] = claim.bigrams.size ? [claim.bigrams, passage.bigrams] : [claim.chars, passage.chars];
  const found = [...units].filter((u) => have.has(u)).length;
  const overlap = units.size ? found / units.size : 1;
  if (missingNumber !== undefined)
    return { ok: false, overlap, reason: `number ${missingNumber} not in passage` };
  if (claim.latinLetters > claim.hanChars) {
    const missingName = claim.hanRuns.find((r) => !passageText.includes(r));
    if (missingName) return { ok: false, overlap, reason: `name ${missingName} not in passage` };
    if (!claim.hanRuns.length && !claim.numbers.size) return { ok: true, overlap, unchecked: true };
    return { ok: true, overlap };
  }
  if (!units.size && !claim.numbers.size) return { ok: true, overlap, unchecked: true };
  if (overlap < minOverlap) {
    return { ok: false, overlap, reason: `overlap ${overlap.toFixed(2)} < ${minOverlap}` };
  }
  const stretch = unsupportedStretch(claim, passage);
  if (stretch) return { ok: false, overlap, reason: `${stretch} not in passage` };
  return { ok: true, overlap };
}

interface Claim {
  /** Offsets of the marker group in the answer. */
  start: number;
  end: number;
  text: string;
  cited: number[];
}

/** Sentence ends when scanning backwards: 。！？；… and newlines, and "." or "!" before a space. */
function isSentenceEnd(text: string, i: number): boolean {
  const ch = text[i]!;
  if ("。！？；\n…".includes(ch)) return true;
  return ".!?;".includes(ch) && (i + 1 >= text.length || /\s/.test(text[i + 1]!));
}

const PUNCTUATION_OR_SPACE = /^[\s\p{P}]*$/u;

/**
 * The claims of an answer, one per marker group. A group written after the full stop ("…第96名。[2]")
 * closes the sentence before it.
 */
function findClaims(text: string): Claim[] {
  const claims: Claim[] = [];
  let floor = 0;
  for (const m of text.matchAll(MARKER_GROUP)) {
    const start = m.index;
    let from = start;
    // Walk back to the sentence start (or the previous group); if that leaves only punctuation,
    // the marker follows the full stop and belongs to the sentence before.
    for (let pass = 0; pass < 2; pass++) {
      let i = from - 1;
      if (pass === 1) while (i >= floor && (isSentenceEnd(text, i) || /\s/.test(text[i]!))) i--;
      while (i >= floor && !isSentenceEnd(text, i)) i--;
      from = i + 1;
      if (!PUNCTUATION_OR_SPACE.test(text.slice(from, start))) break;
    }
    const own = text
      .slice(from, start)
      .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "")
      .trim();
    // "A[1]。[2]": the second group cites A as well.
    const claim = own || claims.at(-1)?.text || "";
    claims.push({ start, end: start + m[0].length, text: claim, cited: extractMarkers(m[0]) });
    floor = start + m[0].length;
  }
  return claims;
}

/**
 * Verifies every marker of `text` against `passages` (position n is `passages[n - 1]`), dropping or
 * re-pointing the ones whose passage does not support the claim, and quotes the supporting
 * sentence of each passage that stays cited.
 */
export function verifyCitations(
  text: string,
  passages: readonly CheckablePassage[],
  opts: VerifyOptions = {},
): VerifiedCitations {
  const minOverlap = opts.minOverlap ?? DEFAULT_MIN_OVERLAP;
  const minFixOverlap = Math.max(minOverlap, opts.minFixOverlap ?? DEFAULT_MIN_FIX_OVERLAP);
  const passageTexts = passages.map((p) => compact(p.title ? `${p.title}\n${p.text}` : p.text));
  const passageFeatures = passageTexts.map(features);
  const dropped: DroppedCitation[] = [];
  const fixed: FixedCitation[] = [];
  const quoteSentences = new Map<number, Set<number>>();
  const sentencesOf = new Map<number, string[]>();
  const sentences = (n: number) => {
    let s = sentencesOf.get(n);
    if (!s) {
      s = splitSentences(passages[n - 1]!.text);
      sentencesOf.set(n, s);
    }
    return s;
  };

  let out = "";
  let last = 0;
  for (const claim of findClaims(text)) {
    const f = features(claim.text.replace(LEAD_IN, ""));
    const kept: number[] = [];
    const failed: { n: number; reason: string }[] = [];
    for (const n of claim.cited) {
      if (n < 1 || n > passages.length) {
        failed.push({ n, reason: "no such passage" });
        continue;
      }
      const s = support(f, passageFeatures[n - 1]!, passageTexts[n - 1]!, minOverlap);
      if (s.ok) kept.push(n);
      else failed.push({ n, reason: s.reason ?? "not supported" });
    }
    if (!kept.length && failed.length) {
      const to = bestOtherPassage(f, claim.cited, passageFeatures, passageTexts, minFixOverlap);
      if (to !== undefined) {
        kept.push(to);
        for (const { n, reason } of failed) fixed.push({ claim: claim.text, from: n, to, reason });
      } else {
        for (const { n, reason } of failed) dropped.push({ claim: claim.text, passage: n, reason });
      }
    } else {
      for (const { n, reason } of failed) dropped.push({ claim: claim.text, passage: n, reason });
    }
    for (const n of kept) {
      const best = supportingSentences(f, sentences(n));
      if (!best.length) continue;
      const set = quoteSentences.get(n) ?? new Set<number>();
      for (const i of best) set.add(i);
      quoteSentences.set(n, set);
    }
    const unique = [...new Set(kept)];
    out += text.slice(last, claim.start) + (unique.length ? unique.map((n) => `[${n}]`).join("") : DROP);
    last = claim.end;
  }
  out += text.slice(last);

  const finalText = rewriteMarkers(out, (n) => (n === 0 ? undefined : n));
  const cited = extractMarkers(finalText);
  const quotes: Record<number, string> = {};
  for (const n of cited) {
    const picked = quoteSentences.get(n);
    if (picked?.size)
      quotes[n] = [...picked]
        .sort((a, b) => a - b)
        .map((i) => sentences(n)[i]!)
        .join("");
  }
  return { text: finalText, cited, quotes, dropped, fixed };
}

/** The uncited passage that supports the claim best, when it supports it well enough. */
function bestOtherPassage(
  claim: Features,
  cited: number[],
  passages: Features[],
  texts: string[],
  minOverlap: number,
): number | undefined {
  let best: { n: number; overlap: number } | undefined;
  passages.forEach((p, i) => {
    const n = i + 1;
    if (cited.includes(n)) return;
    const s = support(claim, p, texts[i]!, minOverlap);
    // A claim nothing can check must not be moved on the strength of nothing.
    if (!s.ok || s.unchecked) return;
    if (!best || s.overlap > best.overlap) best = { n, overlap: s.overlap };
  });
  return best?.n;
}

/**
 * Indices of the passage sentences that best support the claim: the one with the most of the
 * claim's bigrams and numbers, plus one more when the claim's numbers are spread over two.
 */
function supportingSentences(claim: Features, sentences: string[]): number[] {
  if (!sentences.length) return [];
  const scored = sentences.map((s, i) => {
    const f = features(s);
    const [units, have] = claim.bigrams.size ? [claim.bigrams, f.bigrams] : [claim.chars, f.chars];
    const hits = [...units].filter((u) => have.has(u)).length;
    const numbers = [...claim.numbers].filter((n) => f.numbers.has(n));
    return { i, numbers, score: hits / Math.max(1, units.size) + numbers.length };
  });
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.i - b.i);
  const first = ranked[0]!;
  if (first.score === 0) return [];
  const missing = [...claim.numbers].filter((n) => !first.numbers.includes(n));
  if (!missing.length) return [first.i];
  const second = ranked.find((r) => r.i !== first.i && missing.some((n) => r.numbers.includes(n)));
  return second ? [first.i, second.i] : [first.i];
}
