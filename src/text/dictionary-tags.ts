/**
 * jieba's part-of-speech tags without its `tag`: the words of `cut` (HMM on, as `tag` cuts), each
 * tagged as jieba-rs's `tag` does it: the tag of the word's entry in the dictionary (its first
 * entry, where dict.txt lists a word twice), else "eng" for a word with ASCII letters or digits,
 * "m" for one with ASCII digits only, "x" for anything else.
 *
 * Why: most of `tag`'s cost is the JS object of two strings it makes for each word, and tagging is
 * the largest part of reading a page in a build (names for the user dictionary and the English-name
 * lexicon: ~19 of a worker's ~65 CPU-s at 68,000 news articles). `cut` makes one string a word.
 *
 * Only for a segmenter that has been taught nothing: a taught word's entry ("nz") is jieba's own.
 * Words are kept by two 32-bit hashes, not as strings: ~349,000 entries in 9 MB, where a Map of
 * them took 58 MB of a worker's heap and 0.74 s to fill.
 */
import { dict } from "@node-rs/jieba/dict.js";
import { wordHashes } from "./word-hashes.js";

export type TagOf = (word: string) => string;

/** The tag lookup for jieba's default dictionary (`bytes`: dict.txt, "word freq tag" a line). */
export function createDictionaryTags(bytes: Uint8Array = dict): TagOf {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const tagNames: string[] = [];
  const tagIds = new Map<string, number>();
  const table = new HashedWords(450_000);
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, "");
    start = end + 1;
    const [word, , tag = ""] = line.split(" ");
    if (!word) continue;
    let id = tagIds.get(tag);
    if (id === undefined) {
      id = tagNames.push(tag) - 1;
      tagIds.set(tag, id);
    }
    table.addFirst(word, id);
  }
  return (word) => {
    const id = table.get(word);
    return id >= 0 ? tagNames[id]! : unknownWordTag(word);
  };
}

/** jieba-rs's tag for a word its dictionary lacks. */
function unknownWordTag(word: string): string {
  let eng = 0;
  let digits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      eng++;
      if (digit) digits++;
    }
  }
  return eng === 0 ? "x" : eng === digits ? "m" : "eng";
}

/**
 * Words by their two hashes (word-hashes.ts) in open addressing, each with a small value.
 */
class HashedWords {
  private readonly a: Uint32Array;
  private readonly b: Uint32Array;
  /** The value + 1; 0 for an empty slot. */
  private readonly values: Uint16Array;
  private readonly mask: number;
  private ha = 0;
  private hb = 0;

  constructor(capacity: number) {
    let size = 1;
    while (size < 2 * capacity) size *= 2;
    this.a = new Uint32Array(size);
    this.b = new Uint32Array(size);
    this.values = new Uint16Array(size);
    this.mask = size - 1;
  }

  /** Keeps `value` for `word` unless the word is kept already. */
  addFirst(word: string, value: number): void {
    const i = this.slot(word);
    if (this.values[i] === 0) {
      this.a[i] = this.ha;
      this.b[i] = this.hb;
      this.values[i] = value + 1;
    }
  }

  /** The word's value, or -1. */
  get(word: string): number {
    return this.values[this.slot(word)]! - 1;
  }

  /** The word's slot, or the empty one where it would go. */
  private slot(word: string): number {
    const h = wordHashes(word);
    this.ha = h[0]!;
    this.hb = h[1]!;
    for (let i = this.ha & this.mask; ; i = (i + 1) & this.mask) {
      if (this.values[i] === 0 || (this.a[i] === this.ha && this.b[i] === this.hb)) return i;
    }
  }
}
