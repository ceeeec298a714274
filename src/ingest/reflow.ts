/**
 * Joins the broken lines of a column back into paragraphs. Blank lines in extracted pages are
 * spacing accidents, not paragraph breaks, so paragraph ends are read from the layout instead: a
 * paragraph ends where a sentence ends and either that line stops short of the column or the next
 * line is indented.
 */
import { collapseSpaces, joinBroken } from "../text/normalize.js";
import { columnWidth, endsSentence, isFullLine, lineWidth } from "./lines.js";

export interface ReflowOptions {
  /** Column width in em (a CJK character is 1). Default: estimated from the lines themselves. */
  width?: number;
}

/**
 * Paragraphs as joined text, spaces not yet collapsed, so callers can still read a byline's
 * printed spacing ("本报讯 （特约通讯员 马燕琴）") before cleaning.
 */
export function joinParagraphs(lines: readonly string[], options: ReflowOptions = {}): string[] {
  const texts = lines.map((l) => l.trim()).filter(Boolean);
  const widths = texts.map(lineWidth);
  const column = options.width ?? columnWidth(widths) ?? 0;
  const paragraphs: string[] = [];
  let current = "";
  texts.forEach((text, i) => {
    current = joinBroken(current, text);
    const next = widths[i + 1];
    const shortHere = !isFullLine(widths[i]!, column);
    const nextIndented = next !== undefined && !isFullLine(next, column);
    if (next === undefined || (endsSentence(text) && (shortHere || nextIndented))) {
      paragraphs.push(current);
      current = "";
    }
  });
  return paragraphs;
}

/** Paragraphs of clean text: lines joined without spaces between CJK, stray spaces removed. */
export function reflowLines(lines: readonly string[], options: ReflowOptions = {}): string[] {
  return joinParagraphs(lines, options).map(collapseSpaces).filter(Boolean);
}

/** Reflows extracted text into paragraphs separated by "\n". */
export function reflowText(text: string, options: ReflowOptions = {}): string {
  return reflowLines(text.split("\n"), options).join("\n");
}
