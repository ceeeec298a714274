/**
 * Headlines: which body each headline line belongs to, and how a headline's lines read as a title.
 * Pages print headlines before, after, or a story away from their bodies, so a line goes to the
 * body it shares the most page-rare content with; structure (a line broken mid-phrase, a lead-in
 * deck) keeps the lines of one headline together.
 */
import { isCjk, joinBroken } from "../text/normalize.js";
import { endsColumnTag, withoutColumnTag } from "./column-tag.js";
import { isDigestLabel } from "./digest-label.js";
import { bigrams, type ContentModel } from "./similarity.js";

/** A body a headline may be assigned to. */
export interface HeadlineTarget {
  grams: ReadonlySet<string>;
  /** Captions carry no headline. */
  eligible: boolean;
}

/** Headline lines between bodies; `before` bodies precede the run. */
export interface RunPlacement {
  lines: readonly string[];
  before: number;
  /**
   * Per line, whether a blank line stands before it, on a page that sets headline blocks apart
   * with blanks (a blank after every line, or only between blocks): blocks divide at the blanks
   * and nowhere else. Undefined when the blanks say nothing.
   */
  apart?: readonly boolean[];
}

/** Whether lines[from..to) run past a line that ends in a column tag into one that is not its "——" deck. */
function closedByTag(lines: readonly string[], from: number, to: number): boolean {
  for (let k = from; k + 1 < to; k++)
    if (endsColumnTag(lines[k]!) && !/^[—-]/.test(lines[k + 1]!.trim())) return true;
  return false;
}

/** Characters a headline line cannot end on, or the next line cannot start with, mid-phrase. */
const OPEN_END = /[与和及的在为对将向把从等并暨、·“《（(—]$/;
const CONTINUATION_START = /^[的在与和及了为等之”》）)]/;

/**
 * Whether a headline line is left open (…与, an unclosed quote) or the next line can only carry it
 * on (”双创加速营…): the two lines are one headline, whatever their widths.
 */
export function leftOpen(line: string, next: string): boolean {
  if (OPEN_END.test(line) || /^[”’》）)」』]/.test(next)) return true;
  return PAIRED_MARKS.some(([open, close]) => leavesOpen(line, open, close));
}

/** The marks a headline closes on its own lines when it opens them: quotes, book titles, brackets. */
export const PAIRED_MARKS: readonly (readonly [string, string])[] = [
  ["“", "”"],
  ["《", "》"],
  ["（", "）"],
];

/** Whether `line` opens `open` more often than it closes it with `close`. */
export function leavesOpen(line: string, open: string, close: string): boolean {
  return line.split(open).length > line.split(close).length;
}

/** Like {@link leftOpen}, and also a next line opening with a word that only continues (的, 在…). */
function mustContinue(line: string, next: string): boolean {
  return leftOpen(line, next) || CONTINUATION_START.test(next);
}

/** A kicker: a lead-in line ending in a dash pair, over the main headline. */
export function isKicker(line: string): boolean {
  return /——$/.test(line.trim());
}

/** Two phrases set apart by a space ("创新练就“肌肉” 项目排队进场"): the style of a lead-in deck. */
function isLeadIn(line: string): boolean {
  return /[^\sA-Za-z0-9] [^\sA-Za-z0-9]/.test(normaliseHeadline(line));
}

/**
 * Cleans a headline line. Unlike body text, a space between two CJK phrases is kept: in
 * headlines it separates parallel phrases; so is one between Latin words ("GRB 090423"). A space
 * between CJK and a number or Latin word is an extraction accident.
 */
export function normaliseHeadline(line: string): string {
  const collapsed = line.replace(/[\s\u3000]+/g, " ").trim();
  return collapsed.replace(/ (?=\S)/g, (space, offset: number) => {
    const before = collapsed[offset - 1];
    const after = collapsed[offset + 1];
    const latin = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
    return (isCjk(before) && isCjk(after)) || (latin(before) && latin(after)) ? space : "";
  });
}

/**
 * Reads a headline's lines as a title. Lines broken mid-phrase join without a space; a lead-in
 * deck or a kicker ending in "——" and the main title (or a main title and its "——" sub-deck) join with one space, and the
 * second deck is also the subtitle.
 */
