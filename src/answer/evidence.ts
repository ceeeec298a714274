/**
 * How well a passage can answer a question, judged sentence by sentence. Read by the extractive
 * answerer (candidates.ts: each window's checks become features, and the vetoes of acceptance.ts
 * read two of them) and by the reranker (reranker.ts: the best window's score). What each does
 * with it is its own: nothing here decides to rerank or to decline.
 */
import { compact } from "../text/normalize.js";
import { type AskedFor, askedFor, has, type QuestionTerms, YEAR } from "./asked-for.js";
import { type EvidencePassage, type PassageText, preparePassage } from "./passage-text.js";
import type { QuestionAnalysis } from "./question.js";
import { synonymsOf } from "./synonyms.js";

/** What the evidence checks say of a window that the answer's hard vetoes read (acceptance.ts). */
export interface EvidenceChecks {
  /** No other organisation of the asked kind is named, and the asked one is. */
  entitiesOk: boolean;
  /** The question's rarest known word is in the passage, its title or its article's opening. */
  anchorOk: boolean;
}

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
  /**
   * A score no window of the passage exceeds (windowsOf's scores), from its context alone: the
   * reranker works out the windows only of the passages whose bound can still reach the top.
   */
  scoreBound(passage: PassageText): number;
}

export interface EvidenceOptions extends QuestionTerms {
  /**
   * Keeps what a question's checks worked out for the next scorer of the same question: the
   * service's reranker and answerer share one (createEvidenceMemo), so the answer reads the windows
   * the reranker found in its passages instead of working them out again. Default none.
   */
  memo?: EvidenceMemo;
}

export function createEvidenceScorer(question: string, opts: EvidenceOptions): EvidenceScorer {
  const memo = opts.memo?.(question, opts);
  const asked = memo?.asked ?? askedFor(question, opts);
  // The bound and the windows of one passage read the same passage-wide checks.
  const checked = new WeakMap<PassageText, PassageChecks>();
  const checksOf = (text: PassageText) => {
    let p = checked.get(text);
    if (!p) {
      p = passageChecks(text, asked);
      checked.set(text, p);
    }
    return p;
  };
  return {
    analysis: asked.analysis,
    windows: (passage) => memo?.windows(passage) ?? windowsOf(preparePassage(passage), asked),
    windowsOf: (text) => {
      const kept = memo?.windows(text);
      if (kept) return kept;
      const found = windowsOf(text, asked, checksOf(text));
      memo?.keep(text, found);
      return found;
    },
    scoreBound: (text) => scoreBound(text, asked, checksOf(text)),
  };
}

/** One question's checks and the windows found for it so far, by passage. */
interface MemoEntry {
  readonly asked: AskedFor;
  windows(passage: EvidencePassage): WindowEvidence[] | undefined;
  keep(passage: EvidencePassage, windows: WindowEvidence[]): void;
}

/** The memo of a question, or undefined when it cannot serve these options. */
export type EvidenceMemo = (question: string, opts: QuestionTerms) => MemoEntry | undefined;

/**
 * A memo of the last `questions` questions (default 4: questions in flight at once each keep
 * theirs until the answer is made). A passage's windows are found again only for the same title,
 * opening and text, so a reloaded index or a question's other parts never read another's.
 */
export function createEvidenceMemo(questions = 4): EvidenceMemo {
  const entries = new Map<string, MemoEntry>();
  let owner: QuestionTerms | undefined;
  return (question, opts) => {
    owner ??= { tokenizer: opts.tokenizer, termWeight: opts.termWeight, termKnown: opts.termKnown };
    // Other term weights or another tokenizer would make other checks.
    if (
      owner.tokenizer !== opts.tokenizer ||
      owner.termWeight !== opts.termWeight ||
      owner.termKnown !== opts.termKnown
    )
      return undefined;
    let entry = entries.get(question);
    if (entry) entries.delete(question);
    else entry = memoEntry(askedFor(question, opts));
    entries.set(question, entry);
    if (entries.size > questions) entries.delete(entries.keys().next().value!);
    return entry;
  };
}

function memoEntry(asked: AskedFor): MemoEntry {
  const kept = new Map<string, { title: string; lead: string | undefined; windows: WindowEvidence[] }[]>();
  const find = (p: EvidencePassage) =>
    kept.get(p.text)?.find((k) => k.title === p.title && k.lead === p.lead);
  return {
    asked,
    windows: (passage) => find(passage)?.windows,
    keep(passage, windows) {
      if (find(passage)) return;
      const list = kept.get(passage.text) ?? [];
      list.push({ title: passage.title, lead: passage.lead, windows });
      kept.set(passage.text, list);
    },
  };
}

/** What holds of the passage as a whole, whichever sentence answers. */
interface PassageChecks {
  contextCoverage: number;
  anchorOk: boolean;
  yearOk: boolean;
  entitiesOk: boolean;
}

function windowsOf(text: PassageText, q: AskedFor, p = passageChecks(text, q)): WindowEvidence[] {
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
  const score = windowScore(windowCoverage, p, typeOk, attributeOk, entitiesOk, yearOk);
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

/**
 * A window's overall strength. The one formula for windows and for their bound: with every input of
 * the bound at least the window's, the same sums in the same order are at least the window's too
 * (rounding to nearest never turns a larger sum into a smaller one).
 */
function windowScore(
  windowCoverage: number,
  p: PassageChecks,
  typeOk: boolean,
  attributeOk: boolean,
  entitiesOk: boolean,
  yearOk: boolean,
): number {
  return (
    0.65 * windowCoverage +
    0.25 * p.contextCoverage +
    (typeOk ? 0.15 : 0) +
    (attributeOk ? 0.1 : 0) +
    (p.anchorOk ? 0.1 : 0) +
    (entitiesOk ? 0.1 : 0) +
    // Among look-alike stories (one per year), the one about the asked year ranks first.
    (yearOk ? 0.1 : 0)
  );
}

/**
 * At least the score of every window of the passage. A window's compacted text is the compacted
 * title and a run of the body (passage-text.ts windowParts), so a form it holds stands in the title,
 * in the body, or across the title's end; its coverage is at most that of the forms found so, and
 * longer windows only discount it. The attribute is looked for in a run of the body, the fact type
 * and the window's own entity and period checks are taken as passed, and the passage-wide checks
 * are the window's own. A passage whose windows are compacted whole (a Σ) gets no bound.
 */
function scoreBound(text: PassageText, q: AskedFor, p: PassageChecks): number {
  const parts = text.windowParts;
  if (!parts) return Number.POSITIVE_INFINITY;
  const { title, body } = parts;
  const mayHold = (form: string) => title.includes(form) || body.includes(form) || crossesEnd(title, form);
  const attributeOk = q.attribute === undefined || has(body, q.attribute);
  return windowScore(q.coverageBound(mayHold), p, true, attributeOk, p.entitiesOk, p.yearOk);
}

/** Whether `form` could start inside `text`'s end and run on past it: a proper start of it ends `text`. */
function crossesEnd(text: string, form: string): boolean {
  for (let n = 1; n < form.length; n++) if (text.endsWith(form.slice(0, n))) return true;
  return false;
}
