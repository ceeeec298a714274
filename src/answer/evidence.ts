/**
 * How well a passage can answer a question, judged sentence by sentence. Read by the extractive
 * answerer (candidates.ts: each window's checks become features, and the vetoes of acceptance.ts
 * read two of them) and by the reranker (reranker.ts: the best window's score). What each does
 * with it is its own: nothing here decides to rerank or to decline.
 */
import { findEntities } from "../text/entities.js";
import { compact } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { prepareTerms } from "./corpus-terms.js";
import { ORG_SUFFIXES, PERSON_CUES } from "./lexicon.js";
import { type EvidencePassage, type PassageText, preparePassage } from "./passage-text.js";
import { analyzeQuestion, type FactType, type QuestionAnalysis } from "./question.js";
import { synonymsOf } from "./synonyms.js";

/** What the evidence checks say of a window that the answer's hard vetoes read (acceptance.ts). */
export interface EvidenceChecks {
  /** No other organisation of the asked kind is named, and the asked one is. */
  entitiesOk: boolean;
  /** The question's rarest known word is in the passage, its title or its article's opening. */
  anchorOk: boolean;
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

const YEAR = /(?:19|20)\d{2}(?=年)/g;

/** Parts of a year a figure is given for. */
const PERIOD = /前三季度|[一二三四]季度|上半年|下半年|全年/g;

/** A batch: what leads it, then "等78个", then what the batch is ("高端装备项目"). */
// Counted: "等78个", not "等一批" (a batch of), which has no figure of its own.
const GROUP = /([^，。；]{1,40})等\s*[\d一二三四五六七八九十]+\s*[个家项]([^，。；]{0,20})/g;

/** Dates, which say when and never how many: "2021年", "3月15日". */
const DATE = /(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?/g;

/** Words that point back to an organisation or people named earlier. */
const REFERS_BACK = /我们|他们|她们|该(?:公司|企业|集团|研究院|院|机构|单位|园区)/;

/** Sentences before the answering one that may be joined to it, and the coverage discount per step. */
const WINDOW_BACK = 2;
const WINDOW_PENALTY = 0.1;

export interface PassageEvidence {
  /** The sentence, or the short run of sentences ending in it, that best answers. */
  window: string;
  /** Weighted share of the question's terms in the window (discounted for longer windows). */
  windowCoverage: number;
  /** Weighted share of the question's terms anywhere in the passage or its title. */
  contextCoverage: number;
  /** The answering sentence can hold the kind of fact asked for. */
  typeOk: boolean;
  /** The asked-for attribute (总经理, 占地, 排名 …) is in the window. */
  attributeOk: boolean;
  /** The question's most specific term is in the passage or its title. */
  anchorOk: boolean;
  /**
   * Every organisation the question names is in the passage under that name, and the window does
   * not speak of another one of its kind instead (孝感高新区 when 惠州高新区 was asked).
   */
  entitiesOk: boolean;
  /**
   * The passage does not contradict a year the question names (it mentions that year, or no year at
   * all), nor does the window contradict a quarter or half-year it names. A passage about 2018 does
   * not answer a question about 2019, nor 一季度 one about 二季度.
   */
  yearOk: boolean;
  /** Overall strength, for ranking passages and windows. */
  score: number;
}

/** One sentence's evidence: the window ending at it, and where it stands in the passage. */
export interface WindowEvidence extends PassageEvidence {
  /** The sentence itself (the window's last sentence). */
  sentence: string;
  /** Its position among the passage's sentences, from 0. */
  at: number;
}

export interface EvidenceScorer {
  readonly analysis: QuestionAnalysis;
  /**
   * Every sentence of the passage as a candidate answer: the window ending at it and what the
   * checks say of it, in the passage's order. The learned answerer reads these as features.
   */
  windows(passage: EvidencePassage): WindowEvidence[];
  /** The same, for a passage already prepared (passage-text.ts), as the reranker shares it. */
  windowsOf(passage: PassageText): WindowEvidence[];
}

export interface EvidenceOptions {
  tokenizer: Tokenizer;
  /** Weight of a query term, e.g. its inverse document frequency in the corpus. */
  termWeight: (term: string) => number;
  /**
   * Whether the corpus contains the term. A question word the corpus never uses is replaced by
   * its known parts (启动时 -> 启动), so a segmentation accident does not read as a missing fact.
   */
  termKnown?: (term: string) => boolean;
}

export function createEvidenceScorer(question: string, opts: EvidenceOptions): EvidenceScorer {
  const asked = askedFor(question, opts);
  return {
    analysis: asked.analysis,
    windows: (passage) => windowsOf(preparePassage(passage), asked),
    windowsOf: (passage) => windowsOf(passage, asked),
  };
}

/** What the checks need of the question, worked out once per question. */
interface AskedFor {
  analysis: QuestionAnalysis;
  /** Unknown words that name a company the paper may not mention (prepareTerms). */
  unknownNames: string[];
  /** Weighted share of the question's terms in a text, given compacted (compact()). */
  coverage: (hay: string) => number;
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

function askedFor(question: string, opts: EvidenceOptions): AskedFor {
  const analysis = analyzeQuestion(question, opts.tokenizer);
  const unknownNames = opts.termKnown ? prepareTerms(question, analysis, opts.tokenizer, opts.termKnown) : [];
  const questionPeriods = compact(question).match(PERIOD) ?? [];
  return {
    analysis,
    unknownNames,
    coverage: weightedCoverage(analysis, opts),
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

const has = (hay: string, forms: string[]) => forms.some((f) => hay.includes(f));

/** The weighted share of the question's terms (or their synonyms) a compacted text holds. */
function weightedCoverage(analysis: QuestionAnalysis, opts: EvidenceOptions): (hay: string) => number {
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
  return (hay: string) => {
    if (total === 0) return 0;
    return weighted.reduce((s, x) => s + (has(hay, x.forms) ? x.w : 0), 0) / total;
  };
}

/**
 * The most specific term the corpus knows, which must be in the passage: it tells apart passages
 * that share the question's pattern but not its subject. Terms the corpus lacks are judged by
 * coverage, the attribute and entity checks instead. The asked-for attribute is left out: the
 * answer may say it in other words (出生地 -> 生于, 原产地 -> 原产于), while the subject
 * (琴娜·杜普洛, 嘉博) it must name.
 */
function anchorOf(analysis: QuestionAnalysis, opts: EvidenceOptions): string | undefined {
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

/** What holds of the passage as a whole, whichever sentence answers. */
interface PassageChecks {
  contextCoverage: number;
  anchorOk: boolean;
  yearOk: boolean;
  entitiesOk: boolean;
}

function windowsOf(text: PassageText, q: AskedFor): WindowEvidence[] {
  const p = passageChecks(text, q);
  const out: WindowEvidence[] = [];
  text.sentences.forEach((sentence, at) => {
    if (sentence.length < 6) return; // subheads and fragments answer nothing
    out.push(sentenceEvidence(text, at, q, p));
  });
  return out;
}

function passageChecks(text: PassageText, q: AskedFor): PassageChecks {
  // The article's opening counts as context: who "双方" are, which zone "园区" is.
  const { context } = text;
  const contextYears = new Set(context.match(YEAR) ?? []);
  return {
    // compact() of the context again would change nothing: it is compacted already (passage-text.ts).
    contextCoverage: q.coverage(context),
    anchorOk: q.anchor === undefined || has(context, synonymsOf(q.anchor)),
    yearOk:
      q.questionYears.length === 0 ||
      contextYears.size === 0 ||
      q.questionYears.some((y) => contextYears.has(y)),
    // A short core is usually just the city (白银 in 白银创新港), shared by many organisations there:
    // then the whole name must stand in the passage. A long core is distinctive on its own.
    entitiesOk:
      q.unknownNames.every((n) => context.includes(n)) &&
      q.analysis.entities.every(
        (e) =>
          context.includes(compact(e.core + e.suffix)) ||
          (e.core.length >= 4 && context.includes(compact(e.core)) && context.includes(e.suffix)),
      ),
  };
}

/** The evidence of the window ending at sentence `at`. */
function sentenceEvidence(text: PassageText, at: number, q: AskedFor, p: PassageChecks): WindowEvidence {
  const { sentences } = text;
  const sentence = sentences[at]!;
  const { typeRe, analysis } = q;
  // "近日，2021年武汉高新区重点项目签约仪式举行" holds a year, not the asked-for count.
  const typed = q.countQuestion ? sentence.replace(DATE, "") : sentence;
  let typeOk = (typeRe ? typeRe.test(typed) : true) && !q.aboutGroup(sentence);
  // News sentences lean on the ones before them ("该公司总经理杨正高说" names the company a
  // sentence or two earlier), so a short window ending at this sentence may cover the question.
  // Windows ending at this sentence, one, two … sentences back, as the first sentence they hold.
  const longer: number[] = [];
  for (let back = 1; back <= WINDOW_BACK && at - back >= 0; back++) longer.push(at - back);
  const joined = (from: number) => sentences.slice(from, at + 1).join("");
  let from = at;
  // The headline sets the subject of every sentence under it ("…嘉兴秀洲高新区…" over
  // "高新技术产业投资同比增长56.3%"), so its words count as said in each window.
  let windowCoverage = q.coverage(text.compacted(at, at, true));
  for (const [i, start] of longer.entries()) {
    const back = i + 1;
    const cov = q.coverage(text.compacted(start, at, true)) * (1 - WINDOW_PENALTY * back);
    if (cov > windowCoverage + 0.05) {
      windowCoverage = cov;
      from = start;
    }
  }
  // "“…吸引了我们从广州转战过来。”" answers "哪家公司" through 我们: the company is named in
  // the sentence before, which joins the window.
  if (
    !typeOk &&
    typeRe &&
    REFERS_BACK.test(sentence) &&
    (analysis.factType === "org" || analysis.factType === "person")
  ) {
    const named = longer.find((start) => typeRe.test(joined(start)));
    if (named !== undefined) {
      typeOk = true;
      if (named < from) from = named;
    }
  }
  const window = from === at ? sentence : joined(from);
  const hay = text.compacted(from, at, false);
  const attributeOk = q.attribute === undefined || has(hay, q.attribute);
  // `hay` is compact(window): compacted() runs together the compacted sentences (passage-text.ts).
  const entitiesOk = p.entitiesOk && !q.namesAnother(window, hay);
  const yearOk = p.yearOk && q.periodOk(hay);
  const score =
    0.65 * windowCoverage +
    0.25 * p.contextCoverage +
    (typeOk ? 0.15 : 0) +
    (attributeOk ? 0.1 : 0) +
    (p.anchorOk ? 0.1 : 0) +
    (entitiesOk ? 0.1 : 0) +
    // Among look-alike stories (one per year), the one about the asked year ranks first.
    (yearOk ? 0.1 : 0);
  const { contextCoverage, anchorOk } = p;
  return {
    sentence,
    at,
    window,
    windowCoverage,
    contextCoverage,
    typeOk,
    attributeOk,
    anchorOk,
    entitiesOk,
    yearOk,
    score,
  };
}
