/**
 * The line model of a page extracted from a PDF. The extraction keeps no fonts or positions, so
 * what is left of the layout is each line's printed width and punctuation; the segmenter reads the
 * page from those.
 */

/** One non-blank line of the page. */
export interface Line {
  /** 0-based position among the page's non-blank lines. */
  index: number;
  /** The line as printed, trimmed, runs of whitespace collapsed to one space. */
  text: string;
  /** Printed width in em (a CJK character is 1), see {@link lineWidth}. */
  width: number;
  /**
   * The widest the line may have been printed, in em: CJK punctuation set full width and spaces
   * as gaps (see {@link lineSpan}). Papers differ in whether justified lines squeeze punctuation,
   * so a line is full when either reading reaches the column.
   */
  span: number;
  /**
   * The line was printed indented (it began with two or more spaces or ideographic spaces). Pages
   * that keep paragraph indents never indent a headline, so an indented line is always body text.
   */
  indented?: boolean;
  /** A blank line stood right before this one in the extracted text. */
  blankBefore?: boolean;
}

/** Clause and sentence punctuation: prose has it, headlines do not. */
const PROSE_PUNCT = /[，。；！？、,;!?]/;

/** A sentence ends at the line end: 。！？ or an ellipsis, possibly inside closing quotes/brackets. */
const SENTENCE_END = /(?:[。！？!?]|……|\.{3})[”’」』）)"']*$/;

/** Punctuation that CJK typesetting squeezes to half width in justified lines. */
const HALF_WIDTH_CJK = /[，。、；：！？（）“”‘’]/;

export function toLines(text: string): Line[] {
  const lines: Line[] = [];
  let blank = false;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[\s\u3000]+/g, " ").trim();
    if (!line) {
      blank = lines.length > 0;
      continue;
    }
    const next = toLine(line, lines.length);
    if (/^(?:\u3000|\s{2})/.test(raw)) next.indented = true;
    if (blank) next.blankBefore = true;
    blank = false;
    lines.push(next);
  }
  return lines;
}

/**
 * Printed width in em: CJK characters 1, ASCII and squeezed CJK punctuation ½. Spaces next to CJK
 * are extraction accidents ("从 1992 年") and count nothing. Comparing widths is how a paragraph's
 * indented first line, its short last line and a headline's odd length are recognised.
 */
export function lineWidth(text: string): number {
  let width = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === " ") {
      const ascii = (c: string | undefined) => c !== undefined && c < "\u0080" && c !== " ";
      if (ascii(chars[i - 1]) && ascii(chars[i + 1])) width += 0.5;
    } else if (ch < "\u0080" || HALF_WIDTH_CJK.test(ch)) {
      width += 0.5;
    } else {
      width += 1;
    }
  }
  return width;
}

/** Printed width with CJK punctuation at full width and every space half an em, see {@link Line.span}. */
export function lineSpan(text: string): number {
  let width = 0;
  for (const ch of text) width += ch < "\u0080" ? 0.5 : 1;
  return width;
}

/** A line for `text` as printed (width and span measured). */
export function toLine(text: string, index: number): Line {
  return { index, text, width: lineWidth(text), span: lineSpan(text) };
}

export function hasProsePunct(text: string): boolean {
  return PROSE_PUNCT.test(text);
}

export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/** Counts CJK ideographs, which is what makes a line Chinese text rather than a stray number. */
export function countIdeographs(text: string): number {
  return text.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
}

/**
 * The column width of a run of body lines: a high quantile of their widths, because most lines of
 * a column are full, while first lines are indented and last lines short. Undefined for no lines.
 */
export function columnWidth(widths: number[]): number | undefined {
  if (widths.length === 0) return undefined;
  const sorted = [...widths].sort((a, b) => a - b);
  if (sorted.length <= 2) return sorted.at(-1);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.7))];
}

/**
 * How far short of the column a line may fall and still be "full". Indented first lines fall two
 * characters short and justified lines scatter by about one, so 1.25 separates the two.
 */
export const FULL_LINE_SLACK = 1.25;

export function isFullLine(width: number, column: number): boolean {
  return width >= column - FULL_LINE_SLACK;
}

/** Whether a line fills its column under either reading of its punctuation and spaces. */
export function fillsColumn(line: Line, column: number): boolean {
  return line.span >= column - FULL_LINE_SLACK && line.width <= column + FULL_LINE_SLACK + 0.75;
}

/**
 * Share of lines with a blank before them up to which blank lines mark layout blocks (headline
 * blocks, bodies). Extractors that leave blanks between lines leave them after most lines (the
 * seed page, PDFs with loose leading), with some dropped; pages that mark blocks have a blank
 * before one line in ten or fewer.
 */
const BLOCK_BLANKS = 0.2;

/** Whether the page's blank lines set off layout blocks rather than following (most) lines. */
export function blanksMarkBlocks(lines: readonly Line[]): boolean {
  const blanks = lines.filter((l) => l.blankBefore).length;
  return blanks > 0 && blanks <= (lines.length - 1) * BLOCK_BLANKS;
}
