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
import { leftOpen } from "./headlines.js";
import {
  blanksMarkBlocks,
  columnWidth,
  countIdeographs,
  endsSentence,
  FULL_LINE_SLACK,
  fillsColumn,
  hasProsePunct,
  type Line,
  toLine,
} from "./lines.js";

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

/** Lines after `i` used to estimate the width of the column a line would continue. */
const WIDTH_LOOKAHEAD = 6;
/** A column this many em wider or narrower than the last is a different block. */
const COLUMN_CHANGE = 3;

export function scanPage(allLines: readonly Line[]): PageLayout {
  const furniture = markFurniture(allLines.map((l) => l.text));
  const lines = joinWrappedCredits(allLines.filter((_, i) => !furniture[i]));
  const page: PageContext = { lines, indented: indentsParagraphs(lines), marksIndents: marksIndents(lines) };
  const printedHeadlines = headlineBlocksByForm(page);
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
    if (isTrailingDateline(line.text)) {
      if (appendable()) block!.closed = true;
      atBreak = true;
      return;
    }
    const credit = splitCredit(line.text);
    if (credit && !isLeadMarker(line.text)) {
      if (credit.text) {
        const body = toLine(credit.text, line.index);
        if (appendable()) block!.lines.push(body);
        else open(blockStart(block, run), body);
      }
      // A credit printed on the caption's own line credits it. A credit alone on its line credits
      // the block before only when that block reads as a caption (short, no byline or headline);
      // after a story, or with no body before it, it credits a photo without caption: dropped.
      if (appendable() && block!.lines.length > 0) {
        if (credit.text || (!credit.note && looksLikeCaption(block!))) block!.credit = credit.credit;
        block!.credits = [...(block!.credits ?? []), credit.credit];
        block!.closed = true;
      } else if (block !== undefined && run.length === 0) {
        // A second credit under the same story ("制图：…" after "…摄") credits it too.
        block.credits = [...(block.credits ?? []), credit.credit];
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
        // The run before it stays open, so the next body line opens a block of its own (signed
        // by this byline) instead of running on in the story above the run.
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
    const lastHeadline = run.at(-1);
    // A line opening with a mark that cannot start one ("，推动黄河流域…") carries on the headline
    // line above it, punctuation and all.
    const carriesHeadline =
      lastHeadline !== undefined &&
      ((!hasProsePunct(line.text) && leftOpen(lastHeadline.text, line.text)) ||
        (/^[，、；：”’》）)]/.test(line.text) && holdsNoSentence(line.text) && !endsSentence(line.text)));
    if (printedHeadlines.has(i) || (atBreak && (carriesHeadline || isHeadlineLine(page, block, i)))) {
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
      body = toLine(trailing.text, line.index);
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

/** A dateline broken across lines ("科技日报北京4月 / 20日电"), which only the two lines together show. */
function isSplitDateline(line: string, next: string): boolean {
  return /^\S{0,2}(?:科技日报|本报|新华社|中新社|人民日报)/.test(line) && isLeadMarker(`${line}${next}`);
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

/** Width of the column that the lines after `i` are set in, from the prose among them. */
function columnAfter(lines: readonly Line[], i: number): number | undefined {
  const widths: number[] = [];
  for (let j = i + 1; j < lines.length && widths.length < WIDTH_LOOKAHEAD; j++) {
    const l = lines[j]!;
    if (isLeadMarker(l.text) && widths.length > 0) break;
    // Past a sentence end, unpunctuated lines may be the next story's headline: its column is
    // not this one's.
    if (widths.length >= 2 && endsSentence(lines[j - 1]!.text) && !hasProsePunct(l.text)) break;
    if (hasProsePunct(l.text) && !isLeadMarker(l.text)) widths.push(l.width);
  }
  return columnWidth(widths);
}

/** What the headline test needs to know about the whole page. */
interface PageContext {
  lines: readonly Line[];
  /** Whether this page indents the first line of a paragraph (see {@link indentsParagraphs}). */
  indented: boolean;
  /** Whether the extracted text kept the paragraph indents as leading spaces (see {@link marksIndents}). */
  marksIndents: boolean;
}

/** Indented lines, as a share of all, above which a page is taken to keep its indents in the text. */
const MIN_INDENT_SHARE = 0.04;

/**
 * Whether the page's text keeps paragraph indents as leading (ideographic) spaces. Then a headline
 * is never indented, and an indented short line ("　　搭快车，滞销蜂蜜成了抢手货", "　　核心阅读") is
 * a paragraph or subhead of the story it stands in.
 */
function marksIndents(lines: readonly Line[]): boolean {
  const indented = lines.filter((l) => l.indented).length;
  return indented >= 3 && indented >= lines.length * MIN_INDENT_SHARE;
}

/**
 * A column tag closing a headline: "（倾听）", "（人民时评）", "（为了民族复兴·英雄烈士谱）". Named
 * columns hold no sentence, so no comma or full stop; a bracket wrapped from the line before counts.
 * Full-width brackets only: "(海南经济特区)" in ASCII brackets is a name in running text.
 */
const COLUMN_TAG = /（[^（）()，。；！？,;!?]{2,40}）$|^[^（）()，。；！？]{1,30}）$/;
/** Lines a headline block runs over before its column tag: kicker, main headline wrapped. */
const MAX_TAGGED_LINES = 4;

/** No sentence ends inside the line (quoted speech aside): a headline line may carry commas, not full stops. */
function holdsNoSentence(text: string): boolean {
  return !/[。；]/.test(text.replace(/“[^”]*”/g, ""));
}

/**
 * Headline lines told by their form even when they carry commas: a block that ends in a column
 * tag ("“你为国尽忠，我替你尽孝”（最美退役军人）"), and a kicker ending in "——" over the main
 * headline ("王贵武照顾烈士母亲二十年——"). Such a block starts where a sentence or another
 * headline has just ended, and holds no sentence itself.
 */
function headlineBlocksByForm(page: PageContext): Set<number> {
  const { lines } = page;
  const found = new Set<number>();
  const startsHere = (i: number) => {
    if (page.marksIndents && lines[i]!.indented) return false;
    if (i === 0 || found.has(i - 1)) return true;
    const previous = lines[i - 1]!.text;
    return (
      endsSentence(previous) ||
      /[）)]$|——$/.test(previous) ||
      parseBylineLine(previous) !== undefined ||
      splitCredit(previous)?.text === "" ||
      isTrailingDateline(previous)
    );
  };
  const ok = (l: Line) =>
    l.width <= 40 &&
    holdsNoSentence(l.text) &&
    !isLeadMarker(l.text) &&
    !BODY_LABEL.test(l.text) &&
    !ATTRIBUTION.test(l.text) &&
    !(page.marksIndents && l.indented);
  for (const chunk of headlineChunks(lines)) for (const i of chunk) found.add(i);
  // A title that the text under it opens by repeating, as encyclopaedia articles do ("GRB 090423" /
  // "GRB 090423是一个伽玛射线暴…", "停止！！云雀" / "《停止！！云雀》是…"): a headline whatever its
  // script or punctuation.
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!.text;
    if (lines[i]!.width > 40 || /[。；]/.test(line) || !startsHere(i)) continue;
    const next = lines[i + 1]!.text.replace(/^[《“「]/, "");
    if (next.length > line.length && next.startsWith(line)) found.add(i);
  }
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j]!;
    if (!ok(line)) continue;
    if (COLUMN_TAG.test(line.text) && !endsSentence(line.text.replace(/[（(][^（）()]*[）)]$/, ""))) {
      // Back to where the block starts: up to MAX_TAGGED_LINES lines holding no sentence.
      for (let i = j; i > j - MAX_TAGGED_LINES && i >= 0 && ok(lines[i]!); i--) {
        if (i < j && endsSentence(lines[i]!.text)) break;
        if (startsHere(i)) {
          for (let k = i; k <= j; k++) found.add(k);
          break;
        }
      }
    }
    const next = lines[j + 1];
    if (/——$/.test(line.text) && next && ok(next) && !endsSentence(next.text) && startsHere(j)) {
      found.add(j);
      found.add(j + 1);
    }
  }
  return found;
}

