/**
 * First pass over a page: cuts the lines into body blocks and headline runs, and takes off the
 * bylines, trailing names and photo credits that close blocks. It decides only what the lines
 * themselves show; which blocks form one story and which headline belongs where is decided later
 * by content (see segment.ts).
 */
import {
  isLeadMarker,
  isTrailingDateline,
  type People,
  parseBylineLine,
  parseNamesLine,
  parsePeople,
  splitCredit,
  splitTrailingPeople,
} from "./byline.js";
import { markFurniture } from "./furniture.js";
import {
  headlineBlocksByForm,
  holdsNoSentence,
  indentsParagraphs,
  isHeadlineLine,
  isSplitDateline,
  marksIndents,
  type PageContext,
  WIDTH_LOOKAHEAD,
} from "./headline-lines.js";
import { leavesOpen, leftOpen, PAIRED_MARKS } from "./headlines.js";
import {
  columnWidth,
  countIdeographs,
  endsSentence,
  FULL_LINE_SLACK,
  fillsColumn,
  hasProsePunct,
  type Line,
  toLine,
} from "./lines.js";
import { wordAcross } from "./seam-words.js";
import { ALL_RULES_ON, type RulesOff } from "./segment-rules.js";

/** How a block begins: with its own byline, at the page top, after headlines, after a closed block, or where the column width changes. */
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
  /** Photo credit ending the block ("图片来源：烟台高新区"), when the block is that photo's caption. */
  credit?: string;
  /** Every credit line that closed the block (photo, chart, "（作者为…）"), as printed. */
  credits?: string[];
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

/** A column this many em wider or narrower than the last is a different block. */
const COLUMN_CHANGE = 3;

export function scanPage(allLines: readonly Line[], off: RulesOff = ALL_RULES_ON): PageLayout {
  const furniture = off.has("furniture") ? [] : markFurniture(allLines.map((l) => l.text));
  const kept = allLines.filter((_, i) => !furniture[i]);
  const lines = off.has("wrappedNotes") ? kept : joinWrappedCredits(kept);
  const page: PageContext = {
    lines,
    indented: indentsParagraphs(lines),
    marksIndents: marksIndents(lines),
    off,
  };
  const scan: Scan = {
    page,
    printedHeadlines: off.has("headlineBlocksByForm") ? new Set<number>() : headlineBlocksByForm(page),
    blocks: [],
    runs: [],
    run: [],
    atBreak: true,
  };
  lines.forEach((line, i) => {
    readLine(scan, line, i);
  });
  if (scan.run.length > 0) scan.runs.push({ lines: scan.run, before: scan.blocks.length });
  return { blocks: scan.blocks, runs: scan.runs };
}

/** Where the first pass stands on a page: what it has read, and the block or headline run it is in. */
interface Scan {
  page: PageContext;
  printedHeadlines: ReadonlySet<number>;
  blocks: Block[];
  runs: HeadlineRun[];
  /** Headline lines since the last block. */
  run: Line[];
  block?: Block;
  /** A byline read after a headline run, for the block that opens next. */
  pendingByline?: People;
  /** Whether the previous line ended a sentence (or was not prose): only then can a headline start. */
  atBreak: boolean;
}

function openBlock(scan: Scan, start: BlockStart, first: Line): void {
  if (scan.run.length > 0) {
    scan.runs.push({ lines: scan.run, before: scan.blocks.length });
    scan.run = [];
  }
  const block: Block = { lines: [first], start, closed: false };
  if (scan.pendingByline) block.leadByline = scan.pendingByline;
  scan.pendingByline = undefined;
  scan.blocks.push(block);
  scan.block = block;
}

/** The current block, when the next body line may run on in it. */
function appendable(scan: Scan): Block | undefined {
  return scan.block !== undefined && !scan.block.closed && scan.run.length === 0 ? scan.block : undefined;
}

function readLine(scan: Scan, line: Line, i: number): void {
  const next = scan.page.lines[i + 1];
  if (isTrailingDateline(line.text)) {
    const block = appendable(scan);
    if (block) block.closed = true;
    scan.atBreak = true;
    return;
  }
  if (readCredit(scan, line) || readByline(scan, line)) {
    scan.atBreak = true;
    return;
  }
  if (isLeadMarker(line.text) || (next && isSplitDateline(line.text, next.text))) {
    openBlock(scan, "marker", line);
    scan.atBreak = endsSentence(line.text);
    return;
  }
  if (readTrailingNames(scan, line, next)) return;
  if (isHeadline(scan, line, i)) {
    scan.run.push(line);
    return;
  }
  readBodyLine(scan, line, i);
}

