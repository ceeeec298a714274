/**
 * What the evidence checks (evidence.ts) need of a question, worked out once per question: its
 * analysis, the weighted coverage of its terms, its anchor and attribute, the kind of fact and the
 * years and parts of a year it asks about, and its organisations. Apart from evidence.ts so that
 * the passage side stays short enough to read.
 */
import { findEntities } from "../text/entities.js";
import { compact } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { prepareTerms } from "./corpus-terms.js";
import { ORG_SUFFIXES, PERSON_CUES } from "./lexicon.js";
import { analyzeQuestion, type FactType, type QuestionAnalysis } from "./question.js";
import { synonymsOf } from "./synonyms.js";

/** The corpus's terms, as the checks weigh a question's words. */
export interface QuestionTerms {
  tokenizer: Tokenizer;
  /** Weight of a query term, e.g. its inverse document frequency in the corpus. */
  termWeight: (term: string) => number;
  /**
   * Whether the corpus contains the term. A question word the corpus never uses is replaced by
   * its known parts (启动时 -> 启动), so a segmentation accident does not read as a missing fact.
   */
  termKnown?: (term: string) => boolean;
}

/** Evidence that a sentence can hold the kind of fact asked for. */
const TYPE_EVIDENCE: Record<FactType, RegExp | undefined> = {
  number: /\d|[一二两三四五六七八九十百千万亿]+(?:个|家|名|项|位|年|倍|成|亿|万)|第[一二三四五六七八九十]/,
  year: /(?:19|20)\d{2}\s*年/,
  // "近日" or "目前" answer no "when" question: a date or a year is needed.
  time: /\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|今年|去年|明年/,
  person: new RegExp(`${PERSON_CUES}[\\u4e00-\\u9fff]{2,3}|[\\u4e00-\\u9fff]{2,3}(?:说|表示|告诉|介绍|认为)`),
  place: /[省市区县镇村园]|[中北南西东]部/,
  // A named organisation, not "该公司": two or more characters before the generic ending.
  org: new RegExp(`[\\u4e00-\\u9fff]{2,}(?<![该本此其我贵])(?:${ORG_SUFFIXES})`),
  reason: /因为|由于|源于|为了|得益于|原因|因此|所以/,
  list: /、|以及|和/,
  other: undefined,
};

/** A number followed by the asked-for unit ("5家", "158 亩", "第96名", "五家"). */
function unitEvidence(unit: string): RegExp {
  const num = "(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千万]+)";
  return unit === "第"
    ? new RegExp(`第\\s*${num}`)
    : new RegExp(`${num}\\s*(?:[十百千万亿])?(?:余|多|以上|左右)?${unit}`);
}

export const YEAR = /(?:19|20)\d{2}(?=年)/g;

/** Parts of a year a figure is given for. */
const PERIOD = /前三季度|[一二三四]季度|上半年|下半年|全年/g;

/** A batch: what leads it, then "等78个", then what the batch is ("高端装备项目"). */
// Counted: "等78个", not "等一批" (a batch of), which has no figure of its own.
const GROUP = /([^，。；]{1,40})等\s*[\d一二三四五六七八九十]+\s*[个家项]([^，。；]{0,20})/g;

/** What the checks need of the question, worked out once per question. */
export interface AskedFor {
  analysis: QuestionAnalysis;
  /** Unknown words that name a company the paper may not mention (prepareTerms). */
  unknownNames: string[];
  /** Weighted share of the question's terms in a text, given compacted (compact()). */
  coverage: (hay: string) => number;
  /**
   * The same share, counting the terms with a form `mayHold` says yes to: at least coverage(hay)
   * for any hay it says yes for each form hay holds (the same sum, term by term, with no fewer
   * weights in it).
   */
  coverageBound: (mayHold: (form: string) => boolean) => number;
  /** The most specific term the corpus knows, which the passage must hold. */
  anchor: string | undefined;
  /** The asked-for attribute and its synonyms. */
  attribute: string[] | undefined;
  /** What a sentence holding the asked kind of fact shows. */
  typeRe: RegExp | undefined;
  questionYears: string[];
  /** Whether a window (compacted) names no other part of the year than the question does. */
  periodOk: (hay: string) => boolean;
  /** A "how many" question: a date in the sentence is no answer. */
  countQuestion: boolean;
  aboutGroup: (sentence: string) => boolean;
  /** Whether a window names another organisation of the asked kind; `hay` is compact(window). */
  namesAnother: (window: string, hay: string) => boolean;
}

export function askedFor(question: string, opts: QuestionTerms): AskedFor {
  const analysis = analyzeQuestion(question, opts.tokenizer);
  const unknownNames = opts.termKnown ? prepareTerms(question, analysis, opts.tokenizer, opts.termKnown) : [];
  const questionPeriods = compact(question).match(PERIOD) ?? [];
  return {
    analysis,
    unknownNames,
    ...weightedCoverage(analysis, opts),
    anchor: anchorOf(analysis, opts),
    attribute: analysis.attribute ? synonymsOf(analysis.attribute) : undefined,
    typeRe: analysis.unit ? unitEvidence(analysis.unit) : TYPE_EVIDENCE[analysis.factType],
    questionYears: compact(question).match(YEAR) ?? [],
    // "二季度实到外资" is not answered by "一季度，园区实到外资2.47亿美元".
    periodOk: (hay: string) => {
      if (questionPeriods.length === 0) return true;
      const said: string[] = hay.match(PERIOD) ?? [];
      return said.length === 0 || questionPeriods.some((p) => said.includes(p));
    },
    countQuestion: analysis.factType === "number" && !["年", "月", "日"].includes(analysis.unit ?? ""),
    aboutGroup: (sentence) => aboutGroup(sentence, analysis),
    namesAnother: (window, hay) => namesAnother(window, hay, analysis, opts.tokenizer),
  };
}

