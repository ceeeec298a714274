/**
 * Teaches jieba the corpus's names (秀洲高新区, 新夜电子) so they are not split: all at once, or
 * each as a text holding it is segmented, with the same segmentation either way.
 *
 * Why on demand: each name taught costs jieba about 550 bytes of native memory and ~2.5 µs. A
 * million synthetic chunks carry ~818,000 names: teaching them all took a service ~450 MB of its
 * ~3.2 GB, and a worker writing an added issue's segment ~2 s of its ~8, while a question (serving
 * segments ~510 characters a question there) or an 8-page issue holds a few dozen or hundred of
 * them. jieba segments a text by the dictionary words that are substrings of it, weighed
 * by their frequency against the dictionary's total (jieba-rs's `load_dict` sets each entry's
 * frequency and keeps the sum of all of them). So a text segments exactly as with every name taught
 * when (1) every name it holds is taught before it is segmented, and (2) the total is what teaching
 * all of them would make it. (2) is kept by one entry no text can hold, whose frequency is what the
 * untaught names would add: 1000 each. A name the base dictionary holds already is taught at once
 * (it only changes an entry's frequency, which costs jieba no memory), so every waiting name adds
 * exactly 1000.
 *
 * Names are kept by two 32-bit hashes, not as strings (a Map of 818,000 names took ~0.9 s to fill
 * and ~100 MB to hold). Two different words would have to agree on both hashes to be taken for
 * each other: at a million names, about one chance in 10^13 for each substring looked up.
 *
 * The cost is a scan of every text segmented for waiting names (~25 µs a 450-character passage at
 * 818,000 names), and it holds until a name is found: a full build of a million chunks scans them
 * all. Small dictionaries are taught at once (NAMES_ON_DEMAND_FROM).
 */
import type { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { bytesA, bytesB, bytesHash, namesHeld, runningHash } from "./names-in-texts.js";
import { wordHashes } from "./word-hashes.js";

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
  /**
   * What add() does with the words of `dictionary` (UTF-8, one a line, each once, as a
   * generation's dictionary files hold them), for a fresh teacher whose jieba will segment only `inputs` (the
   * exact strings it is given): a waiting name no input holds is only counted, never kept or looked
   * for, so `inputs` segment exactly as after add(). A build worker writing an 8-page issue's
   * segment at a million chunks had hashed and indexed 818,000 names (0.8–1.4 s) for the few
   * hundred its texts hold. Falls back to add() when names would not wait or `inputs` are large.
   */
  addFor(dictionary: readonly Uint8Array[], inputs: readonly string[]): void;
}

/**
 * Where tokenizers start teaching on demand (tokenizer.ts's default). Below it the on-demand
 * machinery costs more than it saves: jieba holds a taught name in ~550 bytes, so 100,000 names take ~55 MB, while waiting
 * names need the base dictionary's words (a ~9 MB table, ~150 ms to parse) and a prefix index. At
 * 68,210 real articles (30,267 names) waiting for every name had raised a service's peak RSS from
 * 655 to ~700 MB and its load from 1.2–1.4 to 1.7–2.3 s.
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
  // Every name added, taught or waiting. A bot adds the index's whole dictionary again on every
  // build and reload, and only the new names change anything.
  const names = new Fingerprints();
  // Made when a first name waits.
  let prefixes: PrefixIndex | undefined;
  let waiting = 0;

  const teach = (words: readonly string[]) => {
    const lines = words.map((w) => `${w} ${TAUGHT_FREQUENCY} nz`);
    if (prefixes) lines.push(`${TOTAL_KEEPER} ${waiting * TAUGHT_FREQUENCY} x`);
    if (lines.length) jieba().loadDict(Buffer.from(lines.join("\n")));
  };
  const add = (words: Iterable<string>) => {
    const list = Array.isArray(words) ? (words as readonly string[]) : [...words];
    // Most of a reload's words are known already.
    names.reserve(Math.max(names.size, list.length));
    // A word that is no name is kept too, as taught (it never reaches jieba), so a reload's
    // words are each hashed once and never tested.
    const fresh = list.filter((w) => names.addNew(w, TAUGHT) && isName(w));
    if (fresh.length === 0) return;
    if (!prefixes && names.size <= onDemandFrom) return teach(fresh);
    const base = baseWords();
    prefixes ??= createPrefixIndex();
    const now: string[] = [];
    for (const w of fresh) {
      if (base.get(w) !== ABSENT) now.push(w);
      else {
        names.set(w, WAITING);
        waiting++;
        prefixes.add(w);
      }
    }
    teach(now);
  };
  return {
    add,
    addFor(dictionary, inputs) {
      const base = baseWordBytes();
      // Most names are not base words: a bit per running hash turns them away before hashing again.
      const isBase = (bytes: Uint8Array, start: number, end: number, h: number) => {
        const k = filterBit(h, end - start);
        if ((base.filter[k >>> 5]! & (1 << (k & 31))) === 0) return false;
        bytesHash(bytes, start, end);
        return base.words.stateOf(bytesA, bytesB) !== ABSENT;
      };
      const fresh = !prefixes && names.size === 0;
      const scan = fresh ? namesHeld(dictionary, inputs, onDemandFrom, isBase) : undefined;
      if (!scan) {
        const decoder = new TextDecoder();
        return add(dictionary.flatMap((d) => decoder.decode(d).split("\n")).filter((w) => w.trim()));
      }
      prefixes = createPrefixIndex();
      for (const w of scan.now) names.set(w, TAUGHT);
      for (const w of scan.held) {
        names.set(w, WAITING);
        prefixes.add(w);
      }
      waiting += scan.held.length + scan.elsewhere;
      teach(scan.now);
    },
    before(input) {
      if (!prefixes || waiting === 0) return;
      const found = prefixes.namesIn(input, (w) => names.get(w) === WAITING);
      if (found.length === 0) return;
      for (const w of found) names.set(w, TAUGHT);
      waiting -= found.length;
      teach(found);
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

const ABSENT = 0;
const WAITING = 1;
const TAUGHT = 2;

/**
 * Words by two hashes (32 and 30 bits), each with a state (WAITING, TAUGHT), in open addressing
 * grown at half full. A slot is two adjacent 32-bit words, the first hash and then the second with
 * the state in its top two bits, so a probe touches one cache line: at a million names the table is
 * 16 MB, and three separate arrays had cost three cache misses a probe (~0.7 s to add them all).
 */
