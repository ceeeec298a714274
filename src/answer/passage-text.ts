/**
 * A passage's sentences and their compacted forms (text/normalize.ts compact()), worked out once
 * per passage and read by both the evidence checks (evidence.ts: three windows per sentence, the
 * passage's context) and the reranker (reranker.ts: the bigrams of the passage and of each
 * sentence, taken over the letters and digits of their compacted forms). Each used to split and compact the same text on its own, several times over; that
 * was most of the reranker's time.
 */
import { splitSentences } from "../chunk/sentences.js";
import { compact } from "../text/normalize.js";

export interface EvidencePassage {
  title: string;
  text: string;
  lead?: string;
}

export interface PassageText extends EvidencePassage {
  readonly title: string;
  readonly text: string;
  readonly lead: string | undefined;
  /** The text's sentences (splitSentences), split on first use. */
  readonly sentences: string[];
  /** compact() of the title, the article's opening and the text: what the passage says as a whole. */
  readonly context: string;
  /**
   * Two compacted texts every window's compacted text (compacted()) is drawn from: the title, which
   * a titled window starts with, and the body, the text's sentences compacted and run together, of
   * which every run of sentences is a substring. Undefined when windows are compacted whole (a Σ).
   */
  readonly windowParts: { title: string; body: string } | undefined;
  /** compact() of sentences from..to joined, after the title when `titled`. */
  compacted(from: number, to: number, titled: boolean): string;
}

/**
 * compact() works character by character, so a run of sentences compacts to the run of their
 * compacted forms, and each sentence is compacted once instead of once for each of the three
 * windows it is part of and once more for the context. The one exception is lower-casing a final Σ
 * (σ or ς by what follows it): a passage holding Σ is compacted run by run, as it was before.
 * compact() drops whitespace before it lower-cases, so text joined with or without line breaks
 * compacts the same.
 *
 * The sentences hold every character of the text but its whitespace, in order (splitSentences), so
 * the text compacted whole is its compacted sentences run together: the context is made from it,
 * and the sentences are split and compacted only when a window or a sentence is asked for. The
 * reranker's bound (evidence.ts scoreBound) reads only the context and the window parts, and most
 * candidates never get further.
 */
export function preparePassage(passage: EvidencePassage): PassageText {
  const { title, text, lead } = passage;
  let split: string[] | undefined;
  const sentencesOf = () => {
    split ??= splitSentences(text);
    return split;
  };
  const join = (from: number, to: number) =>
    sentencesOf()
      .slice(from, to + 1)
      .join("");
  let single: (string | undefined)[] | undefined;
  const compactSentence = (i: number) => {
    single ??= new Array<string | undefined>(sentencesOf().length);
    single[i] ??= compact(sentencesOf()[i]!);
    return single[i]!;
  };
  const bySentence = !title.includes("Σ") && !text.includes("Σ") && !lead?.includes("Σ");
  const compactTitle = bySentence ? compact(title) : "";
  const body = bySentence ? compact(text) : "";
  const context = bySentence
    ? compactTitle + compact(lead ?? "") + body
    : compact(`${title}\n${lead ?? ""}\n${text}`);
  return {
    title,
    text,
    lead,
    get sentences() {
      return sentencesOf();
    },
    context,
    windowParts: bySentence ? { title: compactTitle, body } : undefined,
    compacted(from, to, titled) {
      if (!bySentence) return compact(titled ? `${title}\n${join(from, to)}` : join(from, to));
      let out = titled ? compactTitle : "";
      for (let i = from; i <= to; i++) out += compactSentence(i);
      return out;
    },
  };
}
