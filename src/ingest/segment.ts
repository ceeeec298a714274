/**
 * Splits a page of extracted text into articles the way an editor reads it: bodies, the headline
 * of each (wherever it was printed), bylines and authors, section subheads kept inside their
 * story, photo captions told apart.
 */
import { collapseSpaces } from "../text/normalize.js";
import type { Article } from "../types.js";
import { type People, splitLeadByline } from "./byline.js";
import { assignByBlocks, assignByRuns, composeTitle, normaliseHeadline } from "./headlines.js";
import { type Block, type HeadlineRun, scanPage } from "./layout.js";
import { blanksMarkBlocks, columnWidth, countIdeographs, endsSentence, type Line, toLines } from "./lines.js";
import { joinParagraphs } from "./reflow.js";
import {
  bigrams,
  type ContentModel,
  continuity,
  createContentModel,
  documentFrequencies,
  trigramCounts,
} from "./similarity.js";

/** One story's body: blocks joined across section subheads. */
interface Body {
  parts: { subheads: Line[]; block: Block }[];
}

/** Above this, text after a subhead is taken to continue the story before it (see `continuity`). */
const SAME_STORY = 0.5;
/** Subheads are a line or two; longer runs of headline lines are other stories' headlines. */
const MAX_SUBHEAD_LINES = 3;
/** Sections of one story are set in one column width, give or take justification scatter. */
const SAME_COLUMN = 2;
/** How much more a run must share with the text before it to be that text's headline (bigram weight). */
const HEADLINE_MARGIN = 2;
/** A subhead is set inside its column; a wider line is another story's headline. */
const SUBHEAD_OVERHANG = 1.5;
/** A left-over headline shorter than this names too little to cut a body by. */
const MIN_ORPHAN_IDEOGRAPHS = 6;
/** Bodies with fewer ideographs are stray fragments (a lone number, a page mark), not stories. */
const MIN_BODY_IDEOGRAPHS = 8;

/** Segments one page of extracted text into articles, in the reading order of their bodies. */
export function segmentPage(text: string): Article[] {
  const lines = toLines(text);
  const { blocks, runs } = scanPage(lines);
  const blanks = blankLayout(lines);
  const wholeHeadlines = !blanks && printsHeadlinesWhole(lines, runs);
  const { bodies, headlineRuns } = joinSections(blocks, runs, blanks, wholeHeadlines);

  const bodyText = bodies.map((b) =>
    b.parts.flatMap((p) => [...p.subheads, ...p.block.lines]).map((l) => l.text),
  );
  const grams = bodyText.map((lines) => bigrams(lines.join("")));
  const model = createContentModel(grams);
  const side = headlineSide(lines, headlineRuns, grams, model);
  const orphans: { run: number; lines: string[] }[] = [];
  const targets = bodies.map((b, i) => ({ grams: grams[i]!, eligible: !isCaption(b) }));
  // Every-line pages set each headline block off by blanks too (see subheadByBlanks).
  // Pages with blank lines set each headline block off by blanks (an every-line page too: a
  // headline block is printed whole, a blank before and after it).
  const headlines = blanks
    ? assignByBlocks(splitAtBlanks(headlineRuns), targets, model)
    : assignByRuns(
        headlineRuns.map((r) => ({
          lines: r.lines.map((l) => l.text),
          before: r.before,
          ...(wholeHeadlines ? { apart: r.lines.map((l, k) => k > 0 && l.blankBefore === true) } : {}),
        })),
        targets,
        model,
        orphans,
        side,
      );
  const titled = bodies.map((body, i) => ({ body, headline: headlines.get(i) }));
  // Last body first, so the positions of the earlier ones hold while bodies are split.
  for (const orphan of [...orphans].sort(
    (a, b) => headlineRuns[b.run]!.before - headlineRuns[a.run]!.before,
  )) {
    const at = headlineRuns[orphan.run]!.before - 1;
    const story = titled[at];
    if (!story?.headline || isCaption(story.body)) continue;
    const split = splitByHeadlines(story.body, story.headline, orphan.lines, model);
    if (split)
      titled.splice(
        at,
        1,
        { body: split[0], headline: story.headline },
        { body: split[1], headline: orphan.lines },
      );
  }
  const stories = side ? foldUntitled(titled, side) : titled;
  return stories.flatMap(({ body, headline }) => toArticles(body, headline));
}

