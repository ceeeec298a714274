/**
 * Which of a large dictionary's words a few texts hold (word-teacher.ts addFor), read from the
 * dictionary's UTF-8 bytes as they lie in its files: each line is hashed where it lies and decoded
 * only when it may be a base-dictionary word or one of the texts' substrings, kept by length and
 * hash of their UTF-8 bytes. A build worker writing an added issue's segment at a million chunks
 * had decoded the 29 MB dictionary (~0.2-0.3 s) and cut 818,000 strings from it for this.
 *
 * The files are written from JavaScript strings (name-parts.ts), so they are valid UTF-8 and a line
 * decodes to the word it was written from.
 */

/**
 * Longest substring kept, in bytes: sixteen CJK characters, the longest names at a million chunks
 * (extractNames keeps cores of ten and their suffix). Longer lines are looked for whole.
 */
const SUBSTRING_MAX_BYTES = 48;

/** Substrings kept at most (a table of twice as many 32-bit keys: 32 MB), else none. */
const MOST = 1 << 22;

/** What addFor() keeps of a dictionary: names taught at once, names the inputs hold, and a count of the rest. */
export interface HeldNames {
  /** Names the base dictionary holds: taught at once, as add() does. */
  now: string[];
  /** The other names, those some input holds. */
  held: string[];
  /** Names no input holds. */
  elsewhere: number;
}

// The two hashes of the bytes last hashed by bytesHash (module-level numbers, as word-teacher.ts
// returns its own: no pair allocated per line).
export let bytesA = 0;
export let bytesB = 0;

/** FNV-1a and a multiplicative hash (MurmurHash2's constant) of bytes[start, end), into bytesA and bytesB. */
export function bytesHash(bytes: Uint8Array, start: number, end: number): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  bytesA = a >>> 0;
  bytesB = b & 0x3fffffff;
}

/**
 * The names of `dictionary` (files' bytes, a word a line) for addFor(), or undefined when add()
 * must do instead: when it has no more words than `onDemandFrom` (they are taught at once), or the
 * inputs have too many substrings. `isBase` says whether the word bytes[start, end), whose running
 * hash is h (`(h * 31 + byte) | 0` over its bytes), is in jieba's dictionary. Words are counted as parseDictionary keeps them (blank lines
 * dropped) and names told as word-teacher.ts does (two characters or more, no white space).
 */
export function namesHeld(
  dictionary: readonly Uint8Array[],
  inputs: readonly string[],
  onDemandFrom: number,
  isBase: (bytes: Uint8Array, start: number, end: number, h: number) => boolean,
): HeldNames | undefined {
  // No more bytes than that holds no more words: taught at once by add(), cheap then.
  if (dictionary.reduce((n, d) => n + d.length, 0) <= onDemandFrom) return undefined;
  const widest = SUBSTRING_MAX_BYTES;
  const substrings = createSubstringSet(
    inputs.map((t) => Buffer.from(t)),
    widest,
  );
  if (!substrings) return undefined;
  const out: HeldNames = { now: [], held: [], elsewhere: 0 };
  let words = 0;
  const decoder = new TextDecoder();
  for (const bytes of dictionary) {
    for (let start = 0, end = 0; start <= bytes.length; start = end + 1) {
      end = lineOf(bytes, start);
      let w: string | undefined;
      if (lineSuspect) {
        // White space may be in it: told from the decoded word, as add() tells it.
        w = decoder.decode(bytes.subarray(start, end));
        if (w.trim()) words++;
        if (w.length < 2 || /\s/.test(w)) continue;
      } else {
        if (lineUnits > 0) words++;
        if (lineUnits < 2) continue;
      }
      if (isBase(bytes, start, end, linePolyHash))
        out.now.push(w ?? decoder.decode(bytes.subarray(start, end)));
      else if (end - start > widest || substrings.has(linePolyHash, end - start)) {
        w ??= decoder.decode(bytes.subarray(start, end));
        if (inputs.some((t) => t.includes(w!))) out.held.push(w);
        else out.elsewhere++;
      } else out.elsewhere++;
    }
  }
  return words > onDemandFrom ? out : undefined;
}

/**
 * The running hash namesHeld's `isBase` is given for a word: `(h * 31 + byte) | 0` over its bytes.
 * lineOf and the substring table work it out as their bytes go by; a table of words to look up
 * with it (word-teacher.ts baseWordBytes) is filled by this.
 */
