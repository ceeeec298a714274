/**
 * Which blocks of a page form one story: a run of headline lines between two blocks is either a
 * section subhead inside one story or the headline of another, told by what closed the block
 * before, what opens the one after, the column, the page's blank lines and the words.
 */

import { carriesColumnTag } from "./column-tag.js";
import type { Block, HeadlineRun } from "./layout.js";
import { blanksMarkBlocks, columnWidth, type Line } from "./lines.js";
import { type SectionDecision, sectionFeatures, sectionProbability } from "./section-model.js";
import { ALL_RULES_ON, type RulesOff } from "./segment-rules.js";
import { bigrams, continuity, createContentModel, documentFrequencies, trigramCounts } from "./similarity.js";

/** One story's body: blocks joined across section subheads. */
export interface Body {
  parts: { subheads: Line[]; block: Block }[];
}

/** Above this, text after a subhead is taken to continue the story before it (see `continuity`). */
const SAME_STORY = 0.5;
/** Subheads are a line or two; longer runs of headline lines are other stories' headlines. */
const MAX_SUBHEAD_LINES = 3;
/** A section's subhead over its reporter's byline: a line or two. */
const MAX_SUBHEAD_LINES_OVER_BYLINE = 2;
/** Sections of one story are set in one column width, give or take justification scatter. */
const SAME_COLUMN = 2;
/** How much more a run must share with the text before it to be that text's headline (bigram weight). */
const HEADLINE_MARGIN = 2;
/** A subhead is set inside its column; a wider line is another story's headline. */
const SUBHEAD_OVERHANG = 1.5;
/**
 * Joins blocks separated by section subheads into one body. A run of headline lines is a subhead
 * only when nothing closed the story before it, nothing opens a new one after it (本报讯, a byline),
 * the lines fit inside the column, the column width carries on, and the text after it continues
 * the story before it.
 */
export function joinSections(
  blocks: readonly Block[],
  runs: readonly HeadlineRun[],
  blanks: BlankLayout | undefined,
  wholeHeadlines = false,
  observe?: SectionObserver,
  off: RulesOff = ALL_RULES_ON,
): { bodies: Body[]; headlineRuns: HeadlineRun[] } {
  const story = storyContinuity(blocks, runs);
  const runBefore = new Map(runs.map((r) => [r.before, r]));
  // A page without blank lines keeps its headlines on one side of their bodies (see headlineSide);
  // one that ends on a headline and does not open with one prints them after.
  const afterSide =
    !blanks && !wholeHeadlines && runBefore.has(blocks.length) && !runBefore.has(0) && blocks.length > 0;
  const bodies: Body[] = [];
  const headlineRuns: HeadlineRun[] = [];
  // Where blanks mark blocks they part a panel's pieces from the stories set after it.
  const panel = off.has("panels") ? new Set<number>() : panelSections(blocks);
  blocks.forEach((block, k) => {
    const run = runBefore.get(k);
    const body = bodies.at(-1);
    // Where blank lines mark layout blocks, they decide: text with no blank before it continues
    // the body above (a dateline still opens a new story: two bodies ran together at a seam), and
    // a run set off by blanks on both sides is a headline block.
    const byBlanks = body && blanks ? blanks.sameBlock(blocks[k - 1]!, block, run) : undefined;
    // A panel's pieces are one story; no rule or model is asked (panelSections).
    const panelled = body !== undefined && !blanks && panel.has(k);
    let joins =
      panelled ||
      (!off.has("cartoonVerses") && isVerseOfCartoon(block, run)) ||
      (byBlanks === true
        ? run !== undefined || block.start !== "marker"
        : byBlanks === false
          ? false
          : run &&
            body &&
            ((!off.has("sectionMarks") && isSectionMark(run)) ||
              (!off.has("subheadByBlanks") &&
                wholeHeadlines &&
                subheadByBlanks(blocks[k - 1]!, block, run)) ||
              (!off.has("announcesNext") && afterSide && announcesNext(blocks[k - 1]!, block, run)) ||
              continuesStory(body, block, run, () => story.continuity(k))));
    if (run && body && !panelled) {
      // Where the blanks do not say and the layout allows a subhead, the section model weighs the
      // rules' verdict with what they cannot see (section-model.ts).
      const modelled =
        !blanks &&
        !isSectionMark(run) &&
        mayBeSection(blocks[k - 1]!, block, run) &&
        !(afterSide && namesBefore(blocks[k - 1]!, block, run));
      const decision: SectionDecision = { run, runs, block, rules: Boolean(joins) };
      if (modelled && !off.has("sectionModel")) joins = sectionProbability(sectionFeatures(decision)) >= 0.5;
      const told = observe?.({ ...decision, previous: blocks[k - 1]!, modelled, joins: Boolean(joins) });
      if (told !== undefined) joins = told;
    }
    if (body && joins) {
      body.parts.push({ subheads: run?.lines ?? [], block });
      story.join(k);
      return;
    }
    if (run) headlineRuns.push({ lines: run.lines, before: bodies.length });
    bodies.push({ parts: [{ subheads: [], block }] });
    story.start(k);
  });
  const last = runBefore.get(blocks.length);
  if (last) headlineRuns.push({ lines: last.lines, before: bodies.length });
  return { bodies, headlineRuns };
}