/**
 * Labels that open a body or a box inside it ("核心阅读" over a summary, "编者按", "内容提要"): they
 * stand alone on a line like a headline but are the first words of the text under them.
 */
const BODY_LABEL = /^(?:核心阅读|内容提要|编者按|编者的话|开栏的话|编后|主持人语|阅读提示|导读|摘要)[：:]?$/;

/**
 * Who said the quote above it ("——江苏省委副书记、省长吴政隆近日接受记者采访时说"), or the
 * signature closing an editor's note ("——编 者"): the end of that piece, though it opens with a
 * dash like a headline's second deck.
 */
const ATTRIBUTION = /^——(?:.{4,60}(?:说|表示|指出|强调|认为)|\s*编\s*者)$/;

/** Lines a headline block set off by blank lines may hold: kicker, headline over two lines, subtitle. */
const MAX_CHUNK_HEADLINE_LINES = 5;

/**
 * On a page whose blank lines set off layout blocks (not one after every line), a block of a few
 * lines holding no sentence is a headline block, whatever its punctuation ("公安部将增加失效居民
 * 身份证联网核查服务 / 解决“我就是我，是我在办”问题"). Returns the line indexes of each.
 */
function headlineChunks(lines: readonly Line[]): number[][] {
  if (!blanksMarkBlocks(lines)) return [];
  const chunks: number[][] = [];
  lines.forEach((l, i) => {
    if (i === 0 || l.blankBefore) chunks.push([]);
    chunks.at(-1)!.push(i);
  });
  return chunks.filter((chunk) => {
    if (chunk.length > MAX_CHUNK_HEADLINE_LINES) return false;
    const texts = chunk.map((i) => lines[i]!.text);
    if (endsSentence(texts.at(-1)!)) return false;
    return texts.every(
      (t, k) =>
        lines[chunk[k]!]!.width <= 40 &&
        holdsNoSentence(t) &&
        countIdeographs(t) >= 2 &&
        !isLeadMarker(t) &&
        !BODY_LABEL.test(t) &&
        parseBylineLine(t) === undefined &&
        splitCredit(t) === undefined &&
        !isTrailingDateline(t),
    );
  });
}

