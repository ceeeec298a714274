/**
 * Splits a page of extracted text into articles the way an editor reads it: bodies, the headline
 * of each (wherever it was printed), bylines and authors, section subheads kept inside their
 * story, photo captions told apart.
 */
import { collapseSpaces } from "../text/normalize.js";
import type { Article } from "../types.js";
import { type People, splitLeadByline } from "./byline.js";
import { withoutColumnTag } from "./column-tag.js";
import { foldDigests, headlineLineOf, printedSide } from "./digests.js";
import { assignByBlocks, assignByRuns, composeTitle, normaliseHeadline } from "./headlines.js";
import { type Block, type HeadlineRun, scanPage } from "./layout.js";
import { columnWidth, countIdeographs, endsSentence, type Line, toLines } from "./lines.js";
import { joinParagraphs } from "./reflow.js";
import {
  type Body,
  blankLayout,
  joinSections,
  printsHeadlinesWhole,
  type SectionObserver,
} from "./sections.js";
import { ALL_RULES_ON, type RulesOff } from "./segment-rules.js";
import { bigrams, type ContentModel, createContentModel } from "./similarity.js";

/** A left-over headline shorter than this names too little to cut a body by. */
const MIN_ORPHAN_IDEOGRAPHS = 6;
/** Bodies with fewer ideographs are stray fragments (a lone number, a page mark), not stories. */
const MIN_BODY_IDEOGRAPHS = 8;

export interface SegmentOptions {
  /** Sees (and may override) each subhead-or-headline call between two blocks (see `SectionObserver`). */
  observeSection?: SectionObserver;
  /** Rules to switch off, to measure what each adds (segment-rules.ts); none by default. */
  rulesOff?: RulesOff;
}

/** Segments one page of extracted text into articles, in the reading order of their bodies. */
export function segmentPage(text: string, options: SegmentOptions = {}): Article[] {
  const lines = toLines(text);
  const off = options.rulesOff ?? ALL_RULES_ON;
  const { blocks, runs } = scanPage(lines, off);
  const blanks = blankLayout(lines);
  const wholeHeadlines = !off.has("wholeHeadlines") && !blanks && printsHeadlinesWhole(lines, runs);
  const { bodies, headlineRuns } = joinSections(
    blocks,
    runs,
    blanks,
    wholeHeadlines,
    options.observeSection,
    off,
  );

  const bodyText = bodies.map((b) =>
    b.parts.flatMap((p) => [...p.subheads, ...p.block.lines]).map((l) => l.text),
  );
  const grams = bodyText.map((lines) => bigrams(lines.join("")));
  const model = createContentModel(grams);
  const side = headlineSide(lines, headlineRuns, grams, model);
  const orphans: { run: number; lines: string[] }[] = [];
  const targets = bodies.map((b, i) => ({ grams: grams[i]!, eligible: !isCaption(b) }));
  // Where blanks set off layout blocks, each headline block is one; on a page with a blank after
  // every line that prints its headline blocks whole (printsHeadlinesWhole), a run divides at its
  // blanks only; on other pages, where a headline can end and the next begin.
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
  const printed = new Map(titled.map((story, i) => [story, printedSide(story.headline, i, headlineRuns)]));
  // Last body first, so the positions of the earlier ones hold while bodies are split.
  for (const orphan of [...orphans].sort(
    (a, b) => headlineRuns[b.run]!.before - headlineRuns[a.run]!.before,
  )) {
    const at = headlineRuns[orphan.run]!.before - 1;
    const story = titled[at];
    if (off.has("splitByHeadlines") || !story?.headline || isCaption(story.body)) continue;
    const split = splitByHeadlines(story.body, story.headline, orphan.lines, model);
    if (split)
      titled.splice(
        at,
        1,
        { body: split[0], headline: story.headline },
        { body: split[1], headline: orphan.lines },
      );
  }
  const items = off.has("digests") ? titled : foldDigests(titled, printed, headlineLineOf(headlineRuns));
  let folded = items;
  if (side && !off.has("foldUntitled")) folded = foldUntitled(items, side);
  else if (!side && !off.has("columnBreaks")) folded = foldColumnBreaks(items);
  const stories = off.has("leadIns") ? folded : joinLeadIns(folded);
  return stories.flatMap(({ body, headline }) => toArticles(body, headline));
}

type Story = { body: Body; headline: string[] | undefined };