/** A credit naming who compiled a piece from someone's remarks: "（本报记者 徐 隽采访整理）". */
const COMPILED = /整理[）)]?$/;
/** Compiled pieces in a row that make a panel: a series, not two neighbours. */
const MIN_PANEL_PIECES = 3;

/**
 * Blocks that continue a panel: remarks of several people, each piece under its own heads and
 * closed by a compiler's credit (代表委员热议, 话小康), which the paper runs as one article. Between
 * two compiled pieces of a panel nothing else closes a block or opens one with a dateline; with
 * three or more pieces in a row, every block after the first piece's end, up to the last
 * piece's end, continues the story before it.
 */
function panelSections(blocks: readonly Block[]): Set<number> {
  const compiled = (b: Block) => b.credits?.some((c) => COMPILED.test(c.trim())) === true;
  const joins = new Set<number>();
  let ends: number[] = [];
  const close = () => {
    if (ends.length >= MIN_PANEL_PIECES) for (let k = ends[0]! + 1; k <= ends.at(-1)!; k++) joins.add(k);
    ends = [];
  };
  blocks.forEach((block, k) => {
    if (
      ends.length > 0 &&
      (block.start === "marker" || block.leadByline || (block.closed && !compiled(block)))
    )
      close();
    if (compiled(block)) ends.push(k);
  });
  close();
  return joins;
}

/** One call between two blocks with a run of headline lines between them, as made. */
export interface SectionCall extends SectionDecision {
  /** The block before the run. */
  previous: Block;
  /** The section model made the call (else the blank lines or the layout did). */
  modelled: boolean;
  /** The call: one story. */
  joins: boolean;
}

/**
 * Sees each call (training reads the modelled ones); a boolean returned overrides it, so an
 * evaluation can measure what perfect calls would give (`eval:segment --oracle`).
 */
export type SectionObserver = (call: SectionCall) => boolean | undefined;

/**
 * How well each block continues the story built so far (see `continuity`), worked out only when a
 * call needs it: most pages (one article, or stories parted by datelines) never ask, and counting
 * every block's trigrams up front was a third of segmenting a news page.
 */
function storyContinuity(blocks: readonly Block[], runs: readonly HeadlineRun[]) {
  const counts = new Map<number, Map<string, number>>();
  const countsOf = (k: number) => {
    let c = counts.get(k);
    if (!c) {
      c = trigramCounts(blocks[k]!.lines.map((l) => l.text).join(""));
      counts.set(k, c);
    }
    return c;
  };
  let rarity: { df: Map<string, number>; stories: number } | undefined;
  // Rarity is measured across the stories the page could at most hold (blocks joined wherever a
  // subhead is structurally possible), so a story's own protagonist, repeated in each of its
  // sections, counts as rare, and words shared by different stories count as common.
  const rarityOf = () => {
    if (rarity) return rarity;
    const groups: Map<string, number>[] = [];
    blocks.forEach((block, k) => {
      const run = runs.find((r) => r.before === k);
      if (k > 0 && run && mayBeSection(blocks[k - 1]!, block, run))
        groups[groups.length - 1] = addCounts(groups.at(-1)!, countsOf(k));
      else groups.push(new Map(countsOf(k)));
    });
    rarity = { df: documentFrequencies(groups), stories: groups.length };
    return rarity;
  };
  // The blocks of the story so far, and their counts summed over the first `summed` of them.
  let story: number[] = [];
  let sum = new Map<string, number>();
  let summed = 0;
  return {
    start(k: number) {
      story = [k];
      summed = 0;
    },
    join(k: number) {
      story.push(k);
    },
    continuity(k: number): number {
      for (; summed < story.length; summed++)
        sum = summed === 0 ? new Map(countsOf(story[0]!)) : addCounts(sum, countsOf(story[summed]!));
      const { df, stories } = rarityOf();
      return continuity(sum, countsOf(k), df, stories);
    },
  };
}