/**
 * Where a page prints every headline on the same side of its body, a body left without one is a
 * section of the story on that side: before the headline when headlines follow their bodies,
 * after it when they lead.
 */
function foldUntitled(
  titled: { body: Body; headline: string[] | undefined }[],
  side: HeadlineSide,
): { body: Body; headline: string[] | undefined }[] {
  const out: { body: Body; headline: string[] | undefined }[] = [];
  let pending: Body["parts"] = [];
  for (const story of titled) {
    if (story.headline === undefined && !isCaption(story.body)) {
      const last = out.at(-1);
      if (side === "before" && last?.headline) last.body.parts.push(...story.body.parts);
      else pending.push(...story.body.parts);
      continue;
    }
    if (story.headline) story.body.parts.unshift(...pending);
    else out.push({ body: { parts: pending }, headline: undefined });
    pending = [];
    out.push(story);
  }
  if (pending.length > 0) out.push({ body: { parts: pending }, headline: undefined });
  return out.filter((s) => s.body.parts.length > 0);
}

/** Least page-rare content (bigram weight) each side of a split must hold of its own headline. */
const MIN_SPLIT_EVIDENCE = 4;

/**
 * Two stories whose bodies ran together with no seam on the page (no dateline, no byline between)
 * show themselves by a headline left over after them, printed after its body: the body is cut at
 * the paragraph start that best parts the words of its own headline (before) from the left-over
 * one's (after).
 */
function splitByHeadlines(
  body: Body,
  headline: readonly string[],
  orphan: readonly string[],
  model: ReturnType<typeof createContentModel>,
): [Body, Body] | undefined {
  if (countIdeographs(orphan.join("")) < MIN_ORPHAN_IDEOGRAPHS) return undefined;
  const own = bigrams(headline.join(""));
  const other = bigrams(orphan.join(""));
  const lines = body.parts.flatMap((p, part) => [
    ...p.subheads.map((l) => ({ part, line: l, subhead: true })),
    ...p.block.lines.map((l) => ({ part, line: l, subhead: false })),
  ]);
  let best: { at: number; value: number } | undefined;
  for (let at = 1; at < lines.length; at++) {
    const starts =
      lines[at]!.part !== lines[at - 1]!.part ||
      (!lines[at]!.subhead && !lines[at - 1]!.subhead && endsSentence(lines[at - 1]!.line.text));
    if (!starts || lines[at]!.subhead !== lines[at - 1]!.subhead) continue;
    const before = bigrams(
      lines
        .slice(0, at)
        .map((x) => x.line.text)
        .join(""),
    );
    const after = bigrams(
      lines
        .slice(at)
        .map((x) => x.line.text)
        .join(""),
    );
    const onlyIn = (probe: ReadonlySet<string>, a: ReadonlySet<string>, b: ReadonlySet<string>) =>
      [...probe].filter((g) => a.has(g) && !b.has(g)).reduce((sum, g) => sum + model.weight(g), 0);
    const mine = onlyIn(own, before, after);
    const theirs = onlyIn(other, after, before);
    if (mine < MIN_SPLIT_EVIDENCE || theirs < MIN_SPLIT_EVIDENCE) continue;
    if (!best || mine + theirs > best.value) best = { at, value: mine + theirs };
  }
  if (!best) return undefined;
  const cut = lines[best.at]!;
  const parts = body.parts;
  const index = parts[cut.part]!.block.lines.indexOf(cut.line);
  if (index <= 0) {
    // At a part boundary (a subhead or a block start): the parts divide as they are.
    return [{ parts: parts.slice(0, cut.part) }, { parts: parts.slice(cut.part) }];
  }
  const block = parts[cut.part]!.block;
  const head: Block = { lines: block.lines.slice(0, index), start: block.start, closed: false };
  if (block.leadByline) head.leadByline = block.leadByline;
  const { leadByline: _, ...rest } = block;
  const tail: Block = { ...rest, lines: block.lines.slice(index), start: "closed" };
  return [
    { parts: [...parts.slice(0, cut.part), { subheads: parts[cut.part]!.subheads, block: head }] },
    { parts: [{ subheads: [], block: tail }, ...parts.slice(cut.part + 1)] },
  ];
}

