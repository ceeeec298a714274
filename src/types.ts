/**
 * The data that flows through the pipeline: page -> articles -> chunks -> passages -> answer.
 * Unknown metadata is `undefined`, never a guess.
 */

/** What we know about one newspaper page. Every field may be unknown. */
export interface PageMeta {
  /** Paper name, e.g. 科技日报. */
  paper?: string;
  /** Issue date as YYYY-MM-DD, or YYYY-MM when only the month is known. */
  date?: string;
  /** Page number as printed, e.g. "5". */
  page?: string;
  /** Page name (版名), e.g. 高新区. */
  pageName?: string;
}

export type ArticleKind = "article" | "caption";

/** One story on a page, as segmentation found it. */
export interface Article {
  /** Headline, every line of it; "" when the page gives none. */
  title: string;
  /** Second headline line (lead-in or sub-title) when one is told apart. */
  subtitle?: string;
  /** The byline as printed, e.g. 本报讯（记者 李争粉）. */
  byline?: string;
  authors: string[];
  /**
   * Credit lines printed under the story, as printed: photographers, charts, notes on who the
   * writer is or who compiled it ("曹峰摄（人民视觉）", "制图：蔡华伟", "（作者为…）"). Never authors.
   */
  credits?: string[];
  kind: ArticleKind;
  /** Cleaned body; paragraphs (and section subheads) separated by "\n". */
  text: string;
}

/** A page read from disk, with its articles. */
export interface Page {
  /** Path relative to the corpus root, with "/" separators. */
  source: string;
  meta: PageMeta;
  articles: Article[];
  /** sha256 of the raw file bytes, for incremental indexing. */
  hash: string;
}

/** The unit that is embedded, indexed and cited. */
export interface Chunk {
  /** Stable id: derived from source, article and content, so it survives restarts. */
  id: string;
  title: string;
  source: string;
  paper?: string;
  date?: string;
  page?: string;
  /** Index of the article on its page. */
  article: number;
  /** Position of the chunk within its article. */
  seq: number;
  text: string;
}

export interface Passage extends Chunk {
  /** 1-based rank after fusion. */
  rank: number;
  score: number;
  /**
   * The opening of the passage's article, when the passage is not that opening itself. Later
   * chunks lean on it ("双方计划投资…" names the two companies only in the first paragraph).
   */
  lead?: string;
}

export interface Citation {
  /** The number used in the answer's [n] markers. */
  n: number;
  chunkId: string;
  title: string;
  source: string;
  paper?: string;
  date?: string;
  page?: string;
  /** The full passage text. */
  text: string;
  /** The sentence(s) of the passage that support the answer. */
  quote?: string;
}

export interface Answer {
  question: string;
  /** Answer text with [n] markers that refer to `citations`. */
  answer: string;
  abstained: boolean;
  citations: Citation[];
  passages: Passage[];
  /** Which answerer produced the text ("extractive", "openai", or "extractive (fallback)"). */
  answerer: string;
}

/**
 * What an answerer returns before citations are resolved. `cited` holds 1-based positions into
 * the passages it was given; the pipeline renumbers them into the final [n] markers.
 */
export interface AnswerDraft {
  text: string;
  abstained: boolean;
  cited: number[];
  /** Supporting sentence per cited passage position, when the answerer knows it. */
  quotes?: Record<number, string>;
  answerer: string;
}

/** Something that writes an answer from retrieved passages. */
export interface Answerer {
  readonly id: string;
  answer(
    question: string,
    passages: Passage[],
    opts?: {
      signal?: AbortSignal;
      /** Called with the whole text so far, when the answerer streams (markers not yet renumbered). */
      onToken?: (textSoFar: string) => void;
      /**
       * The question split into the facts it asks for (decomposeQuestion), done once by the pipeline;
       * an answerer given none splits the question itself.
       */
      parts?: string[];
    },
  ): Promise<AnswerDraft>;
}

/** What the delivery layers (CLI, Telegram) need from the question-answering pipeline. */
export interface QaService {
  /** Retrieves passages and answers. Never throws for an ordinary question; abstains instead. */
  ask(
    question: string,
    opts?: {
      k?: number;
      signal?: AbortSignal;
      /**
       * Streams the answer's text as an LLM writes it: called with the whole text so far (markers not
       * yet renumbered). Answerers that do not stream never call it; the returned Answer is final.
       */
      onToken?: (textSoFar: string) => void;
    },
  ): Promise<Answer>;
  /** Looks a chunk up by its stable id (for "show source" buttons); undefined when re-indexed away. */
  chunk(id: string): Chunk | undefined;
  /** Index facts for /status. */
  status(): QaStatus;
}

export interface QaStatus {
  chunks: number;
  pages: number;
  builtAt: string;
  embedder: string;
  answerer: string;
}

/** Progress of a re-index, for progress bars and edited Telegram messages. */
export interface ReindexProgress {
  phase: "scan" | "read" | "embed" | "write";
  done: number;
  total: number;
}

/** What a re-index did. */
export interface ReindexSummary {
  /** Page files new since the last build. */
  added: number;
  /** Page files whose bytes changed. */
  changed: number;
  /** Page files gone from the corpus. */
  removed: number;
  unchanged: number;
  failed: { source: string; reason: string }[];
  /** Chunks in the new index. */
  chunks: number;
  /** Chunks embedded in this run (unchanged ones are reused). */
  embedded: number;
  ms: number;
}

/** Changing the corpus's index while the service keeps answering from the old one. */
export interface IndexAdmin {
  /**
   * Re-indexes the corpus folder and swaps the new index in whole once it is complete; questions
   * asked meanwhile are answered from the old one.
   */
  reindex(opts?: { onProgress?: (p: ReindexProgress) => void }): Promise<ReindexSummary>;
}

/**
 * Turns a question into what retrieval should search for: a translation of an English question,
 * an LLM's rewrite of a paraphrase, or nothing (undefined) to search for the question as asked.
 */
export interface QueryRewriter {
  rewrite(question: string, opts?: { signal?: AbortSignal }): Promise<Rewrite | undefined>;
}

export interface Rewrite {
  /** Queries to retrieve with (their results are interleaved). */
  queries: string[];
  /**
   * The question the answerer should work from, when it cannot read the original (the extractive
   * answerer matches Chinese words, so it answers a Chinese rendering of an English question).
   */
  answerAs?: string;
}
