/**
 * Reading order for a newspaper page's text items: bands stacked down the page, columns inside
 * each band, lines inside each column. Works on positioned text alone, so it is separate from
 * the PDF library and tested through the fixtures.
 *
 * The page is cut recursively (an XY-cut adapted to newspapers):
 * 1. A wide horizontal gap across the whole region separates bands (stories stacked on the page).
 *    A band holding only headlines stays with the columns below it when it crosses none of their
 *    gutters (side-by-side stories whose headlines happen to align).
 * 2. Inside a band, vertical gutters that run its full height separate columns, read left to right.
 * 3. Where a headline spans columns (and so blocks the gutter), the headline rows are cut off from
 *    the rows above and below, and those are cut into columns again.
 * 4. What is left is one column: its items are grouped into lines by baseline.
 */

/** A text item in PDF user space (origin bottom left, y up), as the PDF library gives it. */
export interface PositionedText {
  str: string;
  /** Left edge of the baseline, in points. */
  x: number;
  /** Baseline, in points from the bottom of the page. */
  y: number;
  /** Advance width in points. */
  width: number;
  /** Font size in points. */
  size: number;
}

/** One visual line, in reading order. */
export interface PdfLine {
  text: string;
  /** Largest font size on the line, in points. */
  fontSize: number;
  /** Left edge and baseline of the line, in points (PDF user space). */
  x: number;
  y: number;
  /** Width of the line from its left edge to the right edge of its last item, in points. */
  width: number;
  /** 1-based page number. */
  page: number;
  /** Reading-order index of the column (or spanning headline block) the line was read in, per page. */
  block: number;
  /** Set in a font clearly larger than the page's body text. */
  headline: boolean;
}

/** Estimated advance of a Latin letter or digit, in em (fonts range from 0.5 to 0.6). */
const NARROW_CHAR = 0.55;
/** Estimated advance of a word space, in em. */
const NOMINAL_SPACE = 0.3;
/** How many items must start where a split piece would, to take that x for a column's edge. */
const MIN_ALIGNED = 3;
/** A split piece starts at least this many em right of the item's start (beyond any indent). */
const MIN_SPLIT_OFFSET = 3;
/** How close (in em) a split piece must start to other lines' left edges to be a column's line. */
const ALIGN_TOLERANCE = 0.6;
/** Full-width punctuation whose glyph sits in the left half of the em box. */
const HALF_INK_PUNCT = /[，。、；：！？）」』》”’]$/;
/** A font this much larger than the body's is a headline's. */
const HEADLINE_RATIO = 1.15;
/** Items whose baselines differ by less than this share of the font size sit on one line. */
const SAME_LINE = 0.4;
/** A horizontal gap at least this many body ems high separates bands. */
const BAND_GAP = 1.2;
/** A vertical gap at least this many body ems wide is a column gutter... */
const GUTTER = 0.8;
/** ...and at least this many ems of the text beside it, so a word space in a headline is not one. */
const GUTTER_OF_NEIGHBOURS = 0.9;
/** A gutter may be blocked by at most this share of the rows (the spanning headlines). */
const MAX_BLOCKING_SHARE = 0.34;

interface Item extends PositionedText {
  /** Top and bottom of the text box, in points (y up). */
  top: number;
  bottom: number;
  right: number;
}

interface Row {
  items: Item[];
  top: number;
  bottom: number;
}

/**
 * The lines of one page in reading order. `bodySize` is the page's body font size (the most
 * common size by characters); lines above it by {@link HEADLINE_RATIO} are marked as headlines.
 */
export function orderPage(texts: readonly PositionedText[], page: number): PdfLine[] {
  const items: Item[] = splitAcrossGutters(texts.filter((t) => t.str.trim() !== "" && t.size > 0)).map(
    (t) => ({
      ...t,
      // Glyphs of a CJK font fill about 0.85 em above the baseline and 0.15 below.
      top: t.y + 0.85 * t.size,
      bottom: t.y - 0.15 * t.size,
      right: inkRight(t),
    }),
  );
  if (items.length === 0) return [];
  const body = bodySize(items);
  const blocks: Item[][] = [];
  cut(items, body, blocks);
  return blocks.flatMap((block, i) => toRows(block).map((row) => toLine(row, page, i, body)));
}

/** The font size that most characters on the page are set in. */
export function bodySize(items: readonly PositionedText[]): number {
  const chars = new Map<number, number>();
  for (const item of items) {
    const size = Math.round(item.size * 10) / 10;
    chars.set(size, (chars.get(size) ?? 0) + [...item.str.trim()].length);
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of chars) {
    if (count > bestCount || (count === bestCount && size < best)) [best, bestCount] = [size, count];
  }
  return best;
}

