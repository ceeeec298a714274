/**
 * Which of a large dictionary's words a few texts hold, asked word by word without cutting either
 * out (word-teacher.ts addFor): every substring of the texts by length and hash, and the dictionary
 * read as lines of one string. A hit may be another substring with the same 32-bit key, so the
 * caller checks the word itself.
 */

/** Longest substring kept: longer words are checked against the texts directly. */
export const SUBSTRING_MAX = 31;

/** Substrings kept at most (a table of twice as many 32-bit keys: 32 MB), else none. */
const MOST = 1 << 22;

export interface SubstringSet {
  /** Whether a substring of `length` characters has running hash `h`: `(h * 31 + c) | 0` over its characters. */
  has(h: number, length: number): boolean;
}

/**
 * The substrings of `texts` of 2 to `longest` characters, or undefined when there are more than
 * MOST of them.
 */
export function createSubstringSet(texts: readonly string[], longest: number): SubstringSet | undefined {
  let count = 0;
  for (const t of texts) for (let n = 2; n <= longest && n <= t.length; n++) count += t.length - n + 1;
  if (count > MOST) return undefined;
  let size = 1 << 10;
  while (size < 2 * count) size *= 2;
  const keys = new Int32Array(size);
  const mask = size - 1;
  /** The slot holding `k`, or the empty one where it would go. */
  const slot = (k: number) => {
    let i = (k ^ (k >>> 15)) & mask;
    while (keys[i] !== 0 && keys[i] !== k) i = (i + 1) & mask;
    return i;
  };
  for (const t of texts) {
    for (let i = 0; i + 1 < t.length; i++) {
      let h = t.charCodeAt(i);
      for (let n = 2; n <= longest && i + n <= t.length; n++) {
        h = (Math.imul(h, 31) + t.charCodeAt(i + n - 1)) | 0;
        const k = key(h, n);
        keys[slot(k)] = k;
      }
    }
  }
  return { has: (h, length) => keys[slot(key(h, length))] !== 0 };
}

/** A nonzero key for a substring's hash and length (0 marks an empty slot). */
function key(h: number, length: number): number {
  return (Math.imul(h, 0x9e3779b1) + length) | 0 || 1;
}

/** Lines of `text` (an upper bound on its words) and the longest one's length. */
export function lineStats(text: string): { lines: number; longest: number } {
  let lines = 0;
  let longest = 0;
  for (let start = 0; start <= text.length; lines++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  return { lines, longest };
}

/** What String.prototype.trim and /\s/ take for white space. */
export function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
