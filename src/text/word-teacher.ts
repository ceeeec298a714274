/**
 * Teaches jieba the corpus's names (秀洲高新区, 新夜电子) so they are not split: all at once, or
 * each as a text holding it is segmented, with the same segmentation either way.
 *
 * Why on demand: each name taught costs jieba about 550 bytes of native memory. A million synthetic
 * chunks carry ~818,000 names, and teaching them all took a service ~450 MB of its ~3.2 GB, while a
 * question and the sentences read to answer it hold a few dozen (serving segments ~510 characters a
 * question there). jieba segments a text by the dictionary words that are substrings of it, weighed
 * by their frequency against the dictionary's total (jieba-rs's `load_dict` sets each entry's
 * frequency and keeps the sum of all of them). So a text segments exactly as with every name taught
 * when (1) every name it holds is taught before it is segmented, and (2) the total is what teaching
 * all of them would make it. (2) is kept by one entry no text can hold, whose frequency is what the
 * untaught names would add: each name's 1000, less the frequency of the base dictionary's entry it
 * replaces.
 *
 * Builds teach everything at once: they segment whole issues, where scanning every character for
 * untaught names costs as much as teaching them (bench/profile-notes.md, "a true million"). So do
 * services with small dictionaries (NAMES_ON_DEMAND_FROM).
 */
import type { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

/** Every taught name's frequency: high enough that a name wins over its characters. */
const TAUGHT_FREQUENCY = 1000;
/**
 * Carries the untaught names' frequency. Private-use characters: jieba's word pattern never takes
 * them into a span it segments, so no text's segmentation can use this entry.
 */
const TOTAL_KEEPER = "\uE000\uE001\uE002";

export interface WordTeacher {
  /** Names to teach: whole words of two characters or more without spaces (others are skipped). */
  add(words: Iterable<string>): void;
  /** Teaches the names `input` holds; called with the exact string jieba is about to segment. */
  before(input: string): void;
}

/**
 * Where services start teaching on demand. Below it the on-demand machinery costs more than it
 * saves: jieba holds a taught name in ~550 bytes, so 100,000 names take ~55 MB, while waiting
 * names need the base dictionary's frequencies (a ~12 MB table, ~150 ms to parse) and a prefix
 * index. At 68,210 real articles (30,267 names) waiting for every name had raised a service's
 * peak RSS from 655 to ~700 MB and its load from 1.2–1.4 to 1.7–2.3 s.
 */
export const NAMES_ON_DEMAND_FROM = 100_000;

export interface WordTeacherOptions {
  /**
   * Names are taught as they are added until more than this many are known; past it, each new one
   * waits for the first text holding it. Default: every name is taught as it is added.
   */
  onDemandFrom?: number;
}

export function createWordTeacher(jieba: () => Jieba, opts: WordTeacherOptions = {}): WordTeacher {
  const onDemandFrom = opts.onDemandFrom ?? Number.POSITIVE_INFINITY;
  // Every name added: while it waits, what teaching it changes jieba's total by (its frequency, less
  // that of the base dictionary's entry it replaces); once taught, null. A bot adds the index's whole
  // dictionary again on every build and reload, and only the new names change anything.
  const known = new Map<string, number | null>();
  // Made when a first name waits.
  let prefixes: PrefixIndex | undefined;
  let baseFrequency: ((word: string) => number) | undefined;
  let owed = 0;

  const teach = (words: readonly string[]) => {
    for (const w of words) {
      owed -= known.get(w) ?? 0;
      known.set(w, null);
    }
    let batch = words;
    // A total below the base's cannot be carried by an entry: every name is taught then.
    if (owed < 0) {
      const rest = [...known].filter(([, delta]) => delta !== null).map(([w]) => w);
      for (const w of rest) known.set(w, null);
      owed = 0;
      batch = [...words, ...rest];
    }
    const lines = batch.map((w) => `${w} ${TAUGHT_FREQUENCY} nz`);
    if (prefixes) lines.push(`${TOTAL_KEEPER} ${owed} x`);
    if (lines.length) jieba().loadDict(Buffer.from(lines.join("\n")));
  };
  return {
    add(words) {
      const fresh: string[] = [];
      for (const w of words) {
        if (known.has(w) || !isName(w)) continue;
        known.set(w, null);
        fresh.push(w);
      }
      if (fresh.length === 0) return;
      if (known.size <= onDemandFrom) return teach(fresh);
      baseFrequency ??= createBaseFrequencies();
      prefixes ??= createPrefixIndex();
      for (const w of fresh) {
        const delta = TAUGHT_FREQUENCY - baseFrequency(w);
        known.set(w, delta);
        owed += delta;
        prefixes.add(w);
      }
      teach([]);
    },
    before(input) {
      if (!prefixes) return;
      const found = prefixes.namesIn(input, (w) => known.get(w) != null);
      if (found.length > 0) teach(found);
    },
  };
}

function isName(w: string): boolean {
  return w.length >= 2 && !/\s/.test(w);
}

type PrefixIndex = ReturnType<typeof createPrefixIndex>;

/** Buckets of the prefix index: 4 MB of masks, few enough prefixes to a bucket at a million names. */
const PREFIX_BUCKETS = 1 << 20;
/** Mask bit for names longer than the mask holds (bit 0 is free: names have two characters or more). */
const LONG = 1;
/** Bits of the filter of whole names (2 MB): at a million names about one in twenty is set. */
const NAME_BITS = 1 << 24;

/**
 * Which name lengths start at each pair of characters, as a bitmask per hashed pair, so a text is
 * scanned with one typed-array read a character, and a filter of the names' hashes, computed as the
 * scan goes, before a substring is cut and looked up. Pairs sharing a bucket and hashes sharing a bit
 * only add substrings to try; `wanted` decides. (A Map keyed by the pair, and a cut and lookup for
 * every length the pair starts, had cost ~0.3 ms a question at a million names.)
 */
function createPrefixIndex() {
  const masks = new Uint32Array(PREFIX_BUCKETS);
  const bucket = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ b) & (PREFIX_BUCKETS - 1);
  const names = new Uint32Array(NAME_BITS / 32);
  // h is the running hash of a name's characters, `(h * 31 + c) | 0` character by character.
  const bit = (h: number) => (h ^ (h >>> 13)) & (NAME_BITS - 1);
  const mayBeName = (h: number) => (names[bit(h) >>> 5]! & (1 << (bit(h) & 31))) !== 0;
  // Lengths of 32 characters or more, shortest first.
  const long: number[] = [];
  return {
    add(w: string) {
      const i = bucket(w.charCodeAt(0), w.charCodeAt(1));
      if (w.length < 32) {
        masks[i]! |= 1 << w.length;
        let h = 0;
        for (let k = 0; k < w.length; k++) h = (Math.imul(h, 31) + w.charCodeAt(k)) | 0;
        names[bit(h) >>> 5]! |= 1 << (bit(h) & 31);
      } else {
        masks[i]! |= LONG;
        if (!long.includes(w.length)) long.push(w.length);
        long.sort((x, y) => x - y);
      }
    },
    /** The distinct substrings of `text` that `wanted` accepts among the names added. */
    namesIn(text: string, wanted: (w: string) => boolean): string[] {
      const found = new Set<string>();
      const tryAt = (i: number, n: number) => {
        const w = text.slice(i, i + n);
        if (wanted(w)) found.add(w);
      };
      for (let i = 0; i + 1 < text.length; i++) {
        const mask = masks[bucket(text.charCodeAt(i), text.charCodeAt(i + 1))]!;
        if (mask === 0) continue;
        // Each length whose bit is set, the substring's hash grown a character at a time.
        const lengths = mask & ~LONG;
        const longest = Math.min(31 - Math.clz32(lengths), text.length - i);
        for (let n = 1, h = 0; n <= longest; n++) {
          h = (Math.imul(h, 31) + text.charCodeAt(i + n - 1)) | 0;
          if (lengths & (1 << n) && mayBeName(h)) tryAt(i, n);
        }
        if (mask & LONG) for (const n of long) if (i + n <= text.length) tryAt(i, n);
      }
      return [...found];
    },
  };
}