/**
 * Joins blocks separated by section subheads into one body. A run of headline lines is a subhead
 * only when nothing closed the story before it, nothing opens a new one after it (本报讯, a byline),
 * the lines fit inside the column, the column width carries on, and the text after it continues
 * the story before it.
 */
function joinSections(
  blocks: readonly Block[],
  runs: readonly HeadlineRun[],
  blanks: BlankLayout | undefined,
  wholeHeadlines = false,
): { bodies: Body[]; headlineRuns: HeadlineRun[] } {
  const counts = blocks.map((b) => trigramCounts(b.lines.map((l) => l.text).join("")));
  // Rarity is measured across the stories the page could at most hold (blocks joined wherever a
  // subhead is structurally possible), so a story's own protagonist, repeated in each of its
  // sections, counts as rare, and words shared by different stories count as common.
  const groups: Map<string, number>[] = [];
  blocks.forEach((block, k) => {
    const run = runs.find((r) => r.before === k);
    if (k > 0 && run && mayBeSection(blocks[k - 1]!, block, run))
      groups[groups.length - 1] = addCounts(groups.at(-1)!, counts[k]!);
    else groups.push(new Map(counts[k]));
  });
  const df = documentFrequencies(groups);
  const runBefore = new Map(runs.map((r) => [r.before, r]));
  // A page without blank lines keeps its headlines on one side of their bodies (see headlineSide);
  // one that ends on a headline and does not open with one prints them after.
  const afterSide =
    !blanks && !wholeHeadlines && runBefore.has(blocks.length) && !runBefore.has(0) && blocks.length > 0;
  const bodies: Body[] = [];
  const headlineRuns: HeadlineRun[] = [];
  let storyCounts = new Map<string, number>();
  blocks.forEach((block, k) => {
    const run = runBefore.get(k);
    const body = bodies.at(-1);
    // Where blank lines mark layout blocks, they decide: text with no blank before it continues
    // the body above (a dateline still opens a new story: two bodies ran together at a seam), and
    // a run set off by blanks on both sides is a headline block.
    const byBlanks = body && blanks ? blanks.sameBlock(blocks[k - 1]!, block, run) : undefined;
    const joins =
      isVerseOfCartoon(block, run) ||
      (byBlanks === true
        ? run !== undefined || block.start !== "marker"
        : byBlanks === false
          ? false
          : run &&
            body &&
            (isSectionMark(run) ||
              (wholeHeadlines && subheadByBlanks(blocks[k - 1]!, block, run)) ||
              (afterSide && announcesNext(blocks[k - 1]!, block, run)) ||
              continuesStory(body, block, run, storyCounts, counts[k]!, df, groups.length)));
    if (body && joins) {
      body.parts.push({ subheads: run?.lines ?? [], block });
      storyCounts = addCounts(storyCounts, counts[k]!);
      return;
    }
    if (run) headlineRuns.push({ lines: run.lines, before: bodies.length });
    bodies.push({ parts: [{ subheads: [], block }] });
    storyCounts = new Map(counts[k]);
  });
  const last = runBefore.get(blocks.length);
  if (last) headlineRuns.push({ lines: last.lines, before: bodies.length });
  return { bodies, headlineRuns };
}

