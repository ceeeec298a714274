/**
 * First pass over a page: cuts the lines into body blocks and headline runs, and takes off the
 * bylines, trailing names and photo credits that close blocks. It decides only what the lines
 * themselves show; which blocks form one story and which headline belongs where is decided later
 * by content (see segment.ts).
 */
import {
  isLeadMarker,
  type People,
  parseBylineLine,
  parseNamesLine,
  splitCredit,
  splitTrailingPeople,
} from "./byline.js";
import {
  columnWidth,
  countIdeographs,
  endsSentence,
  hasProsePunct,
  isFullLine,
  type Line,
  lineWidth,
} from "./lines.js";

/** How a block begins: with its own byline, at the page top, after headlines, or after a closed block. */
export type BlockStart = "marker" | "page" | "headline" | "closed" | "column";

/** Consecutive lines of one body of text (prose). */
export interface Block {
  lines: Line[];
  start: BlockStart;
  /** A byline line printed just before the body. */
  leadByline?: People;
  /** A byline line printed after the body ("▶ 科技日报记者 …"). */
  endByline?: People;
  /** Names after the last sentence ("张世港 凡辉"). */
  trailing?: People;
  /** Photo credit ending the block ("图片来源：烟台高新区"). */
  credit?: string;
  /** Closed by a byline, trailing names or credit: nothing after it continues this story. */
  closed: boolean;
}

/** Short unpunctuated lines between bodies: headlines, or a section subhead inside one body. */
export interface HeadlineRun {
  lines: Line[];
  /** Number of blocks that precede the run: it sits between blocks[before - 1] and blocks[before]. */
  before: number;
}

export interface PageLayout {
  blocks: Block[];
  runs: HeadlineRun[];
}

/** Page furniture (dates, editors) that belongs to no story. */
const FURNITURE =
  /^(?:责任编辑|责编|美术编辑|本版编辑|版式设计|校对)[：:\s]|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*星期[一二三四五六日天]$/;

/** Lines after `i` used to estimate the width of the column a line would continue. */
const WIDTH_LOOKAHEAD = 6;
/** A column this many em wider or narrower than the last is a different block. */
const COLUMN_CHANGE = 3;

export function scanPage(allLines: readonly Line[]): PageLayout {
  const lines = allLines.filter((l) => !FURNITURE.test(l.text));
  const blocks: Block[] = [];
  const runs: HeadlineRun[] = [];
  let run: Line[] = [];
  let block: Block | undefined;
  let pendingByline: People | undefined;
  // Whether the previous line ended a sentence (or was not prose): only then can a headline start.
  let atBreak = true;

  const open = (start: BlockStart, first: Line) => {
    if (run.length > 0) {
      runs.push({ lines: run, before: blocks.length });
      run = [];
    }
    block = { lines: [first], start, closed: false };
    if (pendingByline) block.leadByline = pendingByline;
    pendingByline = undefined;
    blocks.push(block);
  };
  const appendable = () => block !== undefined && !block.closed && run.length === 0;

  lines.forEach((line, i) => {
    const next = lines[i + 1];
    const credit = splitCredit(line.text);
    if (credit && !isLeadMarker(line.text)) {
      if (credit.text) {
        const body = { ...line, text: credit.text, width: lineWidth(credit.text) };
        if (appendable()) block!.lines.push(body);
        else open(blockStart(block, run), body);
      }
      // A credit with no body before it credits a photo whose caption is elsewhere: drop it.
      if (appendable() && block!.lines.length > 0) {
        block!.credit = credit.credit;
        block!.closed = true;
      }
      atBreak = true;
      return;
    }
    const byline = parseBylineLine(line.text);
    if (byline) {
      // After a body it signs that body; after headlines (or first on the page) the next one.
      if (appendable() && !block!.leadByline && !block!.endByline) {
        block!.endByline = byline;
        block!.closed = true;
      } else {
        if (run.length > 0) {
          runs.push({ lines: run, before: blocks.length });
          run = [];
        }
        pendingByline = byline;
      }
      atBreak = true;
      return;
    }
    if (isLeadMarker(line.text) || (next && isSplitDateline(line.text, next.text))) {
      open("marker", line);
      atBreak = endsSentence(line.text);
      return;
    }
    if (atBreak && appendable()) {
      const names = parseNamesLine(line.text);
      if (names && !continuesColumn(next, blockColumn(block!))) {
        block!.trailing = names;
        block!.closed = true;
        return;
      }
    }
    if (atBreak && isHeadlineLine(lines, i)) {
      run.push(line);
      return;
    }
    // A body line.
    let body = line;
    const trailing = splitTrailingPeople(line.text);
    if (appendable() && atBreak && isColumnChange(block!, lines, i)) open("column", body);
    else if (!appendable()) open(blockStart(block, run), body);
    else block!.lines.push(body);
    if (trailing && !continuesColumn(next, blockColumn(block!))) {
      body = { ...line, text: trailing.text, width: lineWidth(trailing.text) };
      block!.lines[block!.lines.length - 1] = body;
      block!.trailing = trailing.people;
      block!.closed = true;
      atBreak = true;
      return;
    }
    atBreak = endsSentence(line.text);
  });
  if (run.length > 0) runs.push({ lines: run, before: blocks.length });
  return { blocks, runs };
}