/**
 * The base dictionary's frequency of a word (its last entry, as jieba reads it), or 0. Made once per
 * teacher, at its first name: parsing the dictionary's 349,000 lines takes ~150 ms, too long to
 * repeat on every reload, which adds a few new names. Words are kept by two 32-bit hashes in open
 * addressing (~12 MB); a false match would need both to collide (about one in 10^8 at a million
 * names), and would only misstate one name's part of jieba's total.
 */
function createBaseFrequencies(): (word: string) => number {
  const text = Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength).toString("utf8");
  const lines = text.split("\n");
  let size = 1;
  while (size < lines.length * 2) size *= 2;
  const first = new Uint32Array(size);
  const second = new Uint32Array(size);
  const frequency = new Int32Array(size).fill(-1);
  /** The word's slot: where it is kept, else the empty one where it would go. */
  const slot = ([a, b]: [number, number]): number => {
    let i = a & (size - 1);
    while (frequency[i] !== -1 && (first[i] !== a || second[i] !== b)) i = (i + 1) & (size - 1);
    return i;
  };
  for (const line of lines) {
    const space = line.indexOf(" ");
    const word = space < 0 ? line : line.slice(0, space);
    if (!isName(word)) continue;
    const h = hashes(word);
    const i = slot(h);
    [first[i], second[i]] = h;
    frequency[i] = Number.parseInt(line.slice(space + 1), 10) || 0;
  }
  return (word) => Math.max(0, frequency[slot(hashes(word))]!);
}

/** FNV-1a and djb2 over the UTF-16 code units. */
function hashes(word: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 5381;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = (Math.imul(b, 33) + c) | 0;
  }
  return [a >>> 0, b >>> 0];
}