function continuesStory(body: Body, block: Block, run: HeadlineRun, sameStory: () => number): boolean {
  const previous = body.parts.at(-1)!.block;
  if (!mayBeSection(previous, block, run)) return false;
  // A subhead announces the section after it; lines about the text before are that story's
  // headline, printed after its body.
  if (namesBefore(previous, block, run)) return false;
  return sameStory() >= SAME_STORY;
}

/**
 * A cartoon's verses under "这正是：", set in a narrower column than the text above them: the end
 * of that piece (its credit, "曹 一图 石 羚文", follows them), not a text of their own.
 */
function isVerseOfCartoon(block: Block, run: HeadlineRun | undefined): boolean {
  return run === undefined && /^这正是[：:]/.test(block.lines[0]!.text.trim());
}

/**
 * Runs that only a section of a story opens with, never a story's headline: a chapter or article
 * of a law ("第三章 商用密码"), one of a numbered series ("镜头二", "亮点 3"), and the reporter's
 * notes closing a report ("■记者手记" over their own subhead, "有心又有为（记者手记）"), which the
 * paper runs as part of it.
 */
function isSectionMark(run: HeadlineRun): boolean {
  const first = run.lines[0]!.text.replace(/\s/g, "");
  if (run.lines.some((l) => NOTES.test(l.text.replace(/\s/g, "")))) return true;
  return /^第[一二三四五六七八九十百\d]+[章节编条部分]|^(?:镜头|亮点|片段|场景|关键词)[一二三四五六七八九十\d]/.test(
    first,
  );
}

/** The label of a reporter's notes on the report above: "■记者手记", or a tag, "有心又有为（记者手记）". */
const NOTES = /^[■●◆▲□◇▶►]?(?:记者|编辑|采访)(?:手记|札记)$|[（(](?:记者|编辑|采访)(?:手记|札记)[）)]$/;

/**
 * On a page that sets a blank after every line, a headline block is printed whole, with no blank
 * inside it and one on each side, while a subhead is set like body lines, a blank after each. So a
 * run of two or more lines each set apart ("崔肖（1995年生）——" over "恨不得插上翅膀回去支援") is a
 * story's section heads, unless it carries a column tag, which only headlines do. (The other
 * reading, the headline of the body above beside that of the body below, is the rarer one on
 * the real dev pages.)
 */
function subheadByBlanks(previous: Block, block: Block, run: HeadlineRun): boolean {
  if (previous.closed || block.start !== "headline" || block.leadByline) return false;
  const texts = run.lines.map((l) => l.text.trim());
  if (carriesColumnTag(texts)) return false;
  return run.lines.length >= 2 && run.lines.every((l, k) => k === 0 || l.blankBefore);
}

/**
 * A line under the first opening with a dash pair: a subtitle deck ("祖国万岁 人民万岁" over "——庆祝
 * 新中国成立七十周年联欢活动…"), which only a story's headline block carries. (A feature's section
 * heads end their kicker with the dashes instead: "崔肖（1995年生）——" over its line.)
 */
function opensDeck(texts: readonly string[]): boolean {
  return texts.some((t, k) => k > 0 && t.startsWith("——"));
}

/**
 * A page with a blank after (nearly) every line says something by its blanks only when it prints
 * headline blocks whole, with no blank inside (as the real pages and the seed page do): some
 * headline run of two lines or more shows two lines with no blank between. A page with a blank
 * after every line without exception says nothing by them.
 */
export function printsHeadlinesWhole(lines: readonly Line[], runs: readonly HeadlineRun[]): boolean {
  if (!lines.some((l) => l.blankBefore)) return false;
  return runs.some((r) => r.lines.some((l, k) => k > 0 && !l.blankBefore));
}

/**
 * On a page that prints headlines after their bodies, a run between two blocks that is about the
 * block after it cannot be the headline of the one before: it is a subhead announcing its section.
 */