export function composeTitle(lines: readonly string[]): { title: string; subtitle?: string } {
  const decks: string[] = [];
  lines.map(normaliseHeadline).forEach((line, k, all) => {
    const previous = all[k - 1];
    // A kicker ending in "——" ("王贵武照顾烈士母亲二十年——") leads into the main headline below it.
    const newDeck =
      previous === undefined ||
      isKicker(previous) ||
      (!mustContinue(previous, line) && (isLeadIn(previous) || /^[—-]{1,2}/.test(line)));
    if (newDeck) decks.push(line);
    else decks[decks.length - 1] = joinBroken(decks.at(-1)!, line);
  });
  const title = decks.join(" ");
  return decks.length >= 2 ? { title, subtitle: decks.slice(1).join(" ") } : { title };
}

/** Per headline placed, in units of shared bigram weight: placing every headline comes first. */
const PLACED = 100;

/**
 * Headlines on a page whose blank lines set off each headline block: every block stands next to its
 * own body, before or after it, so each goes to a neighbour, and two blocks between the same two
 * bodies are the first one's (after) and the second one's (before). Among the placements that
 * title the most bodies, content decides. A dynamic programme over the gaps between bodies.
 */
export function assignByBlocks(
  runs: readonly RunPlacement[],
  targets: readonly HeadlineTarget[],
  model: ContentModel,
): Map<number, string[]> {
  const n = targets.length;
  const atGap = Array.from({ length: n + 1 }, () => [] as number[]);
  runs.forEach((r, i) => {
    atGap[r.before]!.push(i);
  });
  const grams = runs.map((r) => bigrams(r.lines.map(withoutColumnTag).join("")));
  const placing = (run: number, body: number) => PLACED + model.shared(grams[run]!, targets[body]!.grams);
  const ok = (body: number) => body >= 0 && body < n && targets[body]!.eligible;
  // best[g][t]: best score over gaps < g, t = 1 when body g-1 was already taken from gap g-1.
  type Step = { score: number; back?: { t: number; left?: number; right?: number } };
  const best: Step[][] = Array.from({ length: n + 2 }, () => [{ score: -Infinity }, { score: -Infinity }]);
  best[0]![0] = { score: 0 };
  for (let g = 0; g <= n; g++) {
    const here = atGap[g]!;
    for (const t of [0, 1]) {
      const from = best[g]![t]!;
      if (from.score === -Infinity) continue;
      const options: { left?: number; right?: number; score: number }[] = [{ score: 0 }];
      const first = here[0];
      const last = here.at(-1);
      if (first !== undefined && t === 0 && ok(g - 1))
        options.push({ left: first, score: placing(first, g - 1) });
      if (last !== undefined && ok(g)) options.push({ right: last, score: placing(last, g) });
      if (here.length >= 2 && t === 0 && ok(g - 1) && ok(g))
        options.push({ left: first, right: last, score: placing(first!, g - 1) + placing(last!, g) });
      for (const o of options) {
        const nt = o.right !== undefined ? 1 : 0;
        const score = from.score + o.score;
        if (score > best[g + 1]![nt]!.score)
          best[g + 1]![nt] = { score, back: { t, left: o.left, right: o.right } };
      }
    }
  }
  const titled = new Map<number, string[]>();
  let t = best[n + 1]![0]!.score >= best[n + 1]![1]!.score ? 0 : 1;
  for (let g = n; g >= 0; g--) {
    const step = best[g + 1]![t]!;
    if (!step.back) break;
    if (step.back.left !== undefined) titled.set(g - 1, [...runs[step.back.left]!.lines]);
    if (step.back.right !== undefined) titled.set(g, [...runs[step.back.right]!.lines]);
    t = step.back.t;
  }
  return titled;
}

/** Per unit of bigram weight a line shares more with some other body than with its own. */
const MISFIT = 0.5;
/** A spaced two-phrase line (a lead-in, "创新练就“肌肉” 项目排队进场") that is not first in its headline. */
const LEAD_IN_NOT_FIRST_COST = 1;

/** Lines in one headline block at most: kicker, a main headline over two lines, a subtitle over two. */
const MAX_BLOCK_LINES = 6;

