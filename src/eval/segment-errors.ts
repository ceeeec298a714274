/**
 * What went wrong on a real page, by kind, for reading the segmenter's failures on the tune half
 * (`npm run eval:segment:errors`): each true article not found is
 *
 * - "merged": some segmented article holds 80% of its sentences but also more than 20% of another's
 *   (a boundary missed);
 * - "split": two or more segmented articles hold some of its sentences and none holds 80% (a
 *   boundary too many, a subhead read as a headline);
 * - "lost": at most one holds any (read as a caption, or dropped).
 *
 * Segmented articles that match no true article are counted apart ("spurious"). Scored by the rule
 * of `real-pages.ts`, so these add up to its precision and recall.
 */
import type { Article } from "../types.js";
import { type GoldArticle, matchOfShares, sharesHeld } from "./real-pages.js";

export type MissKind = "merged" | "split" | "lost";

export interface Miss {
  /** The true article's printed headline lines, joined with " / ". */
  title: string;
  kind: MissKind;
  /** Share of its sentences each segmented article holds (those holding any). */
  shares: number[];
}

export interface PageErrors {
  missed: Miss[];
  /** Segmented articles that match no true article. */
  spurious: number;
}

/** The true articles of a page that its segmented ones miss, each with how, and the spurious count. */
export function pageErrors(gold: readonly GoldArticle[], found: readonly Article[]): PageErrors {
  // By segmented article, the share of each true article's sentences it holds.
  const held = found.filter((a) => a.kind === "article").map((a) => sharesHeld(a, gold));
  const matched = new Set<number>();
  let spurious = 0;
  for (const row of held) {
    const i = matchOfShares(row);
    if (i === undefined || matched.has(i)) spurious++;
    else matched.add(i);
  }
  const missed: Miss[] = [];
  for (const [i, g] of gold.entries()) {
    if (matched.has(i)) continue;
    const shares = held.map((row) => row[i]!).filter((share) => share > 0);
    const kind: MissKind = shares.some((s) => s >= 0.8) ? "merged" : shares.length >= 2 ? "split" : "lost";
    missed.push({ title: g.title_lines.join(" / "), kind, shares });
  }
  return { missed, spurious };
}