/** A paragraph's first line is indented by two characters. */
const INDENT = 2;
/**
 * A line opening with the end of a sentence carried over from the line before: a dozen characters at
 * most, without a comma, then 。 ("园。该园区…", "和浩特晶晟新材料产业园。该…"). A body's first line
 * rarely closes its opening sentence that soon.
 */
const ENDS_CARRIED_SENTENCE = /^[^\s，。、；：！？,.;:!?“”]{1,12}[。！？!?]/;
/** Unpunctuated lines looked through for the byline or dateline that shows they are headlines. */
const MAX_RUN_LOOKAHEAD = 6;

/**
 * Whether paragraphs on this page start with an indented line. Judged where a paragraph visibly
 * ends (a sentence end on a short line): is the next line short of the column, or full? Pages
 * differ, and a headline as wide as an indented first line is a headline on a page that indents
 * nothing. Without evidence, assume indentation (the more cautious reading for headlines).
 */
function indentsParagraphs(lines: readonly Line[]): boolean {
  let indented = 0;
  let flush = 0;
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1]!;
    const line = lines[i]!;
    if (!endsSentence(previous.text) || !hasProsePunct(line.text) || isLeadMarker(line.text)) continue;
    const around = lines.slice(Math.max(0, i - 4), i + 5).filter((l) => hasProsePunct(l.text));
    const column = columnWidth(around.map((l) => l.width));
    if (column === undefined || previous.width >= column - FULL_LINE_SLACK) continue;
    if (line.width > column - INDENT / 2) flush++;
    else if (!endsSentence(line.text) && line.width >= column - INDENT - FULL_LINE_SLACK) indented++;
  }
  return indented >= flush;
}