/** A dateline broken across lines ("科技日报北京4月 / 20日电"), which only the two lines together show. */
function isSplitDateline(line: string, next: string): boolean {
  return /^\S{0,2}(?:科技日报|本报|新华社|中新社|人民日报)/.test(line) && isLeadMarker(`${line}${next}`);
}

function blockStart(block: Block | undefined, run: Line[]): BlockStart {
  if (run.length > 0) return "headline";
  return block === undefined ? "page" : "closed";
}

function blockColumn(block: Block): number | undefined {
  const body = block.start === "marker" ? block.lines.slice(1) : block.lines;
  return columnWidth((body.length > 0 ? body : block.lines).map((l) => l.width));
}

/** Whether `next` reads as the following line of the same column (full width, prose). */
function continuesColumn(next: Line | undefined, column: number | undefined): boolean {
  if (!next || column === undefined || isLeadMarker(next.text)) return false;
  return isFullLine(next.width, column) && next.width <= column + 2 && hasProsePunct(next.text);
}

/** Width of the column that the lines after `i` are set in, from the prose among them. */
function columnAfter(lines: readonly Line[], i: number): number | undefined {
  const widths: number[] = [];
  for (let j = i + 1; j < lines.length && widths.length < WIDTH_LOOKAHEAD; j++) {
    const l = lines[j]!;
    if (isLeadMarker(l.text) && widths.length > 0) break;
    if (hasProsePunct(l.text) && !isLeadMarker(l.text)) widths.push(l.width);
  }
  return columnWidth(widths);
}

/**
 * A headline (or subhead) line: after a sentence end, no clause punctuation, and not the indented
 * first line of a paragraph that the next line continues at full column width.
 */
function isHeadlineLine(lines: readonly Line[], i: number): boolean {
  const line = lines[i]!;
  if (hasProsePunct(line.text) || /[：:]$/.test(line.text)) return false;
  if (countIdeographs(line.text) < 2 || line.width > 40) return false;
  const next = lines[i + 1];
  if (!next || isLeadMarker(next.text) || parseBylineLine(next.text) || splitCredit(next.text)?.text === "") {
    return true;
  }
  const column = columnAfter(lines, i);
  if (column === undefined) return true;
  const fits = line.width >= column - 3.5 && line.width <= column + 1.5;
  const continues = (l: Line | undefined, after: Line) =>
    l !== undefined &&
    !isLeadMarker(l.text) &&
    l.width <= column + 2 &&
    (isFullLine(l.width, column) ||
      (hasProsePunct(l.text) && (endsSentence(l.text) || l.width >= after.width + 0.75)));
  // Two unpunctuated lines in a row are a headline unless the text runs on after them too.
  const nextContinues = continues(next, line) && (hasProsePunct(next.text) || continues(lines[i + 2], next));
  return !(fits && nextContinues);
}

/** At a paragraph start, whether the column width jumps: a new block set in another width. */
function isColumnChange(block: Block, lines: readonly Line[], i: number): boolean {
  if (block.lines.length < 3) return false;
  // The lines after the (indented) first line; any prose or not, as narrow columns have many
  // lines without punctuation.
  const following = lines.slice(i + 1, i + 1 + WIDTH_LOOKAHEAD).filter((l) => !isLeadMarker(l.text));
  if (following.length < 4) return false;
  const before = blockColumn(block);
  const after = columnWidth(following.map((l) => l.width));
  return before !== undefined && after !== undefined && Math.abs(after - before) >= COLUMN_CHANGE;
}
