/**
 * Headlines: which body each headline line belongs to, and how a headline's lines read as a title.
 * Pages print headlines before, after, or a story away from their bodies, so a line goes to the
 * body it shares the most page-rare content with; structure (a line broken mid-phrase, a lead-in
 * deck) keeps the lines of one headline together.
 */
import { isCjk, joinBroken } from "../text/normalize.js";
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
}

/** Tuning, in units of shared bigram weight (one page-unique bigram weighs about 2). */
const GROUP_COST = 2;
const UNASSIGNED_COST = 1;
/** Per body between the run and the candidate: nearer bodies win ties. */
const DISTANCE_COST = 1;
/** Bodies further than this from a run are not considered for it. */
const MAX_DISTANCE = 2;
/** Breaking a headline where its text cannot end (…与 / 在…, an open quote). */
const BROKEN_PHRASE_COST = 20;
/** A spaced two-phrase line (a lead-in, "创新练就“肌肉” 项目排队进场") that is not first in its headline. */
const LEAD_IN_NOT_FIRST_COST = 1;
const MAX_HEADLINE_LINES = 4;
/** Per unit of bigram weight a line shares more with some other body than with its candidate. */
const MISFIT = 0.5;
/**
 * Below this margin (bigram weight) between a line's best and second-best body, the line names
 * nothing that tells one story apart (about one page-unique bigram).
 */
const DISTINCT_OPENING = 2.5;
/** Starting a headline with such a line, when it could end the one above. */
const GENERIC_OPENING_COST = 3;

/**
 * Assigns headline lines to bodies. Returns, per body index, the lines of its headline in printed
 * order. Lines that fit no body are left out.
 */
export function assignHeadlines(
  runs: readonly RunPlacement[],
  targets: readonly HeadlineTarget[],
  model: ContentModel,
  /** When given, receives the headline groups that fit no body, with the index of their run. */
  orphans?: { run: number; lines: string[] }[],
  /** The page keeps every headline on this side of its body: only that neighbour is a candidate. */
  side?: "before" | "after",
): Map<number, string[]> {
  const titled = new Map<number, string[]>();
  const ordinal = new Map<number, number>();
  targets.forEach((t, i) => {
    if (t.eligible) ordinal.set(i, ordinal.size);
  });
  for (const [r, run] of runs.entries()) {
    const runOrdinal = [...ordinal.keys()].filter((i) => i < run.before).length;
    const candidates = [...ordinal]
      .filter(([i]) => !titled.has(i))
      .map(([i, o]) => ({ index: i, distance: o < runOrdinal ? runOrdinal - 1 - o : o - runOrdinal }))
      .filter((c) => c.distance <= MAX_DISTANCE)
      .filter(
        (c) => !side || (c.distance === 0 && (side === "before") === ordinal.get(c.index)! >= runOrdinal),
      );
    // A column tag names the series ("（新春走基层·春节文化扫描）"), not the story: it says nothing
    // about which body is this headline's.
    const lineGrams = run.lines.map((l) => bigrams(l.replace(/（[^（）]*）$|^[^（）]*）$/, "")));
    const fit = candidates.map((c) => lineGrams.map((g) => model.shared(g, targets[c.index]!.grams)));
    // A line about another story (one already titled, or out of reach) does not belong to this
    // one's headline: "太原科学城34个重点项目集中签约" printed after its body, next to the headline
    // of the story below.
    const aboutAny = lineGrams.map((g) =>
      Math.max(0, ...targets.filter((t) => t.eligible).map((t) => model.shared(g, t.grams))),
    );
    const misfit = fit.map((row) => row.map((v, k) => MISFIT * Math.max(0, aboutAny[k]! - v)));
    const score = fit;
    // How much more a line says about one body than any other: a headline opens with the words
    // that tell its story apart.
    const distinct = lineGrams.map((_, k) => {
      const [best = 0, second = 0] = score.map((s) => s[k]!).sort((a, b) => b - a);
      return best - second;
    });
    for (const { from, to, candidate } of bestPartition(run.lines, candidates, score, distinct, misfit)) {
      if (candidate !== undefined) titled.set(candidates[candidate]!.index, run.lines.slice(from, to));
      else orphans?.push({ run: r, lines: run.lines.slice(from, to) });
    }
  }
  return titled;
}

interface Group {
  from: number;
  to: number;
  /** Position in the candidates list; undefined when the group fits no body. */
  candidate?: number;
}

/** Exhaustive search over splits of a run into headlines and their bodies (runs are short). */
function bestPartition(
  lines: readonly string[],
  candidates: readonly { distance: number }[],
  score: readonly number[][],
  distinct: readonly number[],
  misfit: readonly number[][],
): Group[] {
  const memo = new Map<string, { value: number; groups: Group[] }>();
  const solve = (from: number, used: number): { value: number; groups: Group[] } => {
    if (from === lines.length) return { value: 0, groups: [] };
    const key = `${from}:${used}`;
    const cached = memo.get(key);
    if (cached) return cached;
    let best: { value: number; groups: Group[] } = { value: Number.NEGATIVE_INFINITY, groups: [] };
    for (let to = from + 1; to <= Math.min(lines.length, from + MAX_HEADLINE_LINES); to++) {
      // A column tag closes its headline: a line after it starts the next one, unless it is the
      // "——" deck under it.
      if (closedByTag(lines, from, to)) break;
      let structure = -GROUP_COST;
      // A line that names nothing particular ("集中签约", "双创加速营一期结营") ends the headline
      // above it rather than starting one.
      if (from > 0 && distinct[from]! < DISTINCT_OPENING) structure -= GENERIC_OPENING_COST;
      if (to < lines.length && mustContinue(lines[to - 1]!, lines[to]!)) structure -= BROKEN_PHRASE_COST;
      for (let k = from + 1; k < to; k++) if (isLeadIn(lines[k]!)) structure -= LEAD_IN_NOT_FIRST_COST;
      const consider = (value: number, group: Group, nextUsed: number) => {
        const rest = solve(to, nextUsed);
        if (value + rest.value > best.value)
          best = { value: value + rest.value, groups: [group, ...rest.groups] };
      };
      consider(structure - UNASSIGNED_COST, { from, to }, used);
      candidates.forEach((c, ci) => {
        if (used & (1 << ci)) return;
        let content = 0;
        for (let k = from; k < to; k++) {
          content += score[ci]![k]!;
          // A lead-in deck over its main line speaks for the story in general terms; it may echo another.
          if (!(isLeadIn(lines[k]!) && k + 1 < to)) content -= misfit[ci]![k]!;
        }
        consider(
          structure + content - DISTANCE_COST * c.distance,
          { from, to, candidate: ci },
          used | (1 << ci),
        );
      });
    }
    memo.set(key, best);
    return best;
  };
  return solve(0, 0).groups;
}

/** Whether lines[from..to) run past a line that ends in a column tag into one that is not its "——" deck. */
function closedByTag(lines: readonly string[], from: number, to: number): boolean {
  for (let k = from; k + 1 < to; k++)
    if (/（[^（）]{2,30}）$/.test(lines[k]!.trim()) && !/^[—-]/.test(lines[k + 1]!.trim())) return true;
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
  const unclosed = (open: string, close: string) => line.split(open).length > line.split(close).length;
  return unclosed("“", "”") || unclosed("《", "》") || unclosed("（", "）");
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
  const grams = runs.map((r) => bigrams(r.lines.map((l) => l.replace(/（[^（）]*）$/, "")).join("")));
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