/**
 * pdf.js joins text on one baseline into one item when the gap is under about an em, putting a
 * space for the gap, so with narrow gutters one item can hold the ends of two columns' lines
 * ("…4月22日， 形成了从核心…"). Such an item is split at the space where the text after it would
 * start where other lines start (a column's left edge), estimating the pieces' widths from their
 * characters (CJK one em, others {@link NARROW_CHAR}).
 */
function splitAcrossGutters(
  texts: readonly PositionedText[],
  starts: readonly number[] = texts.map((t) => t.x),
): PositionedText[] {
  return texts.flatMap((t) => {
    if (!/\S\s+\S/.test(t.str.trim())) return [t];
    const str = t.str.trim();
    const right = t.x + t.width;
    const spaces = [...str.matchAll(/\s+/g)];
    for (const space of spaces.reverse()) {
      const after = str.slice(space.index + space[0].length);
      const before = str.slice(0, space.index);
      const startsAt = right - estimateWidth(after, t.size) - spaces.indexOf(space) * NOMINAL_SPACE * t.size;
      const aligned = starts.filter((x) => Math.abs(x - startsAt) <= ALIGN_TOLERANCE * t.size).length;
      // Lines of a column start at its left edge (or indented from it); a word after a space
      // inside one column rarely lines up with several of them, and never this far in.
      if (aligned >= MIN_ALIGNED && startsAt - t.x >= MIN_SPLIT_OFFSET * t.size) {
        const width = Math.min(estimateWidth(before, t.size), startsAt - t.x - NOMINAL_SPACE * t.size);
        return [
          ...splitAcrossGutters([{ ...t, str: before, width }], starts),
          { ...t, str: after, x: startsAt, width: right - startsAt },
        ];
      }
    }
    return [t];
  });
}

function estimateWidth(text: string, size: number): number {
  let ems = 0;
  for (const ch of text)
    ems +=
      /[\u2e80-\uffef\u{20000}-\u{3134f}]/u.test(ch) && !/[\uff61-\uffdc]/.test(ch)
        ? 1
        : ch === " "
          ? NOMINAL_SPACE
          : NARROW_CHAR;
  return ems * size;
}

/**
 * Right edge of an item's ink. CJK punctuation is drawn in the left half of its em box, and a line
 * may hang it into the gutter (行末标点悬挂), so its right half does not narrow the gutter.
 */
function inkRight(t: PositionedText): number {
  const right = t.x + Math.max(t.width, 0);
  return HALF_INK_PUNCT.test(t.str.trimEnd()) ? right - 0.5 * t.size : right;
}

/** Cuts `items` into single-column blocks, appended to `out` in reading order. */
function cut(items: Item[], body: number, out: Item[][]): void {
  const slabs = mergeHeadlineSlabs(splitBands(items, body), body);
  if (slabs.length > 1) {
    for (const slab of slabs) cut(slab, body, out);
    return;
  }
  const columns = splitColumns(items, body);
  if (columns.length > 1) {
    for (const column of columns) cut(column, body, out);
    return;
  }
  const runs = splitAtSpanningRows(items, body);
  if (runs.length > 1) {
    for (const run of runs) cut(run, body, out);
    return;
  }
  out.push(items);
}

/** Splits at horizontal gaps of at least {@link BAND_GAP} body ems that cross the whole region. */
function splitBands(items: Item[], body: number): Item[][] {
  const sorted = [...items].sort((a, b) => b.top - a.top);
  const bands: Item[][] = [];
  let current: Item[] = [];
  let floor = Number.POSITIVE_INFINITY;
  for (const item of sorted) {
    if (current.length > 0 && floor - item.top >= BAND_GAP * body) {
      bands.push(current);
      current = [];
    }
    current.push(item);
    floor = Math.min(floor, item.bottom);
  }
  bands.push(current);
  return bands;
}

/**
 * Joins a band of headlines only to the band below it when the headlines cross none of that
 * band's gutters: then they head its columns, and the columns must be cut through both.
 */
function mergeHeadlineSlabs(slabs: Item[][], body: number): Item[][] {
  const merged: Item[][] = [];
  for (let i = slabs.length - 1; i >= 0; i--) {
    const slab = slabs[i]!;
    const below = merged[0];
    if (below && slab.every((t) => isHeadlineSize(t.size, body))) {
      const gutters = findGutters(below, body);
      if (gutters.length > 0 && !slab.some((t) => gutters.some((g) => t.x < g.right && t.right > g.left))) {
        merged[0] = [...slab, ...below];
        continue;
      }
    }
    merged.unshift(slab);
  }
  return merged;
}

/** Splits at vertical gutters that run the full height of the region. */
function splitColumns(items: Item[], body: number): Item[][] {
  const gutters = findGutters(items, body);
  if (gutters.length === 0) return [items];
  const columns: Item[][] = gutters.map(() => []);
  columns.push([]);
  for (const item of items) {
    const k = gutters.findIndex((g) => item.right <= g.left + 0.01);
    columns[k === -1 ? gutters.length : k]!.push(item);
  }
  return columns.filter((c) => c.length > 0);
}