function continuesStory(
  body: Body,
  block: Block,
  run: HeadlineRun,
  storyCounts: ReadonlyMap<string, number>,
  blockCounts: ReadonlyMap<string, number>,
  df: ReadonlyMap<string, number>,
  stories: number,
): boolean {
  const previous = body.parts.at(-1)!.block;
  if (!mayBeSection(previous, block, run)) return false;
  // A subhead announces the section after it; lines about the text before are that story's
  // headline, printed after its body.
  const runGrams = bigrams(run.lines.map((l) => l.text).join(""));
  const model = createContentModel([
    bigrams(previous.lines.map((l) => l.text).join("")),
    bigrams(block.lines.map((l) => l.text).join("")),
  ]);
  const aboutBefore = model.shared(runGrams, bigrams(previous.lines.map((l) => l.text).join("")));
  const aboutAfter = model.shared(runGrams, bigrams(block.lines.map((l) => l.text).join("")));
  if (aboutBefore > aboutAfter + HEADLINE_MARGIN) return false;
  return continuity(storyCounts, blockCounts, df, stories) >= SAME_STORY;
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
 * of a law ("第三章 商用密码") and one of a numbered series ("镜头二", "亮点 3").
 */
function isSectionMark(run: HeadlineRun): boolean {
  const first = run.lines[0]!.text.replace(/\s/g, "");
  return /^第[一二三四五六七八九十百\d]+[章节编条部分]|^(?:镜头|亮点|片段|场景|关键词)[一二三四五六七八九十\d]/.test(
    first,
  );
}

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
  if (texts.some((t) => /（[^（）]{2,30}）$/.test(t)) || /（[^（）]*$/.test(texts.join(""))) return false;
  return run.lines.length >= 2 && run.lines.every((l, k) => k === 0 || l.blankBefore);
}

/**
 * A page with a blank after (nearly) every line says something by its blanks only when it prints
 * headline blocks whole, with no blank inside (as the real pages and the seed page do): some
 * headline run of two lines or more shows two lines with no blank between. A page with a blank
 * after every line without exception says nothing by them.
 */
function printsHeadlinesWhole(lines: readonly Line[], runs: readonly HeadlineRun[]): boolean {
  if (!lines.some((l) => l.blankBefore)) return false;
  return runs.some((r) => r.lines.some((l, k) => k > 0 && !l.blankBefore));
}

/**
 * On a page that prints headlines after their bodies, a run between two blocks that is about the
 * block after it cannot be the headline of the one before: it is a subhead announcing its section.
 */
function announcesNext(previous: Block, block: Block, run: HeadlineRun): boolean {
  if (!mayBeSection(previous, block, run)) return false;
  const runGrams = bigrams(run.lines.map((l) => l.text).join(""));
  const before = bigrams(previous.lines.map((l) => l.text).join(""));
  const after = bigrams(block.lines.map((l) => l.text).join(""));
  const model = createContentModel([before, after]);
  return model.shared(runGrams, after) > model.shared(runGrams, before) + HEADLINE_MARGIN;
}