/** The stories with each one that `continues` the story before it appended to that story's body. */
function joinOnto(stories: readonly Story[], continues: (last: Story, story: Story) => boolean): Story[] {
  const out: Story[] = [];
  for (const story of stories) {
    const last = out.at(-1);
    if (last && continues(last, story)) last.body.parts.push(...story.body.parts);
    else out.push(story);
  }
  return out;
}

/**
 * A body with no headline, not closed by a byline or credit, followed by another with no headline
 * that opens with a dateline: the lead-in of that story (a quote or a headline set like text above
 * its dateline, as front pages print them), not a story of its own.
 */
function joinLeadIns(stories: readonly Story[]): Story[] {
  return joinOnto(
    stories,
    (last, story) =>
      !last.headline &&
      !story.headline &&
      !isCaption(last.body) &&
      !last.body.parts.at(-1)!.block.closed &&
      story.body.parts[0]!.block.start === "marker",
  );
}

/**
 * A body left without a headline that starts only where the column width seems to change, after a
 * body that nothing closed: the text before it goes on. Two stories run together only where the
 * page shows the seam, a dateline or a closing byline or credit (../shared/eval/real-pages/README.md);
 * a width change alone is a one-line paragraph or a short block misread.
 */
function foldColumnBreaks(stories: readonly Story[]): Story[] {
  return joinOnto(
    stories,
    (last, story) =>
      story.headline === undefined &&
      story.body.parts[0]!.block.start === "column" &&
      !isCaption(story.body) &&
      !isCaption(last.body) &&
      !last.body.parts.at(-1)!.block.closed,
  );
}

/**
 * Where a page prints every headline on the same side of its body, a body left without one is a
 * section of the story on that side: before the headline when headlines follow their bodies,
 * after it when they lead.
 */
function foldUntitled(titled: Story[], side: HeadlineSide): Story[] {
  const out: Story[] = [];
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
 * A photo caption: prose closed by a photo credit, with no byline of its own, in one part. A story of
 * several parts whose last one a photo credit closes keeps its text; its last paragraph is the
 * caption (toArticles).
 */
function isCaption(body: Body): boolean {
  if (body.parts.length !== 1) return false;
  const { block } = body.parts[0]!;
  return block.credit !== undefined && block.start !== "marker" && !block.leadByline && !block.endByline;
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

/** Shared content (bigram weight, about one page-unique bigram) by which a line names one body over another. */
const SIDE_MARGIN = 1;

/** Runs that must name the body on one side, none the other, to show the side of a page whose ends do not. */
const MIN_SIDE_VOTES = 2;

/** Which side of its body every headline on the page stands, where the page shows it. */
export type HeadlineSide = "before" | "after";

/**
 * A page without blank lines keeps each headline on one side of its body throughout (see
 * ../shared/eval/real-pages/README.md, and a PDF of one column reads the same way): it leads when
 * the page opens with a headline, it follows when the page ends with one; when its ends show both
 * or neither, the runs between bodies may show it. Undefined when the page has blank lines or
 * nothing shows the side.
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
  // What each run between two bodies names plainly: the body before it or the one after.
  const names = (r: HeadlineRun, side: HeadlineSide) =>
    r.lines.some((l) => {
      // A column tag names the series, not the story (see assignByBlocks).
      const line = bigrams(withoutColumnTag(l.text));
      const before = model.shared(line, grams[r.before - 1]!);
      const after = model.shared(line, grams[r.before]!);
      return side === "after" ? before > after + SIDE_MARGIN : after > before + SIDE_MARGIN;
    });
  const inner = runs.filter((r) => r.before > 0 && r.before < grams.length);
  if (leads === follows) {
    // The page's ends do not show the side (a headline the reader cannot tell from a sentence,
    // "“为中国加油！”", ends it): the runs between bodies do, when they all agree.
    const after = inner.filter((r) => names(r, "after")).length;
    const before = inner.filter((r) => names(r, "before")).length;
    if (after >= MIN_SIDE_VOTES && before === 0) return "after";
    if (before >= MIN_SIDE_VOTES && after === 0) return "before";
    return undefined;
  }
  const side = leads ? "before" : "after";
  // A run between two bodies that plainly names the one on the other side shows a page that
  // does not keep to one side.
  const contradicted = inner.some((r) => names(r, side === "before" ? "after" : "before"));
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
