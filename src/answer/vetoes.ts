/**
 * The few hand-written rules the learned answerer keeps as hard vetoes: a candidate they reject
 * never wins, however well it scores. Each says something the question states and the sentence
 * contradicts, so it cannot be right; the model alone would take such a sentence whenever its words
 * match best. Every one is switched off in turn by `npm run eval:real -- --ablate`, and stays only
 * where that shows it does not cost real answers (README, "What the rules add").
 */
import type { QuestionAnalysis } from "./question.js";

export interface VetoInput {
  analysis: QuestionAnalysis;
  /** The evidence checks of evidence.ts for the candidate's window. */
  checks: {
    yearOk: boolean;
    entitiesOk: boolean;
    attributeOk: boolean;
    typeOk: boolean;
    batchOk: boolean;
    anchorOk: boolean;
  };
}

export const VETOES = {
  /** A passage about 2018 does not answer a question about 2019, nor 一季度 one about 二季度. */
  year: ({ checks }: VetoInput) => !checks.yearOk,
  /**
   * A window that names another zone or company of the asked kind (孝感高新区 when 惠州高新区 was
   * asked), or a passage that lacks the asked organisation's name.
   */
  entity: ({ checks }: VetoInput) => !checks.entitiesOk,
  /**
   * The question's rarest word the corpus knows (嘉博 in 嘉博制药…) must be in the passage, its
   * title or its article's opening: a look-alike story about another company shares the rest.
   */
  anchor: ({ checks }: VetoInput) => !checks.anchorOk,
  /** 董事长 is no answer to 总经理是谁, nor 主任 to 副主任: a person asked by role needs that role. */
  role: ({ analysis, checks }: VetoInput) =>
    analysis.factType === "person" && ROLE.test(analysis.attribute ?? "") && !checks.attributeOk,
  /**
   * A count (几家, 多少亿元, 数量是多少) needs a figure, with the asked measure word when there is
   * one; a year ("2021年武汉高新区…签约仪式") is a date, not a count.
   */
  count: ({ analysis, checks }: VetoInput) => analysis.factType === "number" && !checks.typeOk,
  /**
   * A count of something named (多少员工, 几家企业) needs that thing in the window: "三个" said of
   * 平台 does not count 员工.
   */
  counted: ({ analysis, checks }: VetoInput) =>
    analysis.factType === "number" && analysis.attribute !== undefined && !checks.attributeOk,
  /** A batch's figure or date is not its first member's: "X项目等78个项目…总投资达475亿元". */
  batch: ({ checks }: VetoInput) => !checks.batchOk,
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
