/**
 * Which lines of a page are headline lines: their form (no sentence, a column tag, a kicker ending
 * in "——", a short line where the column runs on), what stands after them (a story's dateline or
 * byline), and the page's paragraph indents. Which body each belongs to is decided later (see
 * headlines.ts).
 */
import {
  isLeadMarker,
  isTrailingDateline,
  parseBylineLine,
  splitCredit,
  splitTrailingPeople,
} from "./byline.js";
import { endsColumnTag } from "./column-tag.js";
import { addBlocksByWidthAndBlanks, closesText } from "./headline-layout.js";
import {
  blanksMarkBlocks,
  columnWidth,
  countIdeographs,
  endsSentence,
  FULL_LINE_SLACK,
  fillsColumn,
  hasProsePunct,
  type Line,
} from "./lines.js";
import { isAttribution, isBodyLabel } from "./never-headlines.js";
import type { RulesOff } from "./segment-rules.js";
/** Lines after `i` used to estimate the width of the column a line would continue. */
export const WIDTH_LOOKAHEAD = 6;

/** A dateline broken across lines ("科技日报北京4月 / 20日电"), which only the two lines together show. */
export function isSplitDateline(line: string, next: string): boolean {
  return /^\S{0,2}(?:科技日报|本报|新华社|中新社|人民日报)/.test(line) && isLeadMarker(`${line}${next}`);
}

/** Width of the column that the lines after `i` are set in, from the prose among them. */
export function columnAfter(lines: readonly Line[], i: number): number | undefined {
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
export interface PageContext {
  lines: readonly Line[];
  /** Whether this page indents the first line of a paragraph (see {@link indentsParagraphs}). */
  indented: boolean;
  /** Whether the extracted text kept the paragraph indents as leading spaces (see {@link marksIndents}). */
  marksIndents: boolean;
  /** Rules switched off, for ablations (segment-rules.ts). */
  off: RulesOff;
}

/** Indented lines, as a share of all, above which a page is taken to keep its indents in the text. */
const MIN_INDENT_SHARE = 0.04;

/**
 * Whether the page's text keeps paragraph indents as leading (ideographic) spaces. Then a headline
 * is never indented, and an indented short line ("　　搭快车，滞销蜂蜜成了抢手货", "　　核心阅读") is
 * a paragraph or subhead of the story it stands in.
 */
export function marksIndents(lines: readonly Line[]): boolean {
  const indented = lines.filter((l) => l.indented).length;
  return indented >= 3 && indented >= lines.length * MIN_INDENT_SHARE;
}

/** Lines a headline block runs over before its column tag: kicker, main headline wrapped. */
const MAX_TAGGED_LINES = 4;
/** Lines a kicker ending in "——" runs over. */
const MAX_KICKER_LINES = 2;
/**
 * What a headline never ends on before its column tag: an ellipsis (or a full stop, which `ok`
 * already keeps out). An exclamation or a question it may: "违规登珠峰，停！（美丽中国）" heads a
 * page; read as a sentence's end, it had been run into the story under it.
 */
const CLOSES_STATEMENT = /(?:。|……|\.{3})[”’」』]*$/;

/** No sentence ends inside the line (quoted speech aside): a headline line may carry commas, not full stops. */
export function holdsNoSentence(text: string): boolean {
  return !/[。；]/.test(text.replace(/“[^”]*”/g, ""));
}

/**
 * Headline lines told by their form even when they carry commas: a block that ends in a column
 * tag ("“你为国尽忠，我替你尽孝”（最美退役军人）"), and a kicker ending in "——" over the main
 * headline ("王贵武照顾烈士母亲二十年——"). Such a block starts where a sentence or another
 * headline has just ended, and holds no sentence itself.
 */
export function headlineBlocksByForm(page: PageContext): Set<number> {
  const { lines } = page;
  const found = new Set<number>();
  // Switched off ("exclaimedTag"), any sentence end closes a statement, as before that rule.
  const closesStatement = (text: string) =>
    page.off.has("exclaimedTag") ? endsSentence(text) : CLOSES_STATEMENT.test(text);
  const startsHere = (i: number) => {
    if (page.marksIndents && lines[i]!.indented) return false;
    if (i === 0 || found.has(i - 1)) return true;
    const previous = lines[i - 1]!.text;
    return closesText(previous) || /[）)]$|——$/.test(previous);
  };
  const ok = (l: Line) =>
    l.width <= 40 &&
    holdsNoSentence(l.text) &&
    !isLeadMarker(l.text) &&
    !isBodyLabel(l.text, page.off) &&
    !isAttribution(l.text, page.off) &&
    !(page.marksIndents && l.indented);
  for (const chunk of headlineChunks(lines, page.off)) for (const i of chunk) found.add(i);
  addBlocksByWidthAndBlanks(lines, found, startsHere, ok, !page.off.has("narrowBlocks"));
  // A title that the text under it opens by repeating, as encyclopaedia articles do ("GRB 090423" /
  // "GRB 090423是一个伽玛射线暴…", "停止！！云雀" / "《停止！！云雀》是…"): a headline whatever its
  // script or punctuation.
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!.text;
    if (lines[i]!.width > 40 || /[。；]/.test(line) || !startsHere(i)) continue;
    // Latin script compared without case: "Real world" over "《real world》为…".
    const next = lines[i + 1]!.text.replace(/^[《“「]/, "").toLowerCase();
    if (next.length > line.length && next.startsWith(line.toLowerCase())) found.add(i);
  }
  const hasBlanks = lines.some((l) => l.blankBefore);
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j]!;
    if (!ok(line)) continue;
    if (endsColumnTag(line.text) && !closesStatement(line.text.replace(/[（(][^（）()]*[）)]$/, ""))) {
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
    if (/——$/.test(line.text) && next && ok(next) && !endsSentence(next.text)) {
      // The kicker may be wrapped over lines of its own ("办了二十年的县图书馆，今年开" /
      // "到夜里九点，读者翻了一番——"): back to where it starts. Only where the page shows it: a
      // page with blanks between its lines prints a headline block whole, with none inside.
      for (let i = j; i > j - MAX_KICKER_LINES && i >= 0 && ok(lines[i]!); i--) {
        if (i < j && (endsSentence(lines[i]!.text) || /——$/.test(lines[i]!.text))) break;
        if (i < j && !(hasBlanks && lines[i + 1]!.blankBefore !== true && next.blankBefore !== true)) break;
        if (startsHere(i)) {
          for (let k = i; k <= j + 1; k++) found.add(k);
          break;
        }
      }
    }
  }
  // A deck opening with "——" under a headline block found by its form ("…（今日谈）" over "——写在
  //春耕时节②") is part of that block, however wide: a body line never opens with a dash pair.
  for (let j = 1; j < lines.length; j++) {
    const deck = lines[j]!;
    if (!found.has(j - 1) || found.has(j) || !/^——/.test(deck.text) || !ok(deck)) continue;
    if (!endsSentence(deck.text) && !hasProsePunct(deck.text)) found.add(j);
  }
  return found;
}

