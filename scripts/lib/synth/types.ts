/** Public shapes of the synthetic page generator. */
import type { QaItem } from "../../../src/eval/evaluate.js";
import type { ArticleKind, PageMeta } from "../../../src/types.js";

export type { QaItem };

/** One article as segmentation should find it, with the questions it answers. */
export interface TruthArticle {
  /** Every headline line; lines of one title joined directly, a lead-in and main title by one space. */
  title: string;
  /** The lead-in line of a two-line headline. */
  subtitle?: string;
  /** The byline or credit as printed, without line breaks. */
  byline?: string;
  authors: string[];
  kind: ArticleKind;
  /**
   * Clean body: paragraphs and subhead lines separated by "\n"; a caption's photo credit is its
   * last line. Same convention as segmentation's {@link Article.text}.
   */
  text: string;
  /** Where the headline was printed relative to the body. */
  titlePlacement: "before" | "after" | "none";
  /** Line width (CJK characters) the body was wrapped to. */
  width: number;
  /** Answerable items (kind "fact") and unanswerable ones about this article's entities. */
  facts: QaItem[];
}

export interface SyntheticPage {
  /** Stable id, also the prefix of the page's QA ids. */
  id: string;
  meta: PageMeta;
  /** Corpus-relative path: <paper>/<YYYY-MM-DD>/<NN>.txt. */
  path: string;
  /** The page as text extraction would give it. */
  text: string;
  articles: TruthArticle[];
  /** All QA items for the page: per-article facts, multi-fact and unanswerable items. */
  qa: QaItem[];
}

export interface PageOptions {
  /** Paper name; default 科技日报. */
  paper?: string;
  /** Issue date, YYYY-MM-DD; default derived from the seed. */
  date?: string;
  /** Page number; default 1. */
  page?: number;
  /** Page name (版名); default chosen from the seed. */
  pageName?: string;
  /** QA id prefix; default `syn-<date>-<NN>`. */
  id?: string;
  /** Articles on the page, excluding captions; default 3–7 at random. */
  articles?: number;
}