/**
 * Headlines on a page whose blank lines do not set off headline blocks: each run of headline lines
 * between two bodies holds the headline of the body before it (printed after its body), the
 * headline of the body after it, or both, and sometimes a headline between them whose body ran
 * into another (an orphan). Every body has one headline, so the placement that titles the most
 * bodies wins, then content; a run divides only where one headline can end and the next begin. A
 * dynamic programme over the gaps between bodies, like {@link assignByBlocks}.
 */
export function assignByRuns(
  runs: readonly RunPlacement[],
  targets: readonly HeadlineTarget[],
  model: ContentModel,
  orphans?: { run: number; lines: string[] }[],
  side?: "before" | "after",
): Map<number, string[]> {
  const n = targets.length;
  const runAt = new Map(runs.map((r, i) => [r.before, i]));
  const ok = (body: number) => body >= 0 && body < n && targets[body]!.eligible;
  const placing = createPlacing(targets, model);
  const best: Step[][] = Array.from({ length: n + 2 }, () => [{ score: -Infinity }, { score: -Infinity }]);
  best[0]![0] = { score: 0 };
  for (let g = 0; g <= n; g++) {
    const r = runAt.get(g);
    const run: RunPlacement = r === undefined ? { lines: [], before: g } : runs[r]!;
    for (const t of [0, 1]) {
      const from = best[g]![t]!;
      if (from.score === -Infinity) continue;
      const rules = { leftFree: t === 0, ok, side, orphans: orphans !== undefined };
      for (const { choice, score } of gapChoices(run, g, rules, placing)) {
        const nt = choice.right ? 1 : 0;
        if (from.score + score > best[g + 1]![nt]!.score)
          best[g + 1]![nt] = { score: from.score + score, back: { t, choice } };
      }
    }
  }
  const { titled, leftOver } = readPlacements(best, runs, runAt);
  // A headline a body away from its own (the seed page prints 清远's after the next story's body):
  // it goes to an untitled body near it that plainly shares its words, else it stays an orphan.
  for (const o of leftOver) {
    const at = runs[o.run]!.before;
    const grams = bigrams(o.lines.join(""));
    const near = [at - 2, at - 1, at, at + 1]
      .filter((b) => ok(b) && !titled.has(b))
      .map((b) => ({ b, shared: model.shared(grams, targets[b]!.grams) }))
      .sort((x, y) => y.shared - x.shared)[0];
    if (near && near.shared >= FAR_EVIDENCE) titled.set(near.b, o.lines);
    else orphans?.push(o);
  }
  return titled;
}

/** How a run divides: lines [0, left) title the body before, [right, end) the body after, the rest are left over. */
interface Choice {
  left?: [number, number];
  orphan?: [number, number];
  right?: [number, number];
}
interface Step {
  score: number;
  back?: { t: number; choice: Choice };
}

type Placing = (lines: readonly string[], body: number, gap: number) => number;

/** What placing a headline's lines on a body is worth: a placement, the shared words, less its misfits. */
function createPlacing(targets: readonly HeadlineTarget[], model: ContentModel): Placing {
  const untagged = (l: string) => bigrams(withoutColumnTag(l));
  // A line about a story further off (its headline printed a body away, next to this one's)
  // costs its group what it says about that story beyond this one.
  const misfit = (line: string, body: number, gap: number) => {
    const grams = untagged(line);
    const here = model.shared(grams, targets[body]!.grams);
    let elsewhere = 0;
    targets.forEach((t, b) => {
      if (t.eligible && b < gap - 1) elsewhere = Math.max(elsewhere, model.shared(grams, t.grams));
    });
    return MISFIT * Math.max(0, elsewhere - here);
  };
  return (lines, body, gap) => {
    let score = PLACED + model.shared(bigrams(lines.map(withoutColumnTag).join("")), targets[body]!.grams);
    lines.forEach((l, k) => {
      // A lead-in deck over its main line speaks for the story in general terms.
      if (!(isLeadIn(l) && k + 1 < lines.length)) score -= misfit(l, body, gap);
      if (k > 0 && isLeadIn(l)) score -= LEAD_IN_NOT_FIRST_COST;
    });
    return score;
  };
}

