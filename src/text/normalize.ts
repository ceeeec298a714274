/**
 * Character-level clean-up for text extracted from newspaper PDFs, where every line break and
 * many spaces are layout accidents rather than meaning.
 */

/** CJK ideographs, CJK punctuation and full-width forms: no spaces belong next to these. */
const CJK =
  /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·]/;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

const isLatinWordChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z]/.test(ch);
const isDigit = (ch: string | undefined) => ch !== undefined && /[0-9]/.test(ch);

/**
 * Joins two pieces of one broken line. A space survives only between two Latin words
 * ("SEE" + "Fund"); CJK, digits and punctuation join directly ("扬州生" + "物医药").
 */
export function joinBroken(left: string, right: string): string {
  const a = left.trimEnd();
  const b = right.trimStart();
  if (!a) return b;
  if (!b) return a;
  const needsSpace = isLatinWordChar(a.at(-1)) && isLatinWordChar(b[0]);
  return needsSpace ? `${a} ${b}` : a + b;
}

/**
 * Removes the stray spaces PDF extraction puts around numbers and between CJK characters
 * ("从 1992 年" -> "从1992年", "总投资 2.7 亿美元" -> "总投资2.7亿美元"). Spaces between two
 * Latin words or two numbers are kept, since there they separate tokens.
 */
export function collapseSpaces(text: string): string {
  return text
    .replace(/[\t\u00a0\u3000]/g, " ")
    .replace(/ {2,}/g, " ")
    .replace(/(\S) (?=\S)/g, (match, before: string, offset: number, whole: string) => {
      const after = whole[offset + match.length];
      const keep = (isLatinWordChar(before) || isDigit(before)) && (isLatinWordChar(after) || isDigit(after));
      return keep && !(isDigit(before) && isLatinWordChar(after)) ? match : before;
    })
    .trim();
}

/** Full-width ASCII (ＡＢＣ１２３，) as half-width, character for character, so offsets stay put. */
export function foldFullWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Normalises text for substring comparison: no whitespace, full-width ASCII folded, lower case. */
export function compact(text: string): string {
  return foldFullWidth(text).replace(/\s+/g, "").toLowerCase();
}
