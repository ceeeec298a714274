/**
 * Scores segmentation on real newspaper pages (../shared/eval/real-pages), by the rule their README
 * states for the held-out pages, so the dev figures and the held-out ones mean the same thing:
 *
 * - a segmented article is correct when its text holds at least 80% of one true article's sentences
 *   and more than 20% of no other's (text compared after NFKC, whitespace removed);
 * - a correct article's title is right when title + subtitle holds every printed title line and is
 *   at most twice their length + 4;
 * - its authors are right when the set equals the gold one exactly (null gold: not counted);
 * - precision = correct / predicted, recall = correct / true; title and author accuracy are over
 *   the correct articles.
 *
 * The set is split in two by page id (a hash, so it is stable as pages are added): a half to tune
 * on and a half that is only reported.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { segmentPage } from "../ingest/segment.js";
import type { Article } from "../types.js";

export interface GoldArticle {
  title_lines: string[];
  /** null: the authors are not scored for this article. */
  authors: string[] | null;
  sentences: string[];
  kind: string;
  source?: string;
}

export interface RealPage {
  id: string;
  text: string;
  gold: GoldArticle[];
}

export type RealSplit = "tune" | "report";

export interface RealPageScore {
  pages: number;
  expected: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  /** Over the correct articles. */
  titleAccuracy: number;
  /** Over the correct articles whose gold authors are scored. */
  authorAccuracy: number;
  misses: string[];
}

const squash = (s: string) => s.normalize("NFKC").replace(/\s/g, "");

/** The page's half: by a hash of its id, so adding pages never moves the others. */
export function realSplitOf(id: string): RealSplit {
  return createHash("sha1").update(`newsqa-real-pages:${id}`).digest()[0]! % 2 === 0 ? "tune" : "report";
}

/** Reads the pages and their gold from a real-pages folder (pages/*.txt, gold/*.json). */
export function loadRealPages(dir: string, split?: RealSplit): RealPage[] {
  const names = readdirSync(join(dir, "pages"))
    .filter((n) => n.endsWith(".txt"))
    .sort();
  return names
    .map((n) => n.slice(0, -4))
    .filter((id) => !split || realSplitOf(id) === split)
    .map((id) => ({
      id,
      text: readFileSync(join(dir, "pages", `${id}.txt`), "utf8"),
      gold: JSON.parse(readFileSync(join(dir, "gold", `${id}.json`), "utf8")) as GoldArticle[],
    }));
}

/** The share of each true article's sentences that a segmented article holds, in gold order. */
export function sharesHeld(found: Article, gold: readonly GoldArticle[]): number[] {
  const text = squash(`${found.title}${found.subtitle ?? ""}${found.byline ?? ""}${found.text}`);
  return gold.map((g) => {
    const sentences = g.sentences.map(squash).filter(Boolean);
    return sentences.length === 0 ? 0 : sentences.filter((s) => text.includes(s)).length / sentences.length;
  });
}

/** Which true article a segmented one is, if any (see the rule above). */
export function matchArticle(found: Article, gold: readonly GoldArticle[]): number | undefined {
  return matchOfShares(sharesHeld(found, gold));
}

/** {@link matchArticle} from the shares {@link sharesHeld} gives. */
export function matchOfShares(held: readonly number[]): number | undefined {
  const best = held.findIndex((h) => h >= 0.8);
  if (best < 0) return undefined;
  return held.some((h, i) => i !== best && h > 0.2) ? undefined : best;
}

export function titleRight(found: Article, gold: GoldArticle): boolean {
  const got = squash(`${found.title}${found.subtitle ?? ""}`);
  const lines = gold.title_lines.map(squash).filter(Boolean);
  const length = lines.reduce((n, l) => n + l.length, 0);
  return lines.every((l) => got.includes(l)) && got.length <= 2 * length + 4;
}

export function authorsRight(found: Article, gold: GoldArticle): boolean | undefined {
  if (gold.authors === null) return undefined;
  const got = new Set(found.authors.map(squash));
  const want = new Set(gold.authors.map(squash));
  return got.size === want.size && [...want].every((a) => got.has(a));
}

export function scoreRealPages(
  pages: Iterable<RealPage>,
  segment: (text: string, page: RealPage) => Article[] = (text) => segmentPage(text),
): RealPageScore {
  let n = 0;
  let expected = 0;
  let predicted = 0;
  let correct = 0;
  let titles = 0;
  let authorsScored = 0;
  let authors = 0;
  const misses: string[] = [];
  for (const page of pages) {
    n++;
    const found = segment(page.text, page).filter((a) => a.kind === "article");
    predicted += found.length;
    expected += page.gold.length;
    const taken = new Set<number>();
    for (const a of found) {
      const i = matchArticle(a, page.gold);
      if (i === undefined || taken.has(i)) {
        misses.push(`${page.id}: no true article for "${a.title || squash(a.text).slice(0, 16)}"`);
        continue;
      }
      taken.add(i);
      correct++;
      const g = page.gold[i]!;
      if (titleRight(a, g)) titles++;
      else
        misses.push(
          `${page.id}: title "${a.title}${a.subtitle ? ` / ${a.subtitle}` : ""}", expected "${g.title_lines.join(" / ")}"`,
        );
      const ok = authorsRight(a, g);
      if (ok !== undefined) {
        authorsScored++;
        if (ok) authors++;
        else misses.push(`${page.id}: authors [${a.authors}], expected [${g.authors}]`);
      }
    }
    for (const [i, g] of page.gold.entries())
      if (!taken.has(i)) misses.push(`${page.id}: "${g.title_lines.join(" / ")}" not found`);
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    pages: n,
    expected,
    predicted,
    correct,
    precision: ratio(correct, predicted),
    recall: ratio(correct, expected),
    titleAccuracy: ratio(titles, correct),
    authorAccuracy: ratio(authors, authorsScored),
    misses,
  };
}