/** A credit line or a credit closing a line: it closes the block above (see splitCredit). */
function readCredit(scan: Scan, line: Line): boolean {
  const credit = splitCredit(line.text);
  if (!credit || isLeadMarker(line.text)) return false;
  if (credit.text) {
    const body = toLine(credit.text, line.index);
    const block = appendable(scan);
    if (block) block.lines.push(body);
    else openBlock(scan, blockStart(scan.block, scan.run), body);
  }
  // A credit printed on the caption's own line credits it. A credit alone on its line credits
  // the block before only when that block reads as a caption (short, no byline or headline);
  // after a story, or with no body before it, it credits a photo without caption: dropped.
  const block = appendable(scan);
  if (block && block.lines.length > 0) {
    if (credit.text || (!credit.note && looksLikeCaption(block))) block.credit = credit.credit;
    block.credits = [...(block.credits ?? []), credit.credit];
    block.closed = true;
  } else if (scan.block !== undefined && scan.run.length === 0) {
    // A second credit under the same story ("制图：…" after "…摄") credits it too.
    scan.block.credits = [...(scan.block.credits ?? []), credit.credit];
  }
  return true;
}

/** A byline line: after a body it signs that body; after headlines (or first on the page) the next one. */
function readByline(scan: Scan, line: Line): boolean {
  const byline = parseBylineLine(line.text);
  if (!byline) return false;
  const block = appendable(scan);
  if (block && !block.leadByline && !block.endByline) {
    block.endByline = byline;
    block.closed = true;
  } else {
    // The run before it stays open, so the next body line opens a block of its own (signed by
    // this byline) instead of running on in the story above the run.
    scan.pendingByline = byline;
  }
  return true;
}

/** Bare names after a sentence end ("钱伟"), unless the column runs on: the block's trailing authors. */
function readTrailingNames(scan: Scan, line: Line, next: Line | undefined): boolean {
  const block = appendable(scan);
  if (!scan.atBreak || !block) return false;
  const names = parseNamesLine(line.text);
  const column = blockColumn(block);
  if (!names || continuesColumn(next, column)) return false;
  // Names as wide as the column with text under them are a sentence's first line ("孙杨、刘湘、林超
  // 攀、郑姝" over "音等13名预备党员进行了庄"), not the story's signature.
  if (next !== undefined && column !== undefined && fillsColumn(line, column) && !endsSentence(line.text))
    return false;
  block.trailing = names;
  block.closed = true;
  return true;
}

function isHeadline(scan: Scan, line: Line, i: number): boolean {
  if (scan.printedHeadlines.has(i)) return true;
  if (!scan.atBreak) return false;
  const next = scan.page.lines[i + 1];
  const off = scan.page.off;
  if (!off.has("quotesIntoProse") && next && quotesIntoProse(line.text, next.text, line.width, next.width))
    return false;
  const lastHeadline = scan.run.at(-1);
  // A line opening with a mark that cannot start one ("，推动黄河流域…") carries on the headline
  // line above it, punctuation and all.
  const carriesHeadline =
    lastHeadline !== undefined &&
    ((!hasProsePunct(line.text) && leftOpen(lastHeadline.text, line.text)) ||
      (/^[，、；：”’》）)]/.test(line.text) && holdsNoSentence(line.text) && !endsSentence(line.text)) ||
      // The end of a kicker wrapped onto a line of its own, however short ("…团长黄碧" / "林——").
      (/——$/.test(line.text) && !hasProsePunct(line.text) && line.width <= lastHeadline.width));
  if (carriesHeadline) return true;
  if (!isHeadlineLine(scan.page, scan.block?.closed === true, i)) return false;
  return !(!off.has("wordRunsIntoBody") && next && wordRunsIntoBody(scan, line, next, i + 1));
}

/**
 * A word running across the break into a body line ("线上心理课" over "为了引导居家学习的孩子科" over
 * "学安排学习生活，…"): the line opens that body, however short, and is no headline line. On the
 * real tune pages 9,547 of 23,264 line breaks inside a paragraph fall inside a word (seam-words.ts),
 * and none of the 340 between a headline's last line and its body. A headline wrapped over two lines
 * breaks inside a word too, so the line under it must read as body: not a headline line by its own
 * test, and more than a character ("…的交通拥" over "堵" ends a subhead).
 */
function wordRunsIntoBody(scan: Scan, line: Line, next: Line, n: number): boolean {
  return (
    !scan.printedHeadlines.has(n) &&
    countIdeographs(next.text) >= 2 &&
    !isHeadlineLine(scan.page, false, n) &&
    wordAcross(line.text, next.text)
  );
}

