/**
 * Lines that stand alone like a headline but never are one: a label opening the text under it, and
 * the attribution closing the quote above it. Each is a rule `eval:segment -- --ablate` can switch
 * off (segment-rules.ts).
 */
import type { RulesOff } from "./segment-rules.js";

/**
 * Labels that open a body or a box inside it ("核心阅读" over a summary, "编者按", "内容提要"): they
 * stand alone on a line like a headline but are the first words of the text under them.
 */
const BODY_LABEL = /^(?:核心阅读|内容提要|编者按|编者的话|开栏的话|编后|主持人语|阅读提示|导读|摘要)[：:]?$/;

/**
 * Who said the quote above it ("——江苏省委副书记、省长吴政隆近日接受记者采访时说", or a bare name,
 * "——习近平", "——冯远征委员"), or the signature closing an editor's note ("——编 者"): the end of
 * that piece, though it opens with a dash like a headline's second deck.
 */
const ATTRIBUTION = /^——(?:.{4,60}(?:说|表示|指出|强调|认为)|\s*编\s*者|\s*[\u4e00-\u9fff·]{2,6})$/;

/** A label that opens the text under it (the "bodyLabels" rule). */
export function isBodyLabel(text: string, off: RulesOff): boolean {
  return !off.has("bodyLabels") && BODY_LABEL.test(text);
}

/** A quote's attribution or an editor's note's signature (the "attributions" rule). */
export function isAttribution(text: string, off: RulesOff): boolean {
  return !off.has("attributions") && ATTRIBUTION.test(text);
}
