/**
 * When the bot declines to answer, and how it says so. This is the one module to edit to change
 * that; the answerers ask it and decide nothing themselves.
 *
 * The offline (extractive) answerer declines a fact in three ways:
 * - a hard veto rejects a candidate sentence outright, however well it scores (VETOES below);
 * - the answer model's probability that its best remaining candidate holds the fact is below the
 *   answer threshold (ANSWER_THRESHOLD; unset, the threshold fitted with the model in ranker.json,
 *   chosen for 80% precision on real questions);
 * - nothing is left to pick from (no passage, or every candidate vetoed).
 * A question of several facts is answered part by part: the parts it cannot answer are said to be
 * missing beside the answered ones, and the whole question is declined only when every part is.
 * From the short-answer threshold on (SHORT_ANSWER_THRESHOLD) the typed short answer ("第96名")
 * leads the quoted sentence; below it the sentence stands alone.
 *
 * The LLM answerer declines when its reply opens by saying the passages do not answer (ABSTENTION)
 * or cites nothing once every citation is checked against its passage (verify-citations.ts, with
 * CITATION_MIN_OVERLAP and CITATION_MIN_FIX_OVERLAP).
 *
 * Retrieval reads none of this: the reranker (reranker.ts) has its own scorer, so changing when the
 * bot declines never changes which passages it finds.
 */
import type { EvidenceChecks } from "./evidence.js";
import type { RankerModel } from "./ranker.js";

/** What the hard vetoes read of a candidate: the evidence checks of evidence.ts for its window. */
export interface VetoInput {
  checks: EvidenceChecks;
}

/**
 * The few hand-written rules the learned answerer keeps as hard vetoes. Each says something the
 * question states and the sentence contradicts, so it cannot be right; the model alone would take
 * such a sentence whenever its words match best. Every one is switched off in turn by
 * `npm run eval:real -- --ablate`, and stays only where that shows it helps on the real tune half
 * (docs/quality.md, "What the rules add"). Five more were measured and dropped there, being neutral or
 * harmful on real text: a contradicted year, a count without a figure, a counted noun missing, a
 * batch's figure, a person asked by another role; the model still reads them as features
 * (year_ok, type_ok, attr_ok).
 */
export const VETOES = {
  /**
   * A window that names another zone or company of the asked kind (孝感高新区 when 惠州高新区 was
   * asked), or a passage that lacks the asked organisation's name. Real tune half: unanswerable
   * news questions declined 0.644 with it, 0.556 without; news answers unchanged, CMRC 0.788 / 0.793.
   */
  entity: ({ checks }: VetoInput) => !checks.entitiesOk,
  /**
   * The question's rarest word the corpus knows (嘉博 in 嘉博制药…) must be in the passage, its
   * title or its article's opening: a look-alike story about another company shares the rest.
   * Real tune half: unanswerable news questions declined 0.644 with it, 0.489 without; answers
   * 0.761 / 0.783 (news) and 0.788 / 0.782 (CMRC). Kept for what it declines.
   */
  anchor: ({ checks }: VetoInput) => !checks.anchorOk,
} as const;

export type VetoName = keyof typeof VETOES;
export const VETO_NAMES = Object.keys(VETOES) as VetoName[];

/** The names of the vetoes that reject a candidate, among those switched on. */
export function vetoedBy(input: VetoInput, on: readonly VetoName[] = VETO_NAMES): VetoName[] {
  return on.filter((name) => VETOES[name](input));
}

export interface AcceptanceOptions {
  /** Declines below this probability (0–1); default the model's answerThreshold (ANSWER_THRESHOLD). */
  answerThreshold?: number;
  /** The short answer leads from this probability (0–1); default the model's spanThreshold (SHORT_ANSWER_THRESHOLD). */
  shortAnswerThreshold?: number;
  /** The hard vetoes switched on; default all (VETO_NAMES). Fewer for ablations. */
  vetoes?: readonly VetoName[];
}

/** The extractive answerer's decisions, with the thresholds settled. */
export interface Acceptance {
  /** Whether a candidate may win at all (no veto rejects it). */
  admits(candidate: VetoInput): boolean;
  /** Whether a part is answered by its best candidate at this confidence, rather than declined. */
  answers(confidence: number): boolean;
  /** Whether the typed short answer leads the quoted sentence at this confidence. */
  leadsWithShortAnswer(confidence: number): boolean;
}

export function createAcceptance(
  model: Pick<RankerModel, "answerThreshold" | "spanThreshold">,
  opts: AcceptanceOptions = {},
): Acceptance {
  const answerThreshold = opts.answerThreshold ?? model.answerThreshold;
  const shortAnswerThreshold = opts.shortAnswerThreshold ?? model.spanThreshold;
  return {
    admits: (candidate) => vetoedBy(candidate, opts.vetoes).length === 0,
    answers: (confidence) => confidence >= answerThreshold,
    leadsWithShortAnswer: (confidence) => confidence >= shortAnswerThreshold,
  };
}

/** A question is declined whole only when none of its parts was answered. */
export function declinesWhole(answeredParts: readonly unknown[]): boolean {
  return answeredParts.every((p) => !p);
}

/**
 * Reply openings that mean "not in the passages". The system prompt asks for the first two
 * phrasings; the rest are what models write anyway when they ignore that.
 */
const ABSTENTION =
  /^\s*(?:(?:抱歉|很抱歉|对不起)[，,]?\s*)?(?:没有在语料中找到|语料中(?:没有|未)|(?:所给|提供的)?(?:文中|报道|材料|段落|资料|文章|内容)中?(?:并)?(?:没有|未)(?:提到|提及|说明|给出|找到|包含)|未能?找到|没有找到|无法(?:回答|确定|从))|^\s*(?:(?:I'm )?sorry,?\s*)?(?:the (?:paper|passages?|articles?|text|sources?|newspaper) (?:does not|do not|doesn't|don't) (?:say|mention|state|contain|give|provide|specify)|I (?:don't|do not) know|I (?:cannot|can't|could not|couldn't) find|there is no (?:information|mention))/i;

/** True when the reply opens by saying the passages do not answer the question. */
function isAbstention(text: string): boolean {
  return ABSTENTION.test(text);
}

/**
 * The LLM answerer's verdict on its checked reply: declined when the model said so or nothing it
 * cites survived the check. When every claim was cited to passages that do not say it, the reply
 * is replaced by the plain decline: showing those claims without their markers would present
 * unsupported text as the answer.
 */
export function judgeLlmReply(
  question: string,
  reply: { text: string; cited: number[]; dropped: unknown[] },
): { text: string; abstained: boolean } {
  const modelAbstained = isAbstention(reply.text);
  const abstained = reply.cited.length === 0 || modelAbstained;
  if (reply.cited.length === 0 && reply.dropped.length && !modelAbstained)
    return { text: abstentionText(/\p{Script=Han}/u.test(question) ? "zh" : "en"), abstained };
  return { text: reply.text, abstained };
}

/** The plain "not in the paper" answer, in the question's language. */
export function abstentionText(language: "zh" | "en"): string {
  return language === "zh"
    ? "没有在语料中找到能回答这个问题的内容。"
    : "The paper doesn't say: nothing in the indexed articles answers this question.";
}

/** One unanswered part of a multi-fact question, said plainly beside the answered ones. */
export function missingPart(part: string, language: "zh" | "en"): string {
  return language === "zh" ? `没有在语料中找到“${part}”的答案。` : `The paper doesn't say: ${part}`;
}