/**
 * A line that leaves a quote or bracket open which the line under it closes and then runs on in
 * prose ("要让优秀传统文化在现实生活中不仅“火" over "起来”，更要“一直火”"): a sentence carried into
 * the next line, not a headline, which closes what it opens before its body starts.
 */
function quotesIntoProse(line: string, next: string, lineW: number, nextW: number): boolean {
  if (/——$/.test(next.trim())) return false;
  return PAIRED_MARKS.some(([open, close]) => {
    if (!leavesOpen(line, open, close)) return false;
    const at = next.indexOf(close);
    if (at < 0 || (next.indexOf(open) >= 0 && next.indexOf(open) < at)) return false;
    return hasProsePunct(next.slice(at + 1)) && (/[。！？；]/.test(next.slice(at + 1)) || nextW >= lineW);
  });
}

function readBodyLine(scan: Scan, line: Line, i: number): void {
  const { lines } = scan.page;
  const open = appendable(scan);
  if (open && scan.atBreak && isColumnChange(open, lines, i)) openBlock(scan, "column", line);
  else if (!open) openBlock(scan, blockStart(scan.block, scan.run), line);
  else open.lines.push(line);
  const block = scan.block!;
  const trailing = splitTrailingPeople(line.text);
  if (trailing && !continuesColumn(lines[i + 1], blockColumn(block))) {
    block.lines[block.lines.length - 1] = toLine(trailing.text, line.index);
    block.trailing = trailing.people;
    block.closed = true;
    scan.atBreak = true;
    return;
  }
  scan.atBreak = endsSentence(line.text);
}

/**
 * Lines a wrapped bracketed note may run over: "（作者为中国物流与采购 / 联合会副会长）", a closing
 * byline of seven reporters in a narrow column.
 */
const MAX_CREDIT_LINES = 6;

/**
 * Joins a bracketed credit note, trailing dateline or closing byline wrapped over lines back into
 * one line, so it closes its story instead of reading as prose glued to the next one.
 */
function joinWrappedCredits(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^[（(]/.test(line.text) && !/[）)]/.test(line.text)) {
      let joined = line.text;
      for (let k = i + 1; k < Math.min(lines.length, i + MAX_CREDIT_LINES); k++) {
        joined += lines[k]!.text;
        if (!/[）)]$/.test(lines[k]!.text)) continue;
        if (splitCredit(joined)?.text === "" || isTrailingDateline(joined) || parsePeople(joined)) {
          out.push({ ...toLine(joined, line.index), ...(line.blankBefore ? { blankBefore: true } : {}) });
          i = k;
        }
        break;
      }
      if (out.at(-1)?.index === line.index) continue;
    }
    out.push(line);
  }
  return out;
}

/** Longest caption, in ideographs: a sentence or three under a photo. */
const MAX_CAPTION_IDEOGRAPHS = 300;

function looksLikeCaption(block: Block): boolean {
  if (block.start === "marker" || block.start === "headline" || block.leadByline) return false;
  return countIdeographs(block.lines.map((l) => l.text).join("")) <= MAX_CAPTION_IDEOGRAPHS;
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
  return fillsColumn(next, column) && hasProsePunct(next.text);
}

/**
 * At a paragraph start, whether the column width jumps: a new block set in another width. The
 * line itself must leave the old column (a full line of it continues the story whatever follows),
 * and only the lines up to the next byline or dateline count, so the next story's column, seen
 * through a short last paragraph, is not mistaken for this one's.
 */
function isColumnChange(block: Block, lines: readonly Line[], i: number): boolean {
  if (block.lines.length < 3) return false;
  const before = blockColumn(block);
  if (before === undefined) return false;
  const line = lines[i]!;
  // A line far wider than the column cannot be set in it.
  if (line.width >= before + COLUMN_CHANGE) return true;
  if (line.width >= before - FULL_LINE_SLACK) return false;
  // A one-line paragraph ("一位企业负责人说。" after a quote) ends the text above; a new column
  // starts no earlier than the line after it.
  if (endsSentence(line.text) && /[”’」』]$/.test(lines[i - 1]?.text ?? "")) return false;
  // The lines after the (indented) first line; any prose or not, as narrow columns have many
  // lines without punctuation.
  const following: Line[] = [];
  for (const l of lines.slice(i + 1, i + 1 + WIDTH_LOOKAHEAD)) {
    if (isLeadMarker(l.text) || parseBylineLine(l.text) || splitCredit(l.text)) break;
    following.push(l);
  }
  if (following.length < 3) return false;
  const after = columnWidth(following.map((l) => l.width));
  return after !== undefined && Math.abs(after - before) >= COLUMN_CHANGE;
}
