/**
 * The few hand-written rules the learned answerer keeps as hard vetoes: a candidate they reject
 * never wins, however well it scores. Each says something the question states and the sentence
 * contradicts, so it cannot be right; the model alone would take such a sentence whenever its words
 * match best. Every one is switched off in turn by `npm run eval:real -- --ablate`, and stays only
 * where that shows it helps on the real tune half (README, "What the rules add"). Four more were
 * measured and dropped there, being neutral or harmful on real text: a contradicted year, a count
 * without a figure, a counted noun missing, a batch's figure; the model still reads the first
 * and last as features (year_ok, type_ok).
 */
import type { QuestionAnalysis } from "./question.js";

export interface VetoInput {
  analysis: QuestionAnalysis;
  /** The evidence checks of evidence.ts for the candidate's window. */
  checks: {
    entitiesOk: boolean;
    attributeOk: boolean;
    anchorOk: boolean;
  };
}

export const VETOES = {
  /**
   * A window that names another zone or company of the asked kind (孝感高新区 when 惠州高新区 was
   * asked), or a passage that lacks the asked organisation's name. Real tune half: unanswerable
   * news questions declined 0.467 with it, 0.378 without; answers unchanged on news.
   */
  entity: ({ checks }: VetoInput) => !checks.entitiesOk,
  /**
   * The question's rarest word the corpus knows (嘉博 in 嘉博制药…) must be in the passage, its
   * title or its article's opening: a look-alike story about another company shares the rest.
   * Real tune half: unanswerable news questions declined 0.467 with it, 0.200 without, at a cost
   * of 0.014 (news) and 0.028 (CMRC) in answers.
   */
  anchor: ({ checks }: VetoInput) => !checks.anchorOk,
  /**
   * 董事长 is no answer to 总经理是谁, nor 主任 to 副主任: a person asked by role needs that role.
   * Real tune half: news answers 0.754 with it, 0.739 without.
   */
  role: ({ analysis, checks }: VetoInput) =>
    analysis.factType === "person" && ROLE.test(analysis.attribute ?? "") && !checks.attributeOk,
} as const;

export type VetoName = keyof typeof VETOES;
export const VETO_NAMES = Object.keys(VETOES) as VetoName[];

/** Roles a person is asked by in news ("总经理是谁"). */
const ROLE =
  /(?:总经理|董事长|总裁|书记|主任|院长|局长|市长|区长|主席|总监|创始人|负责人|所长|校长|大使|部长|省长|县长|镇长|村长|队长|教练|首相|总统|总理)$/;

/** The names of the vetoes that reject a candidate, among those switched on. */
export function vetoedBy(input: VetoInput, on: readonly VetoName[] = VETO_NAMES): VetoName[] {
  return on.filter((name) => VETOES[name](input));
}