export function runningHash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + bytes[i]!) | 0;
  return h;
}

// What lineOf found of the line it read last: its length in UTF-16 code units, whether it may hold
// white space, and its running hash, `(h * 31 + byte) | 0` over its bytes.
let lineUnits = 0;
let lineSuspect = false;
let linePolyHash = 0;

/**
 * Reads the line that starts at `start` into lineUnits, lineSuspect and linePolyHash; returns
 * where it ends (its newline, or the end of `bytes`). A line may hold white space when it has a
 * byte below 0x21 (ASCII's) or a lead byte of U+00A0, U+1680, U+2000-U+205F, U+3000-U+303F or
 * U+FEFF (C2, E1, E2, E3 80, EF): it is decoded to tell.
 */
function lineOf(bytes: Uint8Array, start: number): number {
  let h = 0;
  let suspect = 0;
  let i = start;
  for (; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 10) break;
    h = (Math.imul(h, 31) + c) | 0;
    suspect |= SUSPECT_BYTE[c]!;
  }
  // E3 alone is no white space: only E3 80 (U+3000-U+303F) is looked at again.
  lineSuspect = suspect > 1 || (suspect === 1 && hasIdeographicSpaceLead(bytes, start, i));
  // Only the length of a short line matters (two UTF-16 units make a name).
  lineUnits = i - start > 6 ? 3 : utf16Length(bytes, start, i);
  linePolyHash = h;
  return i;
}

/** Bytes that may begin white space in UTF-8: 2 for ASCII's and C2, E1, E2, EF leads, 1 for E3. */
const SUSPECT_BYTE = new Uint8Array(256);
for (let c = 0; c < 0x21; c++) SUSPECT_BYTE[c] = 2;
for (const c of [0xc2, 0xe1, 0xe2, 0xef]) SUSPECT_BYTE[c] = 2;
SUSPECT_BYTE[0xe3] = 1;

function hasIdeographicSpaceLead(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i + 1 < end; i++) if (bytes[i] === 0xe3 && bytes[i + 1] === 0x80) return true;
  return false;
}

/** UTF-16 code units of bytes[start, end): a lead byte starts a character, a four-byte one two units. */
function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  let units = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if ((c & 0xc0) !== 0x80) units += c >= 0xf0 ? 2 : 1;
  }
  return units;
}

interface SubstringSet {
  /** Whether a substring of `length` bytes has running hash `h` (`(h * 31 + byte) | 0` over its bytes). */
  has(h: number, length: number): boolean;
}

/**
 * The substrings of the texts (UTF-8) that start and end on a character, of up to `widest` bytes,
 * by hash and length; undefined when there may be more than MOST (counted as the bytes each
 * character starts, a bound on the substrings there).
 */
function createSubstringSet(texts: readonly Uint8Array[], widest: number): SubstringSet | undefined {
  let count = 0;
  for (const t of texts)
    for (let i = 0; i < t.length; i++) if ((t[i]! & 0xc0) !== 0x80) count += Math.min(widest, t.length - i);
  if (count > MOST) return undefined;
  const keys = new Int32Array(tableSize(count));
  const mask = keys.length - 1;
  /** The slot holding `k`, or the empty one where it would go. */
  const slot = (k: number) => {
    let i = (k ^ (k >>> 15)) & mask;
    while (keys[i] !== 0 && keys[i] !== k) i = (i + 1) & mask;
    return i;
  };
  for (const t of texts) {
    for (let i = 0; i < t.length; i++) {
      if ((t[i]! & 0xc0) === 0x80) continue;
      let h = 0;
      for (let j = i; j < t.length && j - i < widest; j++) {
        h = (Math.imul(h, 31) + t[j]!) | 0;
        // A substring ends where the next character starts.
        if (j + 1 < t.length && (t[j + 1]! & 0xc0) === 0x80) continue;
        const k = key(h, j + 1 - i);
        keys[slot(k)] = k;
      }
    }
  }
  return { has: (h, length) => keys[slot(key(h, length))] !== 0 };
}

/** A power of two at least twice `count`, for open addressing at half full or less. */
function tableSize(count: number): number {
  let size = 1 << 10;
  while (size < 2 * count) size *= 2;
  return size;
}

/** A nonzero key for a substring's hash and length (0 marks an empty slot). */
function key(h: number, length: number): number {
  return (Math.imul(h, 0x9e3779b1) + length) | 0 || 1;
}
