/**
 * Splits a question that asks for two or more facts at once ("A和B分别是谁", "A的X、B的Y各是多少")
 * into one question per fact, so each is retrieved and answered on its own and cited separately.
 */

import { ORG_SUFFIX } from "../text/entities.js";
import { foldFullWidth } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";

/** 分别 / 各 / 各自, optionally followed by 是/为/有/在: the sign of a multi-fact question. */
const MULTI = /(?:分别|各自|各)(?=是|为|有|在|叫|多少|几|什么|哪|\s*[？?]|$)/;
const SEPARATORS = /、|，|,|以及|和|与|及|跟|同/;
/** A name with nothing asked of it yet: it ends in an organisation's, zone's or project's generic word. */
const BARE_NAME = new RegExp(`(?:${ORG_SUFFIX.source}|项目|计划|”)$`);

/**
 * With a tokenizer that knows the corpus's names, a separator inside one of them does not split:
 * 郑州和丰数字经济产业园 is one name, not 郑州 and 丰….
 */
export function decomposeQuestion(question: string, tokenizer?: Pick<Tokenizer, "words">): string[] {
  const q = question.trim();
  const m = MULTI.exec(q);
  if (!m) return [q];
  const head = q.slice(0, m.index).trim();
  const tail = q.slice(m.index + m[0].length).trim();
  const parts = splitParts(head, tokenizer)
    .map((p) => p.trim())
    .filter((p) => p.length >= 2);
  if (parts.length < 2) return [q];
  // "A和B的总经理分别是谁": the shared attribute is written once, after the last entity. Only a
  // bare name takes it: "X项目总投资与Y园整合的企业数量" asks two different things.
  const shared = /的([^的]+)$/.exec(parts.at(-1)!)?.[0];
  return parts.map((p, i) => {
    const bare = !p.includes("的") && (BARE_NAME.test(p) || p.replace(/^请问/, "").length <= 4);
    const withAttribute = shared && i < parts.length - 1 && bare ? `${p}${shared}` : p;
    return `${withAttribute}${tail || "是什么？"}`;
  });
}

/** A piece shorter than this (after 请问) is part of a name, not a question: 唯和…项目, …与昌吉和海…园. */
const MIN_PIECE = 3;

/**
 * Cuts the question's head at its separators, except where a separator stands inside a name: inside
 * a long word the tokenizer knows (郑州和丰数字经济产业园), or where the cut would leave a piece too
 * short to ask anything.
 */
function splitParts(head: string, tokenizer?: Pick<Tokenizer, "words">): string[] {
  // The tokenizer folds full-width ASCII; fold the same way so its words are found in the text.
  const text = foldFullWidth(head);
  const names: [number, number][] = [];
  let pos = 0;
  for (const word of tokenizer?.words(text) ?? []) {
    const at = text.indexOf(word, pos);
    if (at < 0) continue;
    if (word.length >= 4) names.push([at, at + word.length]);
    pos = at + word.length;
  }
  const insideName = (at: number, end: number) => names.some(([s, e]) => s < at && end <= e);
  const pieceLength = (piece: string) => piece.replace(/^\s*请问/, "").trim().length;
  const cuts: [number, number][] = [];
  let from = 0;
  for (const m of text.matchAll(new RegExp(SEPARATORS.source, "g"))) {
    const end = m.index + m[0].length;
    // The first piece may be a bare two-character place (清远和佛山…); after a cut, a piece that
    // short is more likely the start of a name with 和 in it.
    const least = cuts.length === 0 ? 2 : MIN_PIECE;
    if (insideName(m.index, end) || pieceLength(text.slice(from, m.index)) < least) continue;
    cuts.push([m.index, end]);
    from = end;
  }
  // A too-short last piece belongs to the one before it.
  if (cuts.length > 0 && pieceLength(text.slice(from)) < MIN_PIECE) cuts.pop();
  const parts: string[] = [];
  let start = 0;
  for (const [at, end] of cuts) {
    parts.push(text.slice(start, at));
    start = end;
  }
  parts.push(text.slice(start));
  return parts;
}
