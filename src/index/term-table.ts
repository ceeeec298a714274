/**
 * A segment's terms and their ids. lexical.terms holds them one per line, sorted by their UTF-8
 * bytes, a term's id being its line: a load keeps the file's bytes and where each line starts, and
 * finds a term by binary search. Segments written before 2026-12-04 list their terms as a JSON array
 * in id order (lexical.terms.json), read into a Map. At 68,210 real articles that JSON and its Map
 * (300,000 terms a segment) were 0.6 s of every start-up and tens of MB of heap, held by every
 * server for a few lookups a question.
 */

/** The terms of one segment: each one's id, its count, and every one (for rewriting a segment). */
export interface TermTable {
  readonly count: number;
  id(term: string): number | undefined;
  entries(): Iterable<[term: string, id: number]>;
}

/** What lexical.terms is called in a segment folder, and what it was called before. */
export const TERMS_FILE = "lexical.terms";
export const LEGACY_TERMS_FILE = "lexical.terms.json";

const NEWLINE = 0x0a;

/**
 * The order lexical.terms lists `terms` in: by their UTF-8 bytes, which is code point order. A
 * string sort compares UTF-16 units, which agrees except where a character above U+FFFF meets one
 * from U+E000 to U+FFFF; that is checked, and only then are the bytes sorted.
 */
export function sortTerms(terms: readonly string[]): string[] {
  for (const t of terms)
    if (t === "" || t.includes("\n"))
      throw new Error(`a term must be a non-empty line: ${JSON.stringify(t)}`);
  const sorted = [...terms].sort();
  const bytes = sorted.map((t) => Buffer.from(t, "utf8"));
  for (let i = 1; i < bytes.length; i++) {
    if (Buffer.compare(bytes[i - 1]!, bytes[i]!) >= 0) {
      const order = bytes.map((b, k) => ({ b, k })).sort((x, y) => Buffer.compare(x.b, y.b));
      return order.map(({ k }) => sorted[k]!);
    }
  }
  return sorted;
}

/** lexical.terms's bytes for terms in {@link sortTerms} order. */
export function termsFileBytes(sorted: readonly string[]): Buffer {
  return Buffer.from(sorted.join("\n"), "utf8");
}

/** The terms of a lexical.terms file, found by binary search over its bytes. */
export class SortedTerms implements TermTable {
  readonly count: number;
  /** Where line i starts; entry `count` is one past the end, so line i ends at starts[i + 1] - 1. */
  private readonly starts: Uint32Array;
  private readonly encoder = new TextEncoder();
  private scratch = new Uint8Array(64);

  constructor(private readonly bytes: Buffer) {
    let lines = bytes.length === 0 ? 0 : 1;
    for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
    this.count = lines;
    this.starts = new Uint32Array(lines + 1);
    let line = 1;
    for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1))
      this.starts[line++] = at + 1;
    this.starts[lines] = bytes.length + 1;
  }

  id(term: string): number | undefined {
    // Three bytes a UTF-16 unit at most in UTF-8.
    if (this.scratch.length < term.length * 3) this.scratch = new Uint8Array(term.length * 3);
    const { written } = this.encoder.encodeInto(term, this.scratch);
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compareLine(mid, written);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Line `i` against the first `n` bytes of the scratch buffer: negative when the line sorts first. */
  private compareLine(i: number, n: number): number {
    const start = this.starts[i]!;
    const length = this.starts[i + 1]! - 1 - start;
    const common = Math.min(length, n);
    for (let k = 0; k < common; k++) {
      const d = this.bytes[start + k]! - this.scratch[k]!;
      if (d !== 0) return d;
    }
    return length - n;
  }

  *entries(): Generator<[string, number]> {
    for (let i = 0; i < this.count; i++)
      yield [this.bytes.toString("utf8", this.starts[i]!, this.starts[i + 1]! - 1), i];
  }
}

/** Terms listed in id order (a legacy lexical.terms.json, or a builder's own list), in a Map. */
export class MappedTerms implements TermTable {
  private readonly ids = new Map<string, number>();
  readonly count: number;

  constructor(terms: readonly string[]) {
    this.count = terms.length;
    // One set per term, not a [term, id] pair per term first: 0.3M terms a segment at 68k articles.
    for (let i = 0; i < terms.length; i++) this.ids.set(terms[i]!, i);
  }

  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  entries(): Iterable<[string, number]> {
    return this.ids.entries();
  }
}