/** Every way the run at gap `g` may divide, with what it is worth. */
function gapChoices(
  run: RunPlacement,
  g: number,
  rules: {
    /** The body before the gap has no headline yet. */
    leftFree: boolean;
    ok: (body: number) => boolean;
    side: "before" | "after" | undefined;
    /** Whether left-over headlines are wanted (else the whole run is the only one left over). */
    orphans: boolean;
  },
  placing: Placing,
): { choice: Choice; score: number }[] {
  const { lines, apart } = run;
  const m = lines.length;
  // A digest's label heads its first item's headline, even set apart from it: never left over alone.
  // (Where blanks set lines apart, an item's headline is one line; a block of two is a story's own.)
  // heads[k]: line k - 1 is a label that stays with line k. Worked out once: `inside` runs per pair of cuts.
  const heads = lines.map(
    (_, k) => k > 0 && isDigestLabel(lines[k - 1]!) && (!apart || k + 1 >= m || apart[k + 1] === true),
  );
  const divides = (k: number) => !heads[k] && (apart ? apart[k] === true : mayEndBlock(lines, k));
  const cuts = [0, ...lines.map((_, k) => k + 1).filter((k) => k === m || divides(k))];
  const inside = (from: number, to: number) => {
    for (let k = from + 1; k < to; k++) if (apart?.[k] && !heads[k]) return true;
    return false;
  };
  const block = (from: number, to: number) =>
    !inside(from, to) && to > from && to - from <= MAX_BLOCK_LINES && !closedByTag(lines, from, to);
  const out: { choice: Choice; score: number }[] = [];
  for (const a of cuts)
    for (const b of cuts) {
      if (b < a) continue;
      const leftOk = a === 0 || (rules.leftFree && rules.side !== "before" && rules.ok(g - 1) && block(0, a));
      const rightOk = b === m || (rules.side !== "after" && rules.ok(g) && block(b, m));
      // The whole run left over is always an option, so the programme never runs out of them.
      const orphanOk =
        a === b || (a === 0 && b === m) || (rules.orphans && (apart !== undefined || block(a, b)));
      if (!leftOk || !rightOk || !orphanOk) continue;
      const choice: Choice = {};
      let score = 0;
      if (a > 0) {
        choice.left = [0, a];
        score += placing(lines.slice(0, a), g - 1, g);
      }
      if (b > a) choice.orphan = [a, b];
      if (b < m) {
        choice.right = [b, m];
        score += placing(lines.slice(b), g, g);
      }
      out.push({ choice, score });
    }
  return out;
}

/** Walks the programme back: each body's headline, and the left-over blocks in page order. */
function readPlacements(
  best: readonly Step[][],
  runs: readonly RunPlacement[],
  runAt: ReadonlyMap<number, number>,
): { titled: Map<number, string[]>; leftOver: { run: number; lines: string[] }[] } {
  const n = best.length - 2;
  const titled = new Map<number, string[]>();
  const leftOver: { run: number; lines: string[] }[] = [];
  let t = best[n + 1]![0]!.score >= best[n + 1]![1]!.score ? 0 : 1;
  for (let g = n; g >= 0; g--) {
    const step = best[g + 1]![t]!;
    if (!step.back) break;
    const r = runAt.get(g);
    const lines = r === undefined ? [] : runs[r]!.lines;
    const { left, orphan, right } = step.back.choice;
    if (left) titled.set(g - 1, lines.slice(...left));
    if (right) titled.set(g, lines.slice(...right));
    if (orphan && r !== undefined) {
      // Between two blocks set apart, each is its own orphan headline.
      let from = orphan[0];
      for (let k = from + 1; k <= orphan[1]; k++)
        if (k === orphan[1] || runs[r]!.apart?.[k]) {
          leftOver.push({ run: r, lines: lines.slice(from, k) });
          from = k;
        }
    }
    t = step.back.t;
  }
  return { titled, leftOver: leftOver.reverse() };
}

/** Least shared content (bigram weight, two page-unique bigrams) for a headline placed a body away. */
const FAR_EVIDENCE = 4;

/** Whether a headline block can end after lines[k-1], with lines[k] opening the next one. */
function mayEndBlock(lines: readonly string[], k: number): boolean {
  const line = lines[k - 1]!.trim();
  const next = lines[k]!.trim();
  if (/^[—-]/.test(next) || isKicker(line)) return false;
  // A column tag closes its headline (see closedByTag), whatever word the next line opens with.
  return endsColumnTag(line) || !mustContinue(line, next);
}
