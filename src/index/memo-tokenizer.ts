import type { Tokenizer } from "../text/tokenizer.js";
import type { SegmentSource } from "./segment.js";

/**
 * Remembers the tokens of the current batch, so the lexical index and the LSA embedder (which
 * tokenises the same text) segment each chunk once; the hashed vectors read the postings' term
 * counts and need no memo. It holds at most two batches of writeSegment's
 * default 256: holding 4,096 texts' tokens kept them alive long enough to fill each build worker's
 * old generation with them (68k build: peak RSS ~1.99 → ~1.82 GB).
 */
const REMEMBERED = 512;

export function memoTokenizer(base: Tokenizer): Tokenizer & { clear(): void } {
  let memo = new Map<string, string[]>();
  return {
    ...base,
    tokens(text) {
      let t = memo.get(text);
      if (!t) {
        if (memo.size >= REMEMBERED) memo = new Map();
        t = base.tokens(text);
        memo.set(text, t);
      }
      return t;
    },
    clear() {
      memo = new Map();
    },
  };
}

/**
 * A segment's source for an embedder that tokenises each chunk again (LSA): the postings and the
 * embedder share one memo, so each chunk is segmented once. `embedderFor` makes the embedder on
 * that memo.
 */
export function memoisedSource(
  tokenizer: Tokenizer,
  embedderFor: (memo: Tokenizer) => { vector(text: string): Float32Array },
): SegmentSource {
  const memo = memoTokenizer(tokenizer);
  const embedder = embedderFor(memo);
  return { tokenizer: memo, embed: async (texts) => texts.map((t) => embedder.vector(t)) };
}