/** The layout allows `run` to be a subhead between `previous` and `block` of one story. */
function mayBeSection(previous: Block, block: Block, run: HeadlineRun): boolean {
  if (previous.closed || block.start !== "headline" || block.leadByline) return false;
  if (run.lines.length > MAX_SUBHEAD_LINES) return false;
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

/** A photo caption: prose closed by a photo credit, with no byline of its own. */
function isCaption(body: Body): boolean {
  const first = body.parts[0]!.block;
  const last = body.parts.at(-1)!.block;
  return last.credit !== undefined && first.start !== "marker" && !first.leadByline && !last.endByline;
}

/**
 * The article of a body, and the photo caption set right after it when a credit closed the body:
 * a story never ends in a photo credit, so its last paragraph is the caption.
 */
function toArticles(body: Body, headline: string[] | undefined): Article[] {
  const first = body.parts[0]!.block;
  const last = body.parts.at(-1)!.block;
  const paragraphs: string[] = [];
  let lead: People | undefined;
  for (const { subheads, block } of body.parts) {
    paragraphs.push(...subheads.map((l) => normaliseHeadline(l.text)));
    const joined = joinParagraphs(
      block.lines.map((l) => l.text),
      { width: columnWidth(block.lines.map((l) => l.width)) },
    );
    if (block === first && block.start === "marker" && joined[0] !== undefined) {
      const split = splitLeadByline(joined[0]);
      if (split) {
        lead = split.byline;
        joined[0] = split.rest;
      }
    }
    paragraphs.push(...joined.map(collapseSpaces).filter(Boolean));
  }
  const out: Article[] = [];
  const caption = isCaption(body);
  if (last.credit !== undefined && !caption && paragraphs.length > 1) {
    out.push(captionOf([paragraphs.pop()!], last.credit));
  }
  if (caption) return [captionOf(paragraphs, last.credit!)];

  const text = paragraphs.join("\n");
  if (countIdeographs(text) < MIN_BODY_IDEOGRAPHS) return out;
  const signers = [lead, first.leadByline, last.endByline, last.trailing].filter((p) => p !== undefined);
  const byline = signers[0]?.printed;
  const { title, subtitle } = headline ? composeTitle(headline) : { title: "" };
  const credits = body.parts.flatMap((p) => p.block.credits ?? []);
  out.unshift({
    title,
    ...(subtitle === undefined ? {} : { subtitle }),
    ...(byline === undefined ? {} : { byline }),
    authors: [...new Set(signers.flatMap((p) => p.names))],
    ...(credits.length === 0 ? {} : { credits }),
    kind: "article",
    text,
  });
  return out;
}

/** A caption keeps its credit as its last paragraph and as its byline; credits name no authors. */
function captionOf(paragraphs: string[], credit: string): Article {
  return {
    title: "",
    byline: credit,
    authors: [],
    kind: "caption",
    text: [...paragraphs, credit].join("\n"),
  };
}

/**
 * How a page uses blank lines. Extractors either leave a blank after (most) lines (no evidence), none
 * at all, or one between layout blocks (headline blocks, bodies): then a body is one block, and a
 * short line inside it, with no blank before or after, is a subhead, never another story's
 * headline.
 */
interface BlankLayout {
  /**
   * Whether `block` continues `previous` in one layout block (true), or a blank line stands both
   * before and after the headline run between them (false); undefined when the blanks do not say.
   */
  sameBlock(previous: Block, block: Block, run: HeadlineRun | undefined): boolean | undefined;
}

function blankLayout(lines: readonly Line[]): BlankLayout | undefined {
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

/** Shared content (bigram weight, about one page-unique bigram) by which a line names one body over another. */
const SIDE_MARGIN = 1;

/** Which side of its body every headline on the page stands, where the page shows it. */
export type HeadlineSide = "before" | "after";

/**
 * A page without blank lines keeps each headline on one side of its body throughout (see
 * ../shared/eval/real-pages/README.md, and a PDF of one column reads the same way): it leads when
 * the page opens with a headline, it follows when the page ends with one. Undefined when the page
 * has blank lines or shows both or neither.
 */
function headlineSide(
  lines: readonly Line[],
  runs: readonly HeadlineRun[],
  grams: readonly ReadonlySet<string>[],
  model: ContentModel,
): HeadlineSide | undefined {
  if (lines.some((l) => l.blankBefore) || grams.length === 0) return undefined;
  const leads = runs.some((r) => r.before === 0);
  const follows = runs.some((r) => r.before === grams.length);
  if (leads === follows) return undefined;
  const side = leads ? "before" : "after";
  // A run between two bodies that plainly names the one on the other side shows a page that
  // does not keep to one side.
  const contradicted = runs.some((r) => {
    if (r.before === 0 || r.before === grams.length) return false;
    return r.lines.some((l) => {
      const line = bigrams(l.text);
      const before = model.shared(line, grams[r.before - 1]!);
      const after = model.shared(line, grams[r.before]!);
      return side === "before" ? before > after + SIDE_MARGIN : after > before + SIDE_MARGIN;
    });
  });
  return contradicted ? undefined : side;
}

/** Headline runs cut where a blank line stands: on a page whose blanks mark blocks, each is one headline block. */
function splitAtBlanks(runs: readonly HeadlineRun[]): { lines: string[]; before: number }[] {
  return runs.flatMap((r) => {
    const parts: { lines: string[]; before: number }[] = [];
    r.lines.forEach((l, k) => {
      if (k === 0 || l.blankBefore) parts.push({ lines: [], before: r.before });
      parts.at(-1)!.lines.push(l.text);
    });
    return parts;
  });
}
