/**
 * How well a passage can answer a question, judged sentence by sentence. Shared by the extractive
 * answerer (which quotes the best window) and the retriever's reranking (which prefers passages
 * where the question's terms stand together rather than scattered over a long chunk).
 */
import { splitSentences } from "../chunk/sentences.js";
import { compact } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { analyzeQuestion, type FactType, type QuestionAnalysis } from "./question.js";
import { synonymsOf } from "./synonyms.js";

/** Evidence that a sentence can hold the kind of fact asked for. */
const TYPE_EVIDENCE: Record<FactType, RegExp | undefined> = {
  number: /\d|[一二两三四五六七八九十百千万亿]+(?:个|家|名|项|位|年|倍|成|亿|万)|第[一二三四五六七八九十]/,
  year: /(?:19|20)\d{2}\s*年/,
  // "近日" or "目前" answer no "when" question: a date or a year is needed.
  time: /\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|今年|去年|明年/,
  person:
    /(?:总经理|书记|主任|院长|教授|董事长|局长|市长|区长|主席|总监|创始人|记者|负责人|经理|博士|院士|班长|合伙人|专家|总裁|校长|所长)[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,3}(?:说|表示|告诉|介绍|认为)/,
  place: /[省市区县镇村园]|[中北南西东]部/,
  // A named organisation, not "该公司": two or more characters before the generic ending.
  org: /[\u4e00-\u9fff]{2,}(?<![该本此其我贵])(?:公司|集团|研究院|大学|学院|中心|园区|高新区|机构|协会|银行)/,
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
  /** Every organisation the question names is in the passage under that name. */
  entitiesOk: boolean;
  /**
   * The passage does not contradict a year the question names: it mentions that year, or no year at
   * all. A passage about 2018 does not answer a question about 2019.
   */
  yearOk: boolean;
  /** Overall strength, for ranking passages and windows. */
  score: number;
}

export interface EvidenceScorer {
  readonly analysis: QuestionAnalysis;
  /** The best-answering window of a passage; undefined when the passage has no sentence. */
  score(passage: { title: string; text: string }): PassageEvidence | undefined;
  /** Whether the evidence is strong enough to answer from rather than abstain. */
  accepts(e: PassageEvidence): boolean;
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
  /** Least share of the question's weighted terms the passage must contain. Default 0.6. */
  minContextCoverage?: number;
  /** Least share the answering window must contain. Default 0.3. */
  minWindowCoverage?: number;
}

export function createEvidenceScorer(question: string, opts: EvidenceOptions): EvidenceScorer {
  const analysis = analyzeQuestion(question, opts.tokenizer);
  if (opts.termKnown) {
    const known = opts.termKnown;
    analysis.terms = [
      ...new Set(
        analysis.terms.flatMap((t) => {
          if (known(t)) return [t];
          const parts = opts.tokenizer.tokens(t).filter((p) => p !== t && p.length > 1 && known(p));
          return parts.length ? parts : [t];
        }),
      ),
    ];
  }
  const minContext = opts.minContextCoverage ?? 0.6;
  const minWindow = opts.minWindowCoverage ?? 0.3;
  const weighted = analysis.terms.map((term) => ({ forms: synonymsOf(term), w: opts.termWeight(term) }));
  const total = weighted.reduce((s, x) => s + x.w, 0);
  const has = (hay: string, forms: string[]) => forms.some((f) => hay.includes(f));
  const coverage = (text: string) => {
    if (total === 0) return 0;
    const hay = compact(text);
    return weighted.reduce((s, x) => s + (has(hay, x.forms) ? x.w : 0), 0) / total;
  };
  const attribute = analysis.attribute ? synonymsOf(analysis.attribute) : undefined;
  // The most specific term the corpus knows must be in the passage: it tells apart passages that
  // share the question's pattern but not its subject. Terms the corpus lacks are judged by
  // coverage, the attribute and entity checks instead.
  const anchorCandidates = opts.termKnown ? analysis.terms.filter(opts.termKnown) : analysis.terms;
  const anchor = anchorCandidates.reduce<string | undefined>(
    (best, t) => (best === undefined || opts.termWeight(t) > opts.termWeight(best) ? t : best),
    undefined,
  );
  const typeRe = analysis.unit ? unitEvidence(analysis.unit) : TYPE_EVIDENCE[analysis.factType];
  const questionYears = compact(question).match(YEAR) ?? [];
  const groupMention =
    anchor === undefined
      ? undefined
      : new RegExp(`${escapeRegExp(anchor)}[^，。；]{0,24}等\\s*[\\d一二三四五六七八九十]+\\s*[个家项批]`);

  const accepts = (e: PassageEvidence) =>
    e.contextCoverage >= minContext &&
    e.windowCoverage >= minWindow &&
    e.typeOk &&
    e.attributeOk &&
    e.anchorOk &&
    e.entitiesOk &&
    e.yearOk;

  return {
    analysis,
    accepts,
    score(passage) {
      const context = compact(`${passage.title}\n${passage.text}`);
      const contextCoverage = coverage(context);
      const anchorOk = anchor === undefined || has(context, synonymsOf(anchor));
      const contextYears = new Set(context.match(YEAR) ?? []);
      const yearOk =
        questionYears.length === 0 ||
        contextYears.size === 0 ||
        questionYears.some((y) => contextYears.has(y));
      // A short core is usually just the city (白银 in 白银创新港), shared by many organisations there:
      // then the whole name must stand in the passage. A long core is distinctive on its own.
      const entitiesOk = analysis.entities.every(
        (e) =>
          context.includes(compact(e.core + e.suffix)) ||
          (e.core.length >= 4 && context.includes(compact(e.core)) && context.includes(e.suffix)),
      );
      const sentences = splitSentences(passage.text);
      // The best window that could answer wins over a higher-scoring one that could not.
      let best: PassageEvidence | undefined;
      const better = (e: PassageEvidence) =>
        !best || (accepts(e) && !accepts(best)) || (accepts(e) === accepts(best) && e.score > best.score);
      sentences.forEach((sentence, at) => {
        if (sentence.length < 6) return; // subheads and fragments answer nothing
        // "X项目等78个项目集中开工，总投资达475亿元": the figures describe the batch, not X.
        const aboutGroup =
          analysis.factType === "number" && groupMention !== undefined && groupMention.test(sentence);
        const typeOk = (typeRe ? typeRe.test(sentence) : true) && !aboutGroup;
        // News sentences lean on the ones before them ("该公司总经理杨正高说" names the company a
        // sentence or two earlier), so a short window ending at this sentence may cover the question.
        let window = sentence;
        let windowCoverage = coverage(sentence);
        for (let back = 1; back <= WINDOW_BACK && at - back >= 0; back++) {
          const text = sentences.slice(at - back, at + 1).join("");
          const cov = coverage(text) * (1 - WINDOW_PENALTY * back);
          if (cov > windowCoverage + 0.05) {
            windowCoverage = cov;
            window = text;
          }
        }
        const attributeOk = attribute === undefined || has(compact(window), attribute);
        const score =
          0.65 * windowCoverage +
          0.25 * contextCoverage +
          (typeOk ? 0.15 : 0) +
          (attributeOk ? 0.1 : 0) +
          (anchorOk ? 0.1 : 0) +
          (entitiesOk ? 0.1 : 0);
        const e = {
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
        if (better(e)) best = e;
      });
      return best;
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
