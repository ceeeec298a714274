import type { Tokenizer } from "../text/tokenizer.js";

/**
 * Remembers the tokens of the current batch, so the lexical index and the hashed embedder (which
 * tokenises the same text) segment each chunk once.
 */
export function memoTokenizer(base: Tokenizer): Tokenizer & { clear(): void } {
  let memo = new Map<string, string[]>();
  return {
    ...base,
    tokens(text) {
      let t = memo.get(text);
      if (!t) {
        if (memo.size > 4096) memo = new Map();
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
