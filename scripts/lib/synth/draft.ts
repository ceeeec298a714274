/**
 * What an article template produces before layout: headline, paragraphs and the facts it states,
 * each fact with the exact clean-text evidence and several ways to ask about it.
 */
import type { ArticleKind } from "../../../src/types.js";
import type { Rng } from "./prng.js";

/** What kind of value answers the question; multi-fact questions pair facts of one type. */
export type AnswerType = "person" | "number" | "year" | "time" | "place";

export interface FactSpec {
  type: AnswerType;
  /** Who or what the fact is about, as named in the text (清远高新区). */
  subject: string;
  /** The attribute asked for, phrased to follow "的" (2020年度综合排名, 总经理). */
  attr: string;
  /** Full questions, none a copy of the evidence sentence. */
  questions: string[];
  /** Exact substring of the clean body that proves the answer. */
  evidence: string;
  /** Accepted answer forms. */
  answers: string[];
}

/** A question about an entity the article mentions, asking for something no page ever gives. */
export interface GapSpec {
  questions: string[];
}

export interface Paragraph {
  text: string;
  /** Section subhead lines are printed on their own line, never wrapped into the body. */
  subhead?: boolean;
}

export interface ArticleDraft {
  kind: ArticleKind;
  /** Headline lines of the main title (one title may be printed over two lines). */
  title: string[];
  /** Lead-in line printed above the main title of a two-line headline. */
  leadIn?: string;
  paragraphs: Paragraph[];
  facts: FactSpec[];
  gaps: GapSpec[];
  /** The zone the article is about, for photo credits (图片来源：X高新区). */
  zone?: string;
}

export interface TemplateContext {
  rng: Rng;
  paper: string;
}

export type ArticleTemplate = (ctx: TemplateContext) => ArticleDraft;

/** Collects paragraphs and facts; `fact` returns the evidence so sentences can embed it verbatim. */
export class DraftBuilder {
  readonly paragraphs: Paragraph[] = [];
  readonly facts: FactSpec[] = [];
  readonly gaps: GapSpec[] = [];

  para(...sentences: string[]): this {
    this.paragraphs.push({ text: sentences.join("") });
    return this;
  }

  /** One paragraph per string. */
  paras(texts: readonly string[]): this {
    for (const text of texts) this.paragraphs.push({ text });
    return this;
  }

  subhead(...lines: readonly string[]): this {
    for (const text of lines) this.paragraphs.push({ text, subhead: true });
    return this;
  }

  fact(spec: FactSpec): string {
    this.facts.push(spec);
    return spec.evidence;
  }

  gap(...questions: string[]): this {
    this.gaps.push({ questions });
    return this;
  }

  build(kind: ArticleKind, title: string[], extra: { leadIn?: string; zone?: string } = {}): ArticleDraft {
    return {
      kind,
      title,
      paragraphs: this.paragraphs,
      facts: this.facts,
      gaps: this.gaps,
      ...(extra.leadIn ? { leadIn: extra.leadIn } : {}),
      ...(extra.zone ? { zone: extra.zone } : {}),
    };
  }
}
