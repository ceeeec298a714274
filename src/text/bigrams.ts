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

/**
 * The weighted share of a question's bigrams a text holds, with each bigram weighted by how few
 * texts of the pool hold it: a bigram every candidate shares (本报, 记者) says little, one only a
 * few hold (a name, a figure's noun) says much. `pool` is the candidates' bigram sets.
 */
export function bigramShare(
  asked: readonly string[],
  pool: readonly Set<string>[],
): (grams: Set<string>) => number {
  const df = new Map<string, number>();
  for (const grams of pool) for (const g of asked) if (grams.has(g)) df.set(g, (df.get(g) ?? 0) + 1);
  const weight = new Map(asked.map((g) => [g, Math.log(1 + (pool.length + 1) / ((df.get(g) ?? 0) + 1))]));
  const total = asked.reduce((s, g) => s + weight.get(g)!, 0) || 1;
  return (grams) => asked.reduce((s, g) => s + (grams.has(g) ? weight.get(g)! : 0), 0) / total;
}
