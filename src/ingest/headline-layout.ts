/**
 * Headline blocks that the page shows by how it sets them rather than by their words: printed whole
 * on a page with a blank after every line, or wrapped narrower than the text under them. Either
 * holds commas as freely as a sentence does, so the words alone cannot tell them from prose.
 */
import { isLeadMarker, isTrailingDateline, parseBylineLine, splitCredit } from "./byline.js";
import { blanksMarkBlocks, endsSentence, hasProsePunct, type Line } from "./lines.js";

/** Lines a headline block may hold: kicker, headline over two or three lines, subtitle. */
const MAX_BLOCK_LINES = 5;

/** Adds to `found` the lines of each such block ({@link wholeHeadlineChunks}, {@link narrowBlockAt}). */
export function addBlocksByWidthAndBlanks(
  lines: readonly Line[],
  found: Set<number>,
  startsHere: (i: number) => boolean,
  ok: (l: Line) => boolean,
  /** Whether narrow blocks count (off only in the "narrowBlocks" ablation, segment-rules.ts). */
  narrow = true,
): void {
  for (const chunk of wholeHeadlineChunks(lines))
    if (startsHere(chunk[0]!) && chunk.every((i) => ok(lines[i]!))) for (const i of chunk) found.add(i);
  for (let i = 0; i < lines.length; i++) {
    const previous = lines[i - 1]?.text;
    // Where something has just closed, not under a headline line: under one, a deck or the first body
    // lines may be set narrower too (starting there cost titles on the relaid every-line pages).
    if ((previous !== undefined && !closesText(previous)) || found.has(i - 1)) continue;
    const block = narrow ? narrowBlockAt(lines, i, ok) : [];
    for (const k of block) found.add(k);
  }
}

/** A line after which a headline may start: a sentence end, a byline, a bare credit, a trailing dateline. */
export function closesText(line: string): boolean {
  return (
    endsSentence(line) ||
    parseBylineLine(line) !== undefined ||
    splitCredit(line)?.text === "" ||
    isTrailingDateline(line)
  );
}

/** Ems by which the body line under a headline block wrapped narrower than the text is wider than its lines. */
const NARROWER_THAN_TEXT = 3;

/**
 * Two to five lines from `i` (where a sentence, a byline or a credit has just closed, or the page
 * begins), none ending a sentence, then a body line wider than each of them by three ems or more: a
 * body line stops short only at its paragraph's end, on a sentence end, so these are a headline
 * block wrapped narrower than the text, commas and all ("早预警、早处置、主
 * 动作为，天" / "津公安系统持续整治非法集资犯罪" / "靠前一步，守好群众钱袋子" over a body 27
 * characters wide). Returns their indexes, or none.
 */
function narrowBlockAt(lines: readonly Line[], i: number, ok: (l: Line) => boolean): number[] {
  let widest = 0;
  for (let k = i; k < lines.length && k - i <= MAX_BLOCK_LINES; k++) {
    const line = lines[k]!;
    if (isLeadMarker(line.text)) return [];
    if (k - i >= 2 && hasProsePunct(line.text) && line.width >= widest + NARROWER_THAN_TEXT)
      return Array.from({ length: k - i }, (_, n) => i + n);
    if (!ok(line) || /[。！？!?]|[：:]$/.test(line.text)) return [];
    // Counted in characters too: a page wrapped by characters sets a body line with figures in it
    // ("1月24日，除夕夜，北京南") narrower in ems than the column, though it is full.
    widest = Math.max(widest, line.width, [...line.text].length);
  }
  return [];
}

/** Lines in a row with no blank between that show a headline block on a page with a blank after every line. */
const MIN_WHOLE_BLOCK_LINES = 3;

/**
 * On a page with a blank after (nearly) every line, three lines or more with no blank between them
 * and none ending a sentence: a headline block, which the paper prints whole ("早预警、早处置、主动
 * 作为，天 / 津公安系统持续整治非法集资犯罪 / 靠前一步，守好群众钱袋子"), commas and all. (A body
 * loses a blank now and then, two in a row almost never: on the tune half's pages, as printed and
 * laid out again, 56 of 58 such runs after a sentence end were headline blocks; two-line ones were
 * headlines half the time, so they are left to the other tests.) Returns the line indexes of each.
 */
function wholeHeadlineChunks(lines: readonly Line[]): number[][] {
  if (!lines.some((l) => l.blankBefore) || blanksMarkBlocks(lines)) return [];
  const chunks: number[][] = [];
  lines.forEach((l, i) => {
    if (i === 0 || l.blankBefore) chunks.push([]);
    chunks.at(-1)!.push(i);
  });
  return chunks.filter(
    (chunk) =>
      chunk.length >= MIN_WHOLE_BLOCK_LINES &&
      chunk.length <= MAX_BLOCK_LINES &&
      chunk.every((i) => !/[。！？!?]/.test(lines[i]!.text)),
  );
}
