/** True and segmented articles for the scoring tests, built from the parts a test cares about. */
import type { GoldArticle } from "../../src/eval/real-pages.js";
import type { Article } from "../../src/types.js";

export const goldArticle = (
  title: string,
  sentences: string[],
  authors: string[] | null = [],
): GoldArticle => ({
  title_lines: [title],
  authors,
  sentences,
  kind: "article",
});

export const foundArticle = (
  title: string,
  text: string,
  authors: string[] = [],
  kind: Article["kind"] = "article",
): Article => ({ title, authors, kind, text });
