/**
 * jieba's IDF table ("word idf" per line, 270,000 lines, 6 MB) looked up where it lies. Splitting it
 * into a Map of strings took 350 ms of every process's start-up (and more of its garbage collection)
 * before the first question could be answered; hashing each line's bytes into a table of offsets
 * takes a tenth of that, and a lookup decodes only the figure it needs.
 */

/** The IDF a table gives a word it does not list: see {@link createIdfLookup}. */
export type IdfLookup = (token: string) => number;

/**
 * The 75th-percentile IDF of jieba's table, what a word it does not list gets: names, numbers and new
 * terms are rarer than the median word in news, and usually what a question is about. A constant, so
 * the table's figures need not all be parsed at start-up; test/embed/idf-table.test.ts checks it
 * against the table.
 */
export const UNKNOWN_IDF = 13.2075304714;

/**
 * Figures looked up are kept, up to this many tokens (then the memo starts again): a build asks for
 * the same few hundred thousand words millions of times, and a memo hit is ten times cheaper than
 * encoding and probing. About the table's own size, so no more memory than the Map it replaces.
 */
const MEMO_TOKENS = 300_000;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  return h >>> 0;
}

/**
 * A lookup over `table`'s bytes, "word idf" lines. The words' bytes are hashed into an open-addressed
 * table of line starts (twice as many slots as lines); a lookup encodes the token, probes, compares
 * bytes and parses the figure after the space. A word listed twice keeps its last figure, as a Map
 * built line by line did.
 */
export function createIdfLookup(table: Uint8Array, unknown = UNKNOWN_IDF): IdfLookup {
  let lines = 0;
  for (let i = 0; i < table.length; i++) if (table[i] === NEWLINE) lines++;
  let size = 1;
  while (size < 2 * (lines + 1)) size <<= 1;
  const mask = size - 1;
  // Slot → 1 + the offset of its word's first byte (0: empty), and where its word ends (the space).
  const starts = new Uint32Array(size);
  const spaces = new Uint32Array(size);
  const sameWord = (slot: number, bytes: Uint8Array, from: number, to: number) => {
    const start = starts[slot]! - 1;
    if (spaces[slot]! - start !== to - from) return false;
    for (let k = 0; k < to - from; k++) if (table[start + k] !== bytes[from + k]) return false;
    return true;
  };
  for (let start = 0; start < table.length; ) {
    let end = table.indexOf(NEWLINE, start);
    if (end < 0) end = table.length;
    const space = table.lastIndexOf(SPACE, end - 1);
    if (space > start) {
      let slot = hashBytes(table, start, space) & mask;
      while (starts[slot] !== 0 && !sameWord(slot, table, start, space)) slot = (slot + 1) & mask;
      starts[slot] = start + 1;
      spaces[slot] = space;
    }
    start = end + 1;
  }
  const encoder = new TextEncoder();
  let scratch = new Uint8Array(256);
  const probe = (token: string): number => {
    // Three bytes a UTF-16 unit at most in UTF-8.
    if (scratch.length < token.length * 3) scratch = new Uint8Array(token.length * 3);
    const { written } = encoder.encodeInto(token, scratch);
    let slot = hashBytes(scratch, 0, written) & mask;
    for (; starts[slot] !== 0; slot = (slot + 1) & mask) {
      if (!sameWord(slot, scratch, 0, written)) continue;
      let end = table.indexOf(NEWLINE, spaces[slot]!);
      if (end < 0) end = table.length;
      return Number(String.fromCharCode(...table.subarray(spaces[slot]! + 1, end)));
    }
    return unknown;
  };
  const memo = new Map<string, number>();
  return (token) => {
    let figure = memo.get(token);
    if (figure === undefined) {
      figure = probe(token);
      if (memo.size >= MEMO_TOKENS) memo.clear();
      memo.set(token, figure);
    }
    return figure;
  };
}