class Fingerprints {
  private slots = new Uint32Array(2 << 12);
  size = 0;

  get(word: string): number {
    hash(word);
    return this.stateOf(hashA, hashB);
  }

  /** The state of the word whose two hashes (as hash() leaves them) are a and b. */
  stateOf(a: number, b: number): number {
    return this.slots[this.slot(a, b) + 1]! >>> 30;
  }

  /** Room for `count` words without growing on the way. */
  reserve(count: number): void {
    while (4 * count > this.slots.length) this.grow();
  }

  set(word: string, state: number): void {
    hash(word);
    this.put(hashA, hashB, state, true);
  }

  /** Keeps `word` in `state` if it is not kept yet; whether it was new. */
  addNew(word: string, state: number): boolean {
    hash(word);
    return this.put(hashA, hashB, state, false);
  }

  /** Puts the word hashed to a, b in `state` if it is new or `overwrite`; whether it was new. */
  put(a: number, b: number, state: number, overwrite: boolean): boolean {
    let i = this.slot(a, b);
    const isNew = this.slots[i + 1] === 0;
    if (isNew && 4 * (this.size + 1) > this.slots.length) {
      this.grow();
      i = this.slot(a, b);
    }
    if (isNew) {
      this.size++;
      this.slots[i] = a;
    }
    if (isNew || overwrite) this.slots[i + 1] = ((state << 30) | b) >>> 0;
    return isNew;
  }

  /** Where (an even index) the word with hashes a, b is kept, else the empty slot where it would go. */
  private slot(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let i = (2 * a) & mask;
    for (;;) {
      const tail = this.slots[i + 1]!;
      if (tail === 0 || (this.slots[i] === a && (tail & SECOND_HASH) === b)) return i;
      i = (i + 2) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(2 * old.length);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      const j = this.slot(old[i]!, old[i + 1]! & SECOND_HASH);
      this.slots[j] = old[i]!;
      this.slots[j + 1] = old[i + 1]!;
    }
  }
}

/** The bits of a slot's second word that hold the second hash; the top two hold the state. */
const SECOND_HASH = 0x3fffffff;

// The two hashes of the word last hashed (word-hashes.ts), the second cut to SECOND_HASH's bits.
let hashA = 0;
let hashB = 0;

function hash(word: string): void {
  const h = wordHashes(word);
  hashA = h[0]!;
  hashB = h[1]! & SECOND_HASH;
}

let baseWordsRead: Fingerprints | undefined;

/**
 * The base dictionary's words that could be names, read at a first waiting name. Once a thread: the
 * dictionary is read-only data shipped by the package (as hashed-tfidf.ts's loadIdf keeps its table),
 * and each teacher had parsed it again (~150 ms, in every build worker's segment job at a million).
 */
function baseWords(): Fingerprints {
  baseWordsRead ??= readBaseWords();
  return baseWordsRead;
}

function readBaseWords(): Fingerprints {
  const words = new Fingerprints();
  const text = Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength).toString("utf8");
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    const word = space < 0 ? line : line.slice(0, space);
    if (isName(word)) words.set(word, TAUGHT);
  }
  return words;
}

/**
 * Reads now, once a thread, what addFor() reads on its first call (the base words by their bytes,
 * ~0.1 s), for a thread that has time before its first segment.
 */
export function prepareAddFor(): void {
  baseWordBytes();
}

/** The bit of the base words' filter (8 Mbit, 1 MB: ~350,000 words set ~4% of it) for a running hash and length. */
function filterBit(h: number, length: number): number {
  return Math.imul(h ^ length, 0x9e3779b1) >>> 9;
}

let baseBytesRead: { words: Fingerprints; filter: Uint32Array } | undefined;

/**
 * The base dictionary's words by the hashes of their UTF-8 bytes (names-in-texts.ts bytesHash),
 * with a bit filter of their running hashes (names-in-texts.ts namesHeld's), for addFor(), which reads a dictionary as bytes. Read
 * from the package's bytes without decoding them (readBaseWords decodes and splits them: ~0.2 s),
 * once a thread. Every word is kept, names or not: only names are looked up.
 */
function baseWordBytes(): { words: Fingerprints; filter: Uint32Array } {
  if (baseBytesRead) return baseBytesRead;
  const words = new Fingerprints();
  words.reserve(400_000);
  const filter = new Uint32Array(1 << 18);
  const bytes = dict;
  for (let start = 0, i = 0; start < bytes.length; start = i + 1) {
    let space = -1;
    for (i = start; i < bytes.length && bytes[i] !== 10; i++) if (space < 0 && bytes[i] === 32) space = i;
    const end = space < 0 ? i : space;
    bytesHash(bytes, start, end);
    words.put(bytesA, bytesB, TAUGHT, true);
    const k = filterBit(runningHash(bytes, start, end), end - start);
    filter[k >>> 5]! |= 1 << (k & 31);
  }
  baseBytesRead = { words, filter };
  return baseBytesRead;
}
