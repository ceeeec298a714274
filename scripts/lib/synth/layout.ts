/**
 * Prints clean paragraphs the way PDF text extraction gives them back: fixed-width lines broken
 * mid-sentence, optional blank lines between lines, stray spaces around numbers, numbers left at
 * a line end with their unit on the next line.
 */
import type { Rng } from "./prng.js";

export interface ColumnStyle {
  /** Line width in CJK characters; an ASCII character counts half. */
  width: number;
  /** Put a blank line after every printed line, as many extracted pages do. */
  blankLines: boolean;
  /** Chance that a number gets a stray space on each side ("从 1992 年"). */
  straySpace: number;
}

const CLOSING = new Set([..."，。、；：？！”’）》」』…"].map((c) => c.charCodeAt(0)));
const OPENING = new Set([..."“‘（《「『"].map((c) => c.charCodeAt(0)));
/** Characters below U+2E80 that typesetting still prints full width. */
const WIDE_LOW = new Set([..."“”‘’—…·"].map((c) => c.charCodeAt(0)));

/** Letters, digits and the symbols that stay glued to them ("2.7", "R&D", "56.3%"). */
function inAsciiRun(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 ||
    code === 37 ||
    code === 38 ||
    code === 43 ||
    code === 45 ||
    code === 47
  );
}

function charWidth(code: number): number {
  return code < 0x2e80 && !WIDE_LOW.has(code) ? 0.5 : 1;
}

/**
 * Greedy fixed-width wrapping with the line-start and line-end rules of Chinese typesetting.
 * ASCII runs are never cut, so a number stays whole and its unit may land on the next line.
 * Works on indices rather than token arrays: this is the generator's hot loop.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  const push = (line: string) => {
    const printed = line.trim();
    if (printed) lines.push(printed);
  };
  let start = 0;
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let j = i + 1;
    let w: number;
    if (inAsciiRun(code)) {
      while (j < text.length && inAsciiRun(text.charCodeAt(j))) j++;
      w = (j - i) * 0.5;
    } else {
      if (code >= 0xd800 && code <= 0xdbff) j++;
      w = charWidth(code);
    }
    if (used + w > width && i > start) {
      if (CLOSING.has(code)) {
        // Closing punctuation may not start a line: it hangs at the end of this one ("”。" too).
        while (j < text.length && CLOSING.has(text.charCodeAt(j))) j++;
        push(text.slice(start, j));
        start = j;
        used = 0;
        i = j;
        continue;
      }
      // Opening punctuation may not end a line: it moves down with what it opens.
      const cut = i - 1 > start && OPENING.has(text.charCodeAt(i - 1)) ? i - 1 : i;
      push(text.slice(start, cut));
      start = cut;
      used = cut < i ? 1 : 0;
    }
    used += w;
    i = j;
  }
  push(text.slice(start));
  return lines;
}

/** Adds the spaces PDF extraction leaves next to digits ("总投资 2.7 亿美元"). */
export function addStraySpaces(text: string, rng: Rng, p: number): string {
  if (p <= 0) return text;
  return text.replace(/\d+(?:\.\d+)?%?/g, (num, offset: number, whole: string) => {
    const before = offset > 0 && whole[offset - 1] !== " " && rng.chance(p) ? " " : "";
    const nextCh = whole[offset + num.length];
    // Extraction leaves spaces between a number and a following character, not before punctuation.
    const after = nextCh !== undefined && /[\u4e00-\u9fff]/.test(nextCh) && rng.chance(p) ? " " : "";
    return before + num + after;
  });
}

/**
 * Joins printed lines. In blank-line mode the extractor still runs a line ending in a number
 * straight into the next one ("项目 20\n个"), as on the seed page.
 */
export function joinLines(lines: readonly string[], style: ColumnStyle, rng: Rng): string {
  if (!style.blankLines) return lines.join("\n");
  let out = "";
  lines.forEach((line, i) => {
    out += line;
    if (i === lines.length - 1) return;
    const endsAscii = /[0-9A-Za-z%]$/.test(line);
    out += endsAscii && rng.chance(0.85) ? "\n" : "\n\n";
  });
  return out;
}

export function pickColumn(rng: Rng, kind: "narrow" | "wide" | "caption"): ColumnStyle {
  const width = kind === "narrow" ? rng.int(10, 17) : kind === "wide" ? rng.int(22, 30) : rng.int(44, 50);
  return {
    width,
    blankLines: kind === "caption" || rng.chance(0.7),
    straySpace: rng.chance(0.7) ? rng.float() * 0.6 : 0,
  };
}