/** A line that begins a story of its own: a lead dateline (maybe split), a byline, a bare credit. */
function opensStory(lines: readonly Line[], k: number): boolean {
  const line = lines[k]!;
  const next = lines[k + 1];
  return (
    isLeadMarker(line.text) ||
    (next !== undefined && isSplitDateline(line.text, next.text)) ||
    parseBylineLine(line.text) !== undefined ||
    splitCredit(line.text)?.text === ""
  );
}

/** Lines a headline with commas may run over before the dateline of its story. */
const MAX_PUNCTUATED_HEADLINE_LINES = 3;

/**
 * A headline with commas ("王毅分别同埃及、塞内加尔外长通电话") right above its story's dateline or
 * byline: after a sentence end, lines that hold no sentence up to a story's opening are its
 * headline, punctuation and all (a body's last line ends its sentence before the next story).
 */
function punctuatedBeforeStory(page: PageContext, i: number): boolean {
  const { lines } = page;
  for (let k = i; k < Math.min(lines.length, i + MAX_PUNCTUATED_HEADLINE_LINES); k++) {
    if (/[。！？!?]/.test(lines[k]!.text) || /[：:]$/.test(lines[k]!.text)) return false;
    if (k + 1 >= lines.length) return false;
    if (opensStory(lines, k + 1)) return true;
    // On a page that indents paragraphs, lines after a sentence end that hold none and stop before
    // an indented paragraph cannot be prose: a paragraph ends on its sentence end.
    if (page.marksIndents && !lines[k]!.indented && lines[k + 1]!.indented) return true;
  }
  return false;
}

/**
 * A headline (or subhead) line: after a sentence end, no clause punctuation, and not the first
 * line of a paragraph that the next line continues at full column width. A first line is as wide
 * as the column or, on pages that indent, two characters short of it; in narrow columns a body
 * line without punctuation is common, so the width and the next line decide, not punctuation.
 */
function isHeadlineLine(page: PageContext, block: Block | undefined, i: number): boolean {
  const { lines } = page;
  const line = lines[i]!;
  if (page.marksIndents && line.indented) return false;
  if (BODY_LABEL.test(line.text) || ATTRIBUTION.test(line.text)) return false;
  if (hasProsePunct(line.text) || /[：:]$/.test(line.text)) return punctuatedBeforeStory(page, i);
  if (countIdeographs(line.text) < 2 || line.width > 40) return false;
  // A sentence is never left open before a new story begins: unpunctuated lines up to a dateline,
  // a byline or the page end are headlines.
  for (let k = i + 1; ; k++) {
    if (k >= lines.length || opensStory(lines, k)) return true;
    // "双方计划投资约64亿元建 / 设咸阳…产业 / 园。该园区…": the first punctuated line closes a
    // sentence within a dozen characters, so the lines before it are that sentence's beginning.
    if (ENDS_CARRIED_SENTENCE.test(lines[k]!.text)) return false;
    if (hasProsePunct(lines[k]!.text) || k - i > MAX_RUN_LOOKAHEAD) break;
  }
  // A story closed by its byline is over: what follows is a headline (its own, printed after
  // it, or the next story's) or a body that opens with punctuated prose.
  if (block?.closed) return true;
  const next = lines[i + 1]!;
  const column = columnAfter(lines, i);
  if (column === undefined) return true;
  const full = line.span >= column - FULL_LINE_SLACK;
  const indented = page.indented && line.width >= column - INDENT - 1.5;
  const fits = (full || indented) && line.width <= column + 1.5;
  const continues = (l: Line | undefined, after: Line) =>
    l !== undefined &&
    !isLeadMarker(l.text) &&
    l.width <= column + 2 &&
    (fillsColumn(l, column) ||
      (hasProsePunct(l.text) && (endsSentence(l.text) || l.width >= after.width + 0.75)));
  // Two unpunctuated lines in a row are a headline unless the text runs on after them too.
  const nextContinues = continues(next, line) && (hasProsePunct(next.text) || continues(lines[i + 2], next));
  return !(fits && nextContinues);
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