/** Lines a headline block set off by blank lines may hold: kicker, headline over two lines, subtitle. */
const MAX_CHUNK_HEADLINE_LINES = 5;

/**
 * On a page whose blank lines set off layout blocks (not one after every line), a block of a few
 * lines holding no sentence is a headline block, whatever its punctuation ("公安部将增加失效居民
 * 身份证联网核查服务 / 解决“我就是我，是我在办”问题"). Returns the line indexes of each.
 */
function headlineChunks(lines: readonly Line[], off: RulesOff): number[][] {
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
        !isBodyLabel(t, off) &&
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
export function indentsParagraphs(lines: readonly Line[]): boolean {
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
  if (page.off.has("punctuatedBeforeStory")) return false;
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

/** A line that closes no sentence (nor a label's colon) and is not left open on a comma. */
const clauseOnly = (text: string) => !/[。；;！？!?：:]/.test(text) && !/[，、：:,]$/.test(text);

/** How far short of the column, and of the line under it, a line with commas stops to be a headline (em). */
const CLAUSE_HEADLINE_SHORTFALL = 3;

/**
 * A headline (or subhead) with commas standing alone between two texts: "和谐春运，情满回家路" after
 * a story's last sentence, over the next story's first line. A body line stops short of the column
 * only at its paragraph's end, which closes a sentence; so a line after a sentence end (or at the
 * page top), closing none itself nor left open on a comma, at least 3 em short of the column and of
 * the line under it (2 em more on a page that indents paragraphs), is a run of its own. Where it
 * stands inside one story (a subhead, "搭快车，滞销蜂蜜成了抢手货"), the section rules join the text
 * after it back. Measuring against the line under it as well keeps a narrower column's lines, where
 * the page's column is misjudged, in their paragraph. A headline wrapped over two such lines is
 * measured by the line under both ({@link shortClauseRun}).
 */
function shortClauseLine(page: PageContext, i: number): boolean {
  if (page.off.has("shortClauseLine")) return false;
  return shortClauseRun(page, i) > 0 || (i > 0 && shortClauseRun(page, i - 1) === 2);
}

/** How many lines from `i` {@link shortClauseLine} reads as one headline: 0, 1 or, wrapped, 2. */
function shortClauseRun(page: PageContext, i: number): number {
  const { lines } = page;
  const line = lines[i]!;
  const next = lines[i + 1];
  if (page.marksIndents || next === undefined) return 0;
  if (i > 0 && !endsSentence(lines[i - 1]!.text)) return 0;
  if (!clauseOnly(line.text)) return 0;
  const column = columnAfter(lines, i);
  const shortfall = CLAUSE_HEADLINE_SHORTFALL + (page.indented ? INDENT : 0);
  if (column === undefined || line.span > column - shortfall) return 0;
  if (line.span <= next.span - shortfall) return 1;
  // A headline wrapped over two short lines ("河北省政府原党组成员、副" / "省长李谦被开除党籍和公职") is
  // measured against the line under both. Not where that line closes a story with its author's
  // names ("势作了主题分享。 高轩高 龚志浩"): names widen it, so a paragraph's two short last lines
  // above it would pass.
  const under = lines[i + 2];
  const wrapped =
    under !== undefined &&
    splitTrailingPeople(under.text) === undefined &&
    next.span <= column - shortfall &&
    clauseOnly(next.text) &&
    line.span <= under.span - shortfall;
  return wrapped ? 2 : 0;
}

/** Lines of a headline block (kicker, headline, subtitle) set above the indented paragraph under it. */
const MAX_BLOCK_ABOVE_PARAGRAPH = 4;

/**
 * On a page that indents paragraphs, the unindented lines between a sentence end and an indented
 * paragraph, holding no full stop, are a headline block ("我爱你，中国！ / ——庆祝中华人民共和国成 /
 * 立70周年联欢活动侧记"). An exclamation ends a headline line only over its "——" deck: alone, a
 * short line ending in "！" is more often a paragraph's last sentence.
 */
function beforeIndentedParagraph(page: PageContext, i: number): boolean {
  if (page.off.has("beforeIndentedParagraph")) return false;
  const { lines } = page;
  if (!page.marksIndents) return false;
  for (let k = i; k < Math.min(lines.length, i + MAX_BLOCK_ABOVE_PARAGRAPH + 1); k++) {
    const line = lines[k]!;
    if (line.indented) return k > i;
    if (/[。；;]/.test(line.text)) return false;
    const exclaims = /[！？!?][”’」』]*$/.test(line.text);
    if (exclaims && !/^[—-]{1,2}/.test(lines[k + 1]?.text ?? "")) return false;
    if (/[！？!?]/.test(line.text.replace(/[！？!?][”’」』]*$/, ""))) return false;
  }
  return false;
}

/**
 * A headline (or subhead) line: after a sentence end, no clause punctuation, and not the first
 * line of a paragraph that the next line continues at full column width. A first line is as wide
 * as the column or, on pages that indent, two characters short of it; in narrow columns a body
 * line without punctuation is common, so the width and the next line decide, not punctuation.
 */
export function isHeadlineLine(page: PageContext, afterClosed: boolean, i: number): boolean {
  const { lines } = page;
  const line = lines[i]!;
  if (page.marksIndents && line.indented) return false;
  if (isBodyLabel(line.text, page.off) || isAttribution(line.text, page.off)) return false;
  if (beforeIndentedParagraph(page, i)) return true;
  if (hasProsePunct(line.text) || /[：:]$/.test(line.text))
    return punctuatedBeforeStory(page, i) || shortClauseLine(page, i);
  if (countIdeographs(line.text) < 2 || line.width > 40) return false;
  // A sentence is never left open before a new story begins: unpunctuated lines up to a dateline,
  // a byline or the page end are headlines.
  for (let k = i + 1; ; k++) {
    if (k >= lines.length || opensStory(lines, k)) return true;
    // "双方计划投资约64亿元建 / 设咸阳…产业 / 园。该园区…": the first punctuated line closes a
    // sentence within a dozen characters, so the lines before it are that sentence's beginning.
    if (ENDS_CARRIED_SENTENCE.test(lines[k]!.text)) return false;
    // Lines with commas that are a headline over a dateline take the lines above them along
    // ("中央纪委国家监委印发通知要求" / "坚决查处疫情防控工作中失" / "职渎职、挪用救援款物等问题").
    if (hasProsePunct(lines[k]!.text) && punctuatedBeforeStory(page, k)) return true;
    if (hasProsePunct(lines[k]!.text) || k - i > MAX_RUN_LOOKAHEAD) break;
  }
  // A story closed by its byline is over: what follows is a headline (its own, printed after
  // it, or the next story's) or a body that opens with punctuated prose.
  if (afterClosed) return true;
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
