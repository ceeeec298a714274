/**
 * Scores segmentation against pages with known truth: an article counts as found when a segmented
 * article of the same kind has exactly its body (whitespace ignored); titles and authors are then
 * compared on the found ones.
 */
import { segmentPage } from "../ingest/segment.js";
import type { Article, ArticleKind } from "../types.js";

export interface TruthLike {
  title: string;
  authors: string[];
  kind: ArticleKind;
  text: string;
}

export interface SegmentationScore {
  pages: number;
  expected: number;
  predicted: number;
  matched: number;
  precision: number;
  recall: number;
  /** Share of expected articles found with exactly the right title. */
  titleAccuracy: number;
  /** Share of expected articles found with exactly the right authors. */
  authorAccuracy: number;
  misses: string[];
}

const squash = (s: string) => s.replace(/\s/g, "");

export function scoreSegmentation(
  pages: Iterable<{ id: string; text: string; articles: TruthLike[] }>,
  segment: (text: string) => Article[] = (text) => segmentPage(text),
): SegmentationScore {
  let n = 0;
  let expected = 0;
  let predicted = 0;
  let matched = 0;
  let titles = 0;
  let authors = 0;
  const misses: string[] = [];
  for (const page of pages) {
    n++;
    const found: Article[] = segment(page.text);
    predicted += found.length;
    expected += page.articles.length;
    for (const truth of page.articles) {
      const body = squash(truth.text);
      const hit = found.find((a) => a.kind === truth.kind && squash(a.text) === body);
      if (!hit) {
        misses.push(`${page.id}: body of "${truth.title || body.slice(0, 16)}" not found`);
        continue;
      }
      matched++;
      if (squash(hit.title) === squash(truth.title)) titles++;
      else misses.push(`${page.id}: title "${hit.title}", expected "${truth.title}"`);
      if (hit.authors.join(" ") === truth.authors.join(" ")) authors++;
      else misses.push(`${page.id}: authors [${hit.authors}], expected [${truth.authors}]`);
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    pages: n,
    expected,
    predicted,
    matched,
    precision: ratio(matched, predicted),
    recall: ratio(matched, expected),
    titleAccuracy: ratio(titles, expected),
    authorAccuracy: ratio(authors, expected),
    misses,
  };
}
