/**
 * Which true article each line of a page belongs to, found by matching the line's text against the
 * articles' bodies in page order. Only body lines are trusted: a line is placed when its text is part
 * of an article's body; headline lines, bylines, credits and furniture stay unplaced. Labels the
 * section model's training decisions (`scripts/train-segmentation.ts`).
 */
import { toLines } from "../ingest/lines.js";
import type { SectionCall } from "../ingest/sections.js";

export interface TrueArticleText {
  /** The article's body (for real pages, its sentences joined). */
  body: string;
  /** Its headline lines: a line equal to one of them is never a body line. */
  titleLines: readonly string[];
}

const squash = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/\s/g, "")
    .replace(/[。！？；]/g, "");

/** Lines shorter than this (after squashing) are too short to place by text alone. */
const MIN_PLACED = 4;
/** How many articles ahead a line is looked for: pages print each article's lines together. */
const LOOKAHEAD = 2;

/** Per non-blank line (the segmenter's line numbering), the index of the article holding it, or -1. */
export function lineArticles(text: string, articles: readonly TrueArticleText[]): number[] {
  const bodies = articles.map((a) => squash(a.body));
  const titles = articles.map((a) => a.titleLines.map(squash));
  const out: number[] = [];
  const lines = toLines(text).map((l) => squash(l.text));
  let k = 0;
  lines.forEach((t, i) => {
    const held: number[] = [];
    if (t.length >= MIN_PLACED) {
      for (let a = k; a <= k + LOOKAHEAD && a < bodies.length; a++) {
        if (titles[a]!.includes(t)) break;
        if (bodies[a]!.includes(t)) held.push(a);
      }
    }
    // A line two bodies hold ("中央政治局委员、国务院副", in two reports of two vice-premiers) belongs
    // to the one that also holds it joined to its neighbour, as printed; to the first only when
    // neither does.
    const runsOn = (a: number) =>
      bodies[a]!.includes(t + (lines[i + 1] ?? "")) || bodies[a]!.includes((lines[i - 1] ?? "") + t);
    const placed = held.length > 1 ? (held.find(runsOn) ?? held[0]!) : (held[0] ?? -1);
    if (placed >= 0) k = placed;
    out.push(placed);
  });
  return out;
}

/** The article of some lines: the first placed one, searched from the start or from the end. */
export function articleOfLines(
  placed: readonly number[],
  indexes: readonly number[],
  fromEnd: boolean,
): number {
  const order = fromEnd ? [...indexes].reverse() : indexes;
  for (const i of order) if ((placed[i] ?? -1) >= 0) return placed[i]!;
  return -1;
}

/** Whether the blocks either side of a call are one true article; undefined where a side is unplaced. */
export function truthOfCall(placed: readonly number[], call: SectionCall): boolean | undefined {
  const a = articleOfLines(
    placed,
    call.previous.lines.map((l) => l.index),
    true,
  );
  const b = articleOfLines(
    placed,
    call.block.lines.map((l) => l.index),
    false,
  );
  return a < 0 || b < 0 ? undefined : a === b;
}
