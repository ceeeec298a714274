/**
 * Digest columns: a page's run of short items under one label ("速览", "资讯速递", "微阅读"), each
 * item with a headline of its own and often its own dateline or byline. The paper runs a digest
 * as one article, its items' headlines inside its text; read item by item, every item is a story
 * of its own. Where the label is printed before its items, the items are the stories after it,
 * as long as their headlines are set above them and carry no column tag. (A cap on an item's
 * length stopped no fold on the tune half's pages, so there is none.)
 */
import { carriesColumnTag } from "./column-tag.js";
import { isDigestLabel } from "./digest-label.js";
import type { HeadlineRun } from "./layout.js";
import { type Line, toLine } from "./lines.js";
import type { Body } from "./sections.js";

export interface DigestStory {
  body: Body;
  headline: string[] | undefined;
}

/**
 * Which side of body `at` its headline was printed on: "before" when the run holding the
 * headline's first line stands before the body, "after" when it stands after it.
 */
export function printedSide(
  headline: readonly string[] | undefined,
  at: number,
  runs: readonly HeadlineRun[],
): "before" | "after" | undefined {
  if (!headline?.[0]) return undefined;
  const run = runs.find((r) => r.lines.some((l) => l.text === headline[0]));
  if (run?.before === at) return "before";
  if (run?.before === at + 1) return "after";
  return undefined;
}

/**
 * Folds the items of each digest into the story its label heads: the label stays its title, the
 * items' headlines become subheads in its text. `sides` holds, by story, the side its headline was
 * printed on (see {@link printedSide}).
 */
export function foldDigests<S extends DigestStory>(
  stories: readonly S[],
  sides: ReadonlyMap<S, "before" | "after" | undefined>,
  lineOf: (text: string) => Line,
): S[] {
  const isDigest = (s: S) => sides.get(s) !== undefined && isDigestLabel(s.headline![0]!);
  // A digest sets each item's headline above the item, whichever side the page prints its
  // stories' headlines on, and a column tag heads a story of its own. (Captions, kickers and
  // headlines of three lines or more stopped no fold on the tune half's pages.)
  const item = (s: S | undefined) =>
    s !== undefined &&
    !isDigest(s) &&
    (s.headline === undefined || (sides.get(s) === "before" && !carriesColumnTag(s.headline)));
  const taken = new Set<S>();
  for (const [digest, side] of sides) {
    const at = stories.indexOf(digest);
    // Only a label printed before its items: after them, the items' end is where the story before
    // the digest had its headline, and a label misplaced by one body took in the story before it
    // (on the tune half's pages laid out again).
    if (at < 0 || side !== "before" || !isDigest(digest)) continue;
    // Lines printed with the label in its run head the first item, inside the digest's text.
    const [label, ...rest] = digest.headline!;
    digest.headline = [label!];
    digest.body.parts[0]!.subheads.unshift(...rest.map(lineOf));
    for (let k = at + 1; item(stories[k]) && !taken.has(stories[k]!); k++) {
      const s = stories[k]!;
      taken.add(s);
      const parts = s.body.parts.map((p) => ({ ...p, subheads: [...p.subheads] }));
      parts[0]!.subheads.unshift(...(s.headline ?? []).map(lineOf));
      digest.body.parts.push(...parts);
    }
  }
  return stories.filter((s) => !taken.has(s));
}

/** A line of the page's headline runs by its text, for subheads made of headline lines. */
export function headlineLineOf(runs: readonly HeadlineRun[]): (text: string) => Line {
  return (text) => runs.flatMap((r) => r.lines).find((l) => l.text === text) ?? toLine(text, -1);
}
