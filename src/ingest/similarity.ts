/**
 * What two pieces of one page have in common, for telling which headline belongs to which body
 * and whether text after a subhead continues the same story. Character bigrams need no word
 * segmentation and catch the place and organisation names stories are told apart by; weighting
 * them by rarity on the page keeps words every story shares (高新区, 创新) from counting much.
 */

/**
 * Character bigrams of `text`: each pair of neighbouring units, a unit being a CJK ideograph or a
 * run of ASCII letters and digits (lower-cased). Spaces are skipped (extraction puts them inside
 * words: "从 1992 年"); any other character (punctuation, symbols) breaks the run.
 *
 * A loop over char codes rather than a regex match and a test per unit: segmentation asks for
 * the bigrams of every block, headline and body many times over, and the regex version was the
 * largest single cost of segmenting a page (~15% of it).
 */
export function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  let previous: string | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let unit: string | undefined;
    let next = i + 1;
    if (isAsciiAlnum(c)) {
      while (next < n && isAsciiAlnum(text.charCodeAt(next))) next++;
      unit = text.slice(i, next).toLowerCase();
    } else if (isIdeograph(c)) {
      unit = text[i];
    } else if (isSpace(c)) {
      i = next;
      continue;
    } else if (c >= 0xd800 && c <= 0xdbff && next < n) {
      // A character outside the BMP (a surrogate pair) is one unit, and not a content one.
      const low = text.charCodeAt(next);
      if (low >= 0xdc00 && low <= 0xdfff) next++;
    }
    if (unit === undefined) previous = undefined;
    else {
      if (previous !== undefined) grams.add(previous + unit);
      previous = unit;
    }
    i = next;
  }
  return grams;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isIdeograph(c: number): boolean {
  return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/** What `\s` matches in a JavaScript regex. */
function isSpace(c: number): boolean {
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

export interface ContentModel {
  /** Rarity weight of a bigram across the model's documents (0 for one found in none). */
  weight(gram: string): number;
  /** Sum of weights of the bigrams `probe` shares with `doc` (unnormalised). */
  shared(probe: ReadonlySet<string>, doc: ReadonlySet<string>): number;
}

/** Builds rarity weights from the documents of one page (its body blocks). */
export function createContentModel(docs: readonly ReadonlySet<string>[]): ContentModel {
  const df = new Map<string, number>();
  for (const doc of docs) for (const g of doc) df.set(g, (df.get(g) ?? 0) + 1);
  const n = docs.length;
  const weight = (g: string) => {
    const d = df.get(g);
    // Smoothed idf: near 0 for a bigram every block has, about ln(2n/3) for one only one has.
    return d === undefined ? 0 : Math.log((n + 1) / (d + 0.5));
  };
  const shared = (probe: ReadonlySet<string>, doc: ReadonlySet<string>) => {
    let s = 0;
    for (const g of probe) if (doc.has(g)) s += weight(g);
    return s;
  };
  return { weight, shared };
}

/** Character trigram counts: long enough to stand for a name (清远高, 秀洲高), short enough to recur. */
export function trigramCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of text.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]+/gu) ?? []) {
    const units = [...run];
    for (let i = 3; i <= units.length; i++) {
      const g = units.slice(i - 3, i).join("");
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  return counts;
}

/** How many of a block's main terms are considered: its protagonist and a couple of names. */
const MAIN_TERMS = 3;

/**
 * Whether two blocks are about the same thing, 0..1: the share of either block's main terms (its
 * most frequent page-rare trigrams, such as 清远高新区 or a person's name) that the other contains.
 * Sections of one story share their protagonist; neighbouring stories on a themed page share
 * only generic words, which are rarely among either one's main terms.
 */
export function continuity(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  pageDf: ReadonlyMap<string, number>,
  pageBlocks: number,
): number {
  const idf = (g: string) => Math.log((pageBlocks + 1) / ((pageDf.get(g) ?? 0) + 0.5));
  const main = (x: ReadonlyMap<string, number>) =>
    [...x]
      .filter(([, c]) => c >= 2)
      .map(([g, c]) => [g, c * idf(g)] as const)
      .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
      .slice(0, MAIN_TERMS);
  const cover = (from: ReadonlyMap<string, number>, to: ReadonlyMap<string, number>) => {
    let found = 0;
    let total = 0;
    for (const [g, w] of main(from)) {
      total += w;
      if (to.has(g)) found += w;
    }
    return total === 0 ? 0 : found / total;
  };
  return Math.max(cover(a, b), cover(b, a));
}

export function documentFrequencies(docs: readonly ReadonlyMap<string, number>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const g of doc.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  return df;
}