function announcesNext(previous: Block, block: Block, run: HeadlineRun): boolean {
  if (!mayBeSection(previous, block, run)) return false;
  const { before, after } = sharedEitherSide(previous, block, run);
  return after > before + HEADLINE_MARGIN;
}

/**
 * The mirror of {@link announcesNext}: a run about the block before it is that block's headline,
 * printed after it ("2019年赴菲律宾中国游客同比增长近四成" under its brief), never a subhead of the
 * story (`continuesStory`); on a page that prints headlines after their bodies the section model is
 * not asked either, whatever the run's siblings, and the rules' verdict stands.
 */
function namesBefore(previous: Block, block: Block, run: HeadlineRun): boolean {
  const { before, after } = sharedEitherSide(previous, block, run);
  return before > after + HEADLINE_MARGIN;
}

/** What the run's words share with the block before it and with the block after it (bigram weight). */
function sharedEitherSide(
  previous: Block,
  block: Block,
  run: HeadlineRun,
): { before: number; after: number } {
  const runGrams = bigrams(run.lines.map((l) => l.text).join(""));
  const before = bigrams(previous.lines.map((l) => l.text).join(""));
  const after = bigrams(block.lines.map((l) => l.text).join(""));
  const model = createContentModel([before, after]);
  return { before: model.shared(runGrams, before), after: model.shared(runGrams, after) };
}

/**
 * The layout allows `run` to be a subhead between `previous` and `block` of one story. A byline line
 * under the run ("本报记者 X") does not rule it out: a feature gathering several reporters' pieces
 * sets each under its subhead and its reporter (on the tune half laid out again, 17 of 24 such runs
 * on pages with a blank after every line stood inside one article).
 */
function mayBeSection(previous: Block, block: Block, run: HeadlineRun): boolean {
  if (previous.closed || block.start !== "headline") return false;
  if (run.lines.length > MAX_SUBHEAD_LINES) return false;
  // Over a byline, a subhead is a line or two: a longer run there is a story's headline block
  // ("关注地方两会" / "黑龙江" / "报告起草听听网友心里话"), as on the tune half laid out again.
  if (block.leadByline && run.lines.length > MAX_SUBHEAD_LINES_OVER_BYLINE) return false;
  // A column tag names a series of stories; subheads carry none. On the tune half's block pages
  // laid out again without blanks, the model had joined six tagged headlines to the story above.
  if (carriesColumnTag(run.lines.map((l) => l.text)) || opensDeck(run.lines.map((l) => l.text.trim())))
    return false;
  const before = columnWidth(previous.lines.map((l) => l.width));
  const after = columnWidth(block.lines.map((l) => l.width));
  if (before === undefined || after === undefined || Math.abs(before - after) > SAME_COLUMN) return false;
  return run.lines.every((l) => l.width <= Math.max(before, after) + SUBHEAD_OVERHANG);
}

function addCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const sum = new Map(a);
  for (const [g, c] of b) sum.set(g, (sum.get(g) ?? 0) + c);
  return sum;
}

/**
 * How a page uses blank lines. Extractors either leave a blank after (most) lines (no evidence), none
 * at all, or one between layout blocks (headline blocks, bodies): then a body is one block, and a
 * short line inside it, with no blank before or after, is a subhead, never another story's
 * headline.
 */
export interface BlankLayout {
  /**
   * Whether `block` continues `previous` in one layout block (true), or a blank line stands both
   * before and after the headline run between them (false); undefined when the blanks do not say.
   */
  sameBlock(previous: Block, block: Block, run: HeadlineRun | undefined): boolean | undefined;
}

export function blankLayout(lines: readonly Line[]): BlankLayout | undefined {
  if (!blanksMarkBlocks(lines)) return undefined;
  const blankIn = (from: number, to: number) => lines.slice(from + 1, to + 1).some((l) => l.blankBefore);
  return {
    sameBlock(previous, block, run) {
      const last = previous.lines.at(-1)!.index;
      const first = block.lines[0]!.index;
      if (!blankIn(last, first)) return true;
      if (!run) return undefined;
      const runFirst = run.lines[0]!.index;
      const runLast = run.lines.at(-1)!.index;
      return blankIn(last, runFirst) && blankIn(runLast, first) ? false : undefined;
    },
  };
}