interface Gap {
  left: number;
  right: number;
}

/** Empty vertical strips between items, wide enough to be gutters. */
function findGutters(items: readonly Item[], body: number): Gap[] {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const gaps: Gap[] = [];
  let reach = sorted[0]!.right;
  let leftNeighbour = sorted[0]!;
  for (const item of sorted.slice(1)) {
    const gap = item.x - reach;
    const neighbours = Math.max(leftNeighbour.size, item.size);
    if (gap >= GUTTER * body && gap >= GUTTER_OF_NEIGHBOURS * neighbours) {
      gaps.push({ left: reach, right: item.x });
    }
    if (item.right > reach) {
      reach = item.right;
      leftNeighbour = item;
    }
  }
  return gaps;
}

/**
 * Where no gutter runs the full height, finds one that only a few rows block (headlines spanning
 * the columns below them) and cuts those rows off from the rest, keeping top-to-bottom order.
 */
function splitAtSpanningRows(items: Item[], body: number): Item[][] {
  const rows = toRows(items);
  if (rows.length < 3) return [items];
  const blocking = (row: Row, gutters: Gap[]) =>
    row.items.some((t) => gutters.some((g) => t.x < g.right && t.right > g.left));
  // Gutters of the body text alone; the rows that cross them are the spanning ones.
  const bodyItems = rows
    .filter((r) => !r.items.every((t) => isHeadlineSize(t.size, body)))
    .flatMap((r) => r.items);
  let gutters = bodyItems.length > 0 ? findGutters(bodyItems, body) : [];
  if (gutters.length === 0) return [items];
  let blocked = rows.map((r) => blocking(r, gutters));
  if (blocked.filter(Boolean).length > MAX_BLOCKING_SHARE * rows.length) {
    // Spanning body lines too (a one-column story above a two-column one): take the gutter
    // blocked least, if any is blocked by few enough rows.
    const best = gutters
      .map((g) => ({ g, n: rows.filter((r) => blocking(r, [g])).length }))
      .sort((a, b) => a.n - b.n)[0]!;
    if (best.n > MAX_BLOCKING_SHARE * rows.length) return [items];
    gutters = [best.g];
    blocked = rows.map((r) => blocking(r, gutters));
  }
  const runs: Item[][] = [];
  rows.forEach((row, i) => {
    if (i === 0 || blocked[i] !== blocked[i - 1]) runs.push([]);
    runs.at(-1)!.push(...row.items);
  });
  return runs;
}

/** Groups items into rows by baseline, top to bottom, each row's items left to right. */
function toRows(items: readonly Item[]): Row[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: (Row & { y: number; size: number })[] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    if (row && Math.abs(row.y - item.y) < SAME_LINE * Math.max(row.size, item.size)) {
      row.items.push(item);
      row.top = Math.max(row.top, item.top);
      row.bottom = Math.min(row.bottom, item.bottom);
      row.size = Math.max(row.size, item.size);
    } else {
      rows.push({ items: [item], top: item.top, bottom: item.bottom, y: item.y, size: item.size });
    }
  }
  for (const row of rows) row.items.sort((a, b) => a.x - b.x);
  return rows;
}

function toLine(row: Row, page: number, block: number, body: number): PdfLine {
  const fontSize = Math.max(...row.items.map((t) => t.size));
  const first = row.items[0]!;
  let text = "";
  let prev: Item | undefined;
  for (const item of row.items) {
    const str = prev ? item.str.trimStart() : item.str.trim();
    if (prev && needsSpace(text, str, item.x - prev.right, Math.max(prev.size, item.size))) text += " ";
    text += str;
    prev = item;
  }
  return {
    text: text.replace(/\s+/g, " ").trim(),
    fontSize,
    x: first.x,
    y: first.y,
    width: Math.max(...row.items.map((t) => t.right)) - first.x,
    page,
    block,
    headline: isHeadlineSize(fontSize, body),
  };
}

const WORD_CHAR = /[\p{Script=Latin}\p{Nd}%.,:;!?'")\]-]$/u;
const WORD_START = /^[\p{Script=Latin}\p{Nd}("'[-]/u;

/**
 * Whether a gap between two items on a line is a word space. CJK is set without spaces, so only a
 * gap between Latin words or numbers counts as one, or a gap of half an em or more (two phrases of
 * a headline set apart).
 */
function needsSpace(before: string, after: string, gap: number, size: number): boolean {
  if (before === "" || after === "" || /\s$/.test(before) || /^\s/.test(after)) return false;
  if (gap >= 0.5 * size) return true;
  return gap >= 0.15 * size && WORD_CHAR.test(before) && WORD_START.test(after);
}

function isHeadlineSize(size: number, body: number): boolean {
  return size >= body * HEADLINE_RATIO;
}
