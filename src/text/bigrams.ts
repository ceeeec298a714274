/**
 * Character bigrams over letters and digits: the unit that still matches a name jieba cuts apart
 * (foreign names, new terms), used by the local reranker and the answer features.
 */
import { compact } from "./normalize.js";

/** Letters and digits only, compacted: what bigrams are taken over. */
export const bigramText = (text: string) => lettersAndDigits(compact(text));

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Per UTF-16 code unit outside the surrogates, whether it is a letter or digit; built on first use (~6 ms). */
let letterOrDigit: Uint8Array | undefined;

function letterOrDigitTable(): Uint8Array {
  if (!letterOrDigit) {
    letterOrDigit = new Uint8Array(65536);
    for (let c = 0; c < 65536; c++)
      if (c < 0xd800 || c > 0xdfff) letterOrDigit[c] = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 0;
  }
  return letterOrDigit;
}

/**
 * `text.replace(/[^\p{L}\p{N}]/gu, "")`, by a table lookup per character instead: the regular
 * expression's replace was the largest single cost of the rerank (it runs over every candidate
 * sentence of every question), and the loop takes a third of its time. Surrogate pairs are tested
 * as the code points they make, and a lone surrogate is dropped, as the expression does.
 */
export function lettersAndDigits(text: string): string {
  const letterOrDigit = letterOrDigitTable();
  let out = "";
  let kept = 0; // start of the run of kept characters not yet copied to `out`
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        if (!LETTER_OR_DIGIT.test(text.slice(i, i + 2))) {
          out += text.slice(kept, i);
          kept = i + 2;
        }
        i++;
        continue;
      }
    }
    if (letterOrDigit[c] === 0) {
      out += text.slice(kept, i);
      kept = i + 1;
    }
  }
  return kept === 0 ? text : out + text.slice(kept);
}

export function bigramsOf(text: string): string[] {
  const s = bigramText(text);
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** What bigramShare asks of a text's bigrams: whether one is among them. */
export interface Bigrams {
  has(gram: string): boolean;
}

/**
 * Which of `asked` (a question's distinct bigrams) a text holds, given the text's bigramText() and
 * found in one pass over it: the same answers as the text's bigramsOf list, without making a
 * string and a set entry for each of its hundreds of bigrams (the reranker did that for 60
 * passages and all their sentences per question). A bigram not in `asked` is looked for directly.
 */
export function bigramFinder(asked: readonly string[]): (letters: string) => Bigrams {
  const find = bigramsSkipping(asked);
  return (s) => find(s, false);
}

/**
 * bigramFinder(asked) over lettersAndDigits(text), given the text itself (a compacted passage):
 * the pairs of letters and digits next to each other once the rest is taken out are found in the
 * same pass that takes it out, without making the letters-only string (the reranker made one for
 * each of its 60 passages, a third of its bigram time). The string is made only when a bigram not
 * in `asked` is asked for.
 */
export function bigramFinderSkipping(asked: readonly string[]): (text: string) => Bigrams {
  const find = bigramsSkipping(asked);
  return (text) => find(text, true);
}

function bigramsSkipping(asked: readonly string[]): (s: string, skip: boolean) => Bigrams {
  const keep = letterOrDigitTable();
  const slot = new Map(asked.map((g, i) => [g, i]));
  // First character -> [second character, slot] of each asked bigram; `starts` marks the first
  // characters, so most of a text's characters cost one array read.
  const next = new Map<number, number[]>();
  const starts = new Uint8Array(65536);
  for (const [g, i] of slot) {
    if (g.length !== 2) continue;
    const list = next.get(g.charCodeAt(0)) ?? [];
    list.push(g.charCodeAt(1), i);
    next.set(g.charCodeAt(0), list);
    starts[g.charCodeAt(0)] = 1;
  }
  return (s, skip) => {
    const found = new Uint8Array(asked.length);
    // The previous kept code unit; -1 before the first. Without `skip` every unit is kept.
    let prev = -1;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (skip) {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
          const low = s.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            i++;
            // A kept astral letter is two code units, as in the letters-only string.
            if (!LETTER_OR_DIGIT.test(s.slice(i - 1, i + 1))) continue;
            if (prev >= 0 && starts[prev] === 1) mark(found, next.get(prev), c);
            prev = c;
            c = low;
          } else if (keep[c] === 0) continue;
        } else if (keep[c] === 0) continue;
      }
      if (prev >= 0 && starts[prev] === 1) mark(found, next.get(prev), c);
      prev = c;
    }
    let letters: string | undefined;
    return {
      has: (gram) => {
        const i = slot.get(gram);
        if (i !== undefined && gram.length === 2) return found[i] === 1;
        if (gram.length !== 2) return false;
        letters ??= skip ? lettersAndDigits(s) : s;
        return letters.includes(gram);
      },
    };
  };
}

/** Marks the slots of the asked bigrams `list` pairs with `second` (list: second character, slot, …). */
function mark(found: Uint8Array, list: number[] | undefined, second: number): void {
  if (!list) return;
  for (let j = 0; j < list.length; j += 2) if (list[j] === second) found[list[j + 1]!] = 1;
}

/**
 * The weighted share of a question's bigrams a text holds, with each bigram weighted by how few
 * texts of the pool hold it: a bigram every candidate shares (本报, 记者) says little, one only a
 * few hold (a name, a figure's noun) says much. `pool` is the candidates' bigrams.
 */
export function bigramShare(asked: readonly string[], pool: readonly Bigrams[]): (grams: Bigrams) => number {
  const df = new Map<string, number>();
  for (const grams of pool) for (const g of asked) if (grams.has(g)) df.set(g, (df.get(g) ?? 0) + 1);
  const weight = asked.map((g) => Math.log(1 + (pool.length + 1) / ((df.get(g) ?? 0) + 1)));
  const total = weight.reduce((s, w) => s + w, 0) || 1;
  return (grams) => {
    // Summed in the order of `asked`, as ever, so shares do not move in the last digit.
    let s = 0;
    for (let i = 0; i < asked.length; i++) s += grams.has(asked[i]!) ? weight[i]! : 0;
    return s / total;
  };
}
