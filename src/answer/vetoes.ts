/**
 * The few hand-written rules the learned answerer keeps as hard vetoes: a candidate they reject
 * never wins, however well it scores. Each says something the question states and the sentence
 * contradicts, so it cannot be right; the model alone would take such a sentence whenever its words
 * match best. Every one is switched off in turn by `npm run eval:real -- --ablate`, and stays only
 * where that shows it helps on the real tune half (README, "What the rules add"). Five more were
 * measured and dropped there, being neutral or harmful on real text: a contradicted year, a count
 * without a figure, a counted noun missing, a batch's figure, a person asked by another role; the
 * model still reads them as features (year_ok, type_ok, attr_ok).
 */
export interface VetoInput {
  /** The evidence checks of evidence.ts for the candidate's window. */
  checks: {
    entitiesOk: boolean;
    anchorOk: boolean;
  };
}

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
