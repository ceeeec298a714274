/**
 * Two 32-bit hashes of a word's UTF-16 code units, FNV-1a and a multiplicative one (MurmurHash2's
 * constant), for the tables that keep words by hash rather than as strings (word-teacher.ts,
 * dictionary-tags.ts): two words would have to agree on both to be taken for each other.
 *
 * Returned in one shared array, not a fresh pair: a fresh array for each of a million names was
 * most of the collector's work. Read both before the next call.
 */
const HASHES = new Uint32Array(2);

export function wordHashes(word: string): Uint32Array {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  HASHES[0] = a;
  HASHES[1] = b;
  return HASHES;
}
