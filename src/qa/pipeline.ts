/**
 * Retrieval + answering + citation resolution: question in, Answer out. Delivery layers (CLI,
 * Telegram) only ever see the Answer.
 */

import { abstentionText } from "../answer/acceptance.js";
import { extractMarkers, renumberMarkers } from "../answer/citation-markers.js";
import { decomposeQuestion } from "../answer/decompose.js";
import { InputError } from "../errors.js";
import type { Retriever } from "../retrieve/retriever.js";
import { normalizeText, stripPoliteness } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Answer, AnswerDraft, Answerer, Citation, Passage, QaService, QueryRewriter } from "../types.js";

export interface Pipeline {
  ask(question: string, opts?: Parameters<QaService["ask"]>[1]): Promise<Answer>;
  /** The passages `ask` would answer from, without answering. */
  retrieve(question: string, opts?: { k?: number; signal?: AbortSignal }): Promise<Passage[]>;
}

export function createPipeline(deps: {
  retriever: Retriever;
  answerer: Answerer;
  /** Passages retrieved per question. */
  topK: number;
  rewriter?: QueryRewriter;
  /** Splits two-fact questions only at separators that are words of their own (see decomposeQuestion). */
  tokenizer?: Pick<Tokenizer, "words">;
}): Pipeline {
  const retrieve = async (question: string, opts: { k?: number; signal?: AbortSignal }) => {
    // Every front end comes through here, so this is where pasted invisible characters, full-width
    // digits and politeness ("请问…谢谢") go: they must not change what is found or answered.
    const asked = normalizeText(question);
    if (!asked) throw new InputError("The question is empty. Ask something about the indexed pages.");
    const q = stripPoliteness(asked);
    const k = opts.k ?? deps.topK;
    const rewrite = await deps.rewriter?.rewrite(q, { signal: opts.signal });
    // The question is split into the facts it asks for once, here: the same parts are searched for
    // and answered, unless a rewrite searches for other words.
    const answerAs = rewrite?.answerAs ?? q;
    const parts = decomposeQuestion(answerAs, deps.tokenizer);
    const queries = rewrite?.queries.length
      ? rewrite.queries.flatMap((query) => decomposeQuestion(query, deps.tokenizer))
      : answerAs === q
        ? parts
        : decomposeQuestion(q, deps.tokenizer);
    const passages =
      queries.length > 1
        ? interleave(await Promise.all(queries.map((p) => deps.retriever.retrieve(p, k))), k)
        : await deps.retriever.retrieve(queries[0]!, k);
    return { asked, q, rewrite, answerAs, parts, passages };
  };
  return {
    retrieve: async (question, opts = {}) => (await retrieve(question, opts)).passages,
    async ask(question, opts = {}) {
      const { asked, q, rewrite, answerAs, parts, passages } = await retrieve(question, opts);
      const draft = await deps.answerer.answer(answerAs, passages, {
        signal: opts.signal,
        onToken: opts.onToken,
        parts,
      });
      // An answer worked out from a translation still speaks the asker's language when it declines.
      if (draft.abstained && rewrite?.answerAs && isEnglish(q)) draft.text = abstentionText("en");
      // The answer echoes the question as asked (cleaned of invisible characters), politeness and all.
      return resolveCitations(asked, draft, passages);
    },
  };
}

const isEnglish = (text: string) => !/\p{Script=Han}/u.test(text);

/** Takes passages from each sub-question's list in turn, so every asked-for fact has its evidence. */
function interleave(lists: Passage[][], k: number): Passage[] {
  const out: Passage[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < k && lists.some((l) => i < l.length); i++) {
    for (const list of lists) {
      const p = list[i];
      if (!p || seen.has(p.id) || out.length >= k) continue;
      seen.add(p.id);
      out.push({ ...p, rank: out.length + 1 });
    }
  }
  return out;
}

/**
 * Turns the draft's passage positions into citations numbered 1..m in order of first mention, and
 * rewrites the markers to match. Markers to passages that were not retrieved are dropped.
 */
export function resolveCitations(question: string, draft: AnswerDraft, passages: Passage[]): Answer {
  const order = draft.abstained
    ? []
    : [...extractMarkers(draft.text), ...draft.cited].filter((n) => n >= 1 && n <= passages.length);
  const mapping = new Map<number, number>();
  for (const n of order) if (!mapping.has(n)) mapping.set(n, mapping.size + 1);
  const citations: Citation[] = [...mapping].map(([from, to]) => {
    const p = passages[from - 1]!;
    return {
      n: to,
      chunkId: p.id,
      title: p.title,
      source: p.source,
      paper: p.paper,
      date: p.date,
      page: p.page,
      text: p.text,
      quote: draft.quotes?.[from],
    };
  });
  return {
    question,
    answer: renumberMarkers(draft.text, mapping),
    abstained: draft.abstained,
    citations,
    passages,
    answerer: draft.answerer,
  };
}
