/**
 * Offline English questions: the extractive pipeline reads Chinese, so an English question is
 * mapped to Chinese terms (CC-CEDICT, plus the corpus's own names by pinyin) for retrieval, and
 * to a Chinese question shape for picking the answering sentence.
 */
import {
  createEnglishQueryMapper,
  type EnglishQueryMapper,
  isEnglishQuestion,
} from "../answer/english-query.js";
import { analyzeQuestion, type FactType } from "../answer/question.js";
import { type NameLexiconData, nameLexiconFromJSON } from "../text/name-lexicon.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { QueryRewriter } from "../types.js";

/** How the Chinese rendering asks for each kind of fact. */
const ASK: Record<FactType, string> = {
  person: "是谁",
  number: "是多少",
  year: "是哪一年",
  time: "是什么时候",
  place: "在哪里",
  org: "是哪家",
  reason: "为什么",
  list: "有哪些",
  other: "",
};

export function createEnglishRewriter(deps: {
  /** The corpus's names by pinyin, asked for on the first English question (see StoredIndex.names). */
  names: () => NameLexiconData;
  tokenizer: Tokenizer;
  mapper?: EnglishQueryMapper;
}): QueryRewriter {
  // Built on the first English question: at 68k articles the name lexicon takes a while to
  // index, and a bot asked in Chinese should not wait for it before its first answer.
  let mapper = deps.mapper;
  return {
    async rewrite(question) {
      if (!isEnglishQuestion(question)) return undefined;
      mapper ??= createEnglishQueryMapper({ lexicon: nameLexiconFromJSON(deps.names()) });
      const mapped = mapper.toChinese(question);
      if (!mapped.query) return undefined;
      const factType = analyzeQuestion(question, deps.tokenizer).factType;
      // The first candidate of each term stands for it; a capitalised word nothing could map is
      // kept as written, so a question about something the paper never names cannot be answered.
      const terms = [
        ...mapped.terms.map((t) => t.zh[0]).filter((t): t is string => Boolean(t)),
        ...mapped.unmapped.filter((w) => /^[A-Z]/.test(w)),
      ];
      // A ranking is asked for as 第几, so the answer is the ordinal ("第96名"), not any number.
      const ask = /\brank(?:ing|ed)?\b/i.test(question) ? "第几" : ASK[factType];
      return { queries: [mapped.query], answerAs: `${terms.join(" ")} ${ask}`.trim() };
    },
  };
}
