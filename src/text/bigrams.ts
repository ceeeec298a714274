/**
 * Character bigrams over letters and digits: the unit that still matches a name jieba cuts apart
 * (foreign names, new terms), used by the local reranker and the answer features.
 */
import { compact } from "./normalize.js";

/** Letters and digits only, compacted: what bigrams are taken over. */
export const bigramText = (text: string) => compact(text).replace(/[^\p{L}\p{N}]/gu, "");

export function bigramsOf(text: string): string[] {
  const s = bigramText(text);
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}
