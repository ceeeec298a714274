/**
 * Splits a question that asks for two or more facts at once ("A和B分别是谁", "A的X、B的Y各是多少")
 * into one question per fact, so each is retrieved and answered on its own and cited separately.
 */

import { ORG_SUFFIX } from "../text/entities.js";
import type { Tokenizer } from "../text/tokenizer.js";

/** 分别 / 各 / 各自, optionally followed by 是/为/有/在: the sign of a multi-fact question. */
const MULTI = /(?:分别|各自|各)(?=是|为|有|在|叫|多少|几|什么|哪|\s*[？?]|$)/;
const SEPARATORS = /、|，|,|以及|和|与|及|跟|同/;
/** A name with nothing asked of it yet: it ends in an organisation's, zone's or project's generic word. */
const BARE_NAME = new RegExp(`(?:${ORG_SUFFIX.source}|项目|计划|”)$`);

/**
 * With a tokenizer that knows the corpus's names, a separator splits only where it stands as a
 * word of its own: 郑州和丰数字经济产业园 is one name, not 郑州 and 丰….
 */
export function decomposeQuestion(question: string, tokenizer?: Pick<Tokenizer, "words">): string[] {
  const q = question.trim();
  const m = MULTI.exec(q);
  if (!m) return [q];
  const head = q.slice(0, m.index).trim();
  const tail = q.slice(m.index + m[0].length).trim();
  const parts = (tokenizer ? splitAtWords(head, tokenizer) : head.split(SEPARATORS))
    .map((p) => p.trim())
    .filter((p) => p.length >= 2);
  if (parts.length < 2) return [q];
  // "A和B的总经理分别是谁": the shared attribute is written once, after the last entity. Only a
  // bare name takes it: "X项目总投资与Y园整合的企业数量" asks two different things.
  const shared = /的([^的]+)$/.exec(parts.at(-1)!)?.[0];
  return parts.map((p, i) => {
    const bare = !p.includes("的") && BARE_NAME.test(p);
    const withAttribute = shared && i < parts.length - 1 && bare ? `${p}${shared}` : p;
    return `${withAttribute}${tail || "是什么？"}`;
  });
}

const PUNCT_SEPARATOR = /[、，,]/;
const WORD_SEPARATOR = /^(?:以及|和|与|及|跟|同)$/;

function splitAtWords(head: string, tokenizer: Pick<Tokenizer, "words">): string[] {
  // The tokenizer folds full-width ASCII; fold the same way so its words are found in the text.
  const text = head.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const parts: string[] = [];
  let current = "";
  let pos = 0;
  const gapUpTo = (end: number) => {
    const gap = text.slice(pos, end);
    if (PUNCT_SEPARATOR.test(gap)) {
      parts.push(current);
      current = "";
    } else current += gap;
  };
  for (const word of tokenizer.words(text)) {
    const at = text.indexOf(word, pos);
    if (at < 0) continue;
    gapUpTo(at);
    if (WORD_SEPARATOR.test(word)) {
      parts.push(current);
      current = "";
    } else current += word;
    pos = at + word.length;
  }
  gapUpTo(text.length);
  parts.push(current);
  return parts;
}