/** Whether `hay` holds one of `forms` (a loop: it runs for every term of every window). */
export function has(hay: string, forms: readonly string[]): boolean {
  for (const f of forms) if (hay.includes(f)) return true;
  return false;
}

/** The weighted share of the question's terms (or their synonyms) a compacted text holds. */
function weightedCoverage(
  analysis: QuestionAnalysis,
  opts: QuestionTerms,
): Pick<AskedFor, "coverage" | "coverageBound"> {
  // A word the corpus never uses gets the highest weight there is, yet it is as often the asker's
  // wording ("获批升级") as a name the paper lacks; it weighs no more than the question's rarest
  // known word. Names the paper lacks are still caught by the anchor and entity checks.
  const knownWeights = analysis.terms.filter((t) => opts.termKnown?.(t) ?? true).map(opts.termWeight);
  const cap = knownWeights.length ? Math.max(...knownWeights) : Number.POSITIVE_INFINITY;
  const weighted = analysis.terms.map((term) => ({
    forms: synonymsOf(term),
    w: opts.termKnown && !opts.termKnown(term) ? Math.min(opts.termWeight(term), cap) : opts.termWeight(term),
  }));
  const total = weighted.reduce((s, x) => s + x.w, 0);
  const boundable = total > 0 && weighted.every((x) => x.w >= 0 && Number.isFinite(x.w));
  return {
    coverage: (hay: string) => {
      if (total === 0) return 0;
      return weighted.reduce((s, x) => s + (has(hay, x.forms) ? x.w : 0), 0) / total;
    },
    // Each term counted can only add while no weight is negative (inverse document frequencies
    // never are); with one that is, no bound is claimed.
    coverageBound: (mayHold) => {
      if (total === 0) return 0;
      if (!boundable) return Number.POSITIVE_INFINITY;
      return weighted.reduce((s, x) => s + (x.forms.some(mayHold) ? x.w : 0), 0) / total;
    },
  };
}

/**
 * The most specific term the corpus knows, which must be in the passage: it tells apart passages
 * that share the question's pattern but not its subject. Terms the corpus lacks are judged by
 * coverage, the attribute and entity checks instead. The asked-for attribute is left out: the
 * answer may say it in other words (出生地 -> 生于, 原产地 -> 原产于), while the subject
 * (琴娜·杜普洛, 嘉博) it must name.
 */
function anchorOf(analysis: QuestionAnalysis, opts: QuestionTerms): string | undefined {
  const ofAttribute = (t: string) =>
    analysis.attribute !== undefined && (analysis.attribute.includes(t) || t.includes(analysis.attribute));
  const anchorCandidates = (opts.termKnown ? analysis.terms.filter(opts.termKnown) : analysis.terms).filter(
    (t) => !ofAttribute(t),
  );
  return anchorCandidates.reduce<string | undefined>(
    (best, t) => (best === undefined || opts.termWeight(t) > opts.termWeight(best) ? t : best),
    undefined,
  );
}

/**
 * "X项目等78个项目集中开工，总投资达475亿元": the figures describe the batch, not X. The question
 * is about X when it names something that leads the batch (科联 before 等) and is not the batch's
 * own description (项目, 高端装备 after 等78个).
 */
function aboutGroup(sentence: string, analysis: QuestionAnalysis): boolean {
  // Counts, and dates too: "X项目等41个项目集中开工" dates the ceremony, "该项目于2016年8月开工" X.
  if (!["number", "year", "time"].includes(analysis.factType)) return false;
  // Most sentences have no 等 at all; the expression would try every start in them first.
  if (!sentence.includes("等")) return false;
  for (const m of sentence.matchAll(GROUP)) {
    const [, lead = "", kind = ""] = m;
    if (analysis.terms.some((t) => t.length > 1 && lead.includes(t) && !kind.includes(t))) return true;
  }
  return false;
}

/**
 * Whether the text names another organisation of the kind the question asks about, and not the
 * asked one: "在孝感高新区举行" answers nothing about 惠州高新区, nor 晟启智能制造研究院 about
 * 昊和智能制造研究院, however well the rest matches. A shorter form of the asked name (秀洲高新区
 * for 嘉兴秀洲高新区) is the same organisation.
 */
function namesAnother(text: string, hay: string, analysis: QuestionAnalysis, tokenizer: Tokenizer): boolean {
  // Most questions name no organisation: then no window can name another one of its kind.
  if (analysis.entities.length === 0) return false;
  const asked = analysis.entities.filter(
    ({ core, suffix }) => hay.includes(suffix) && !hay.includes(compact(core) + suffix),
  );
  if (asked.length === 0) return false;
  const named = findEntities(text, tokenizer);
  return asked.some(({ core, suffix }) => {
    const own = compact(core);
    return named.some((n) => {
      const other = compact(n.core);
      return n.suffix === suffix && !own.endsWith(other) && !other.endsWith(own);
    });
  });
}
