/**
 * The k best BM25 scores without scoring every posting: MaxScore (Turtle and Flood, 1995), document
 * at a time over one segment's postings, ascending doc ids.
 *
 * Each query term's list carries the largest contribution any of its postings makes. Once k
 * documents are held, the lists whose bounds sum below the k-th score are "non-essential": a
 * document found only in them cannot enter, so only the essential lists are walked, and the others
 * are probed (by galloping search) for the documents the walk meets, stopping as soon as what is
 * left cannot lift a document past the k-th score. The long lists of common terms (记者, 发展) have
 * the smallest bounds, so they are the ones skipped.
 *
 * Scores are exactly those exhaustive scoring gives: each document's contributions are summed in
 * query-term order into a float32, as the exhaustive loop accumulated them into a Float32Array,
 * so ties and their order do not move. The bounds are summed in float64 and compared with a margin
 * far above float32 rounding, so no document is dropped by rounding.
 */
import type { ScoredDoc } from "./bm25.js";

/** One query term's postings in one segment. */
export interface TermList {
  /** The term's place among the query's distinct terms: contributions are summed in this order. */
  order: number;
  /** Doc ids (segment labels), ascending. */
  docs: Uint32Array;
  tfs: Uint8Array;
  idf: number;
  /** The largest contribution of any posting in the list (see {@link termBound}). */
  bound: number;
}

/** BM25's k1, and each document's length part of the denominator: k1·(1 − b + b·length/avg). */
export interface Bm25Scoring {
  k1: number;
  norms: Float64Array;
}

/** One posting's contribution, written as the exhaustive loop wrote it so the float64 values agree. */
function contribution(s: Bm25Scoring, idf: number, tf: number, doc: number): number {
  return (idf * (tf * (s.k1 + 1))) / (tf + s.norms[doc]!);
}

/** The largest contribution of any posting of the list: one pass over it, cached by the caller. */
export function termBound(s: Bm25Scoring, idf: number, docs: Uint32Array, tfs: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < docs.length; i++) {
    const c = contribution(s, idf, tfs[i]!, docs[i]!);
    if (c > max) max = c;
  }
  return max;
}

/**
 * Float32 sums of up to a few dozen terms stay within 1e-5 of the float64 sum; bounds are widened by
 * more than that before they rule a document out.
 */
const widen = (bound: number) => bound * (1 + 1e-4) + 1e-9;

/** The k best (score descending, then doc ascending) of the documents offered. */
export class TopDocs {
  private readonly heap: ScoredDoc[] = [];

  constructor(private readonly k: number) {}

  /** The score a document must beat to enter; -Infinity until k are held. */
  get threshold(): number {
    return this.heap.length < this.k ? Number.NEGATIVE_INFINITY : this.heap[0]!.score;
  }

  offer(doc: number, score: number): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push({ doc, score });
      this.up(h.length - 1);
    } else if (this.k > 0 && worse(h[0]!, { doc, score })) {
      h[0] = { doc, score };
      this.down(0);
    }
  }

  sorted(): ScoredDoc[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && worse(h[l]!, h[m]!)) m = l;
      if (r < h.length && worse(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

/** Whether `a` ranks below `b`: a lower score, or the same score and a later doc. */
function worse(a: ScoredDoc, b: ScoredDoc): boolean {
  return a.score < b.score || (a.score === b.score && a.doc > b.doc);
}

/** The first position at or after `from` whose doc is at least `doc` (galloping, then binary search). */
function seek(docs: Uint32Array, from: number, doc: number): number {
  let step = 1;
  let lo = from;
  let hi = from;
  while (hi < docs.length && docs[hi]! < doc) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, docs.length);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Docs of the list with the largest bound scored first, in full, at most this many: the rarest
 * term's documents are the likeliest to rank, so the k-th score is high before the walk starts
 * and the long lists of common terms are probed instead of walked from their first posting.
 */
const PRIME_DOCS = 2048;

/** Every term's contribution to `doc`, into `added` and `seen` by query order. */
function scoreAll(
  sorted: TermList[],
  from: Int32Array,
  doc: number,
  scoring: Bm25Scoring,
  added: Float64Array,
  seen: Float64Array,
): void {
  for (let i = 0; i < sorted.length; i++) {
    const l = sorted[i]!;
    from[i] = seek(l.docs, from[i]!, doc);
    if (l.docs[from[i]!] !== doc) continue;
    added[l.order] = contribution(scoring, l.idf, l.tfs[from[i]!]!, doc);
    seen[l.order] = doc;
  }
}

/** The float32 sum of the contributions `seen` for `doc`, in query-term order, as exhaustive scoring adds them. */
function exactScore(doc: number, added: Float64Array, seen: Float64Array): number {
  let score = 0;
  for (let t = 0; t < added.length; t++) if (seen[t] === doc) score = Math.fround(score + added[t]!);
  return score;
}

/**
 * Offers to `top` every document of one segment that could be among its k best, as `base + doc`.
 * `keep` rules documents out (deleted ones, a caller's filter) before they are scored.
 */
export function maxScoreInto(
  lists: TermList[],
  scoring: Bm25Scoring,
  top: TopDocs,
  base: number,
  keep: (doc: number) => boolean,
): void {
  const n = lists.length;
  if (n === 0) return;
  const sorted = [...lists].sort((a, b) => a.bound - b.bound);
  // upTo[i]: the most that lists 0..i together can add to one document.
  const upTo = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) upTo[i] = sum += sorted[i]!.bound;
  const terms = Math.max(...lists.map((l) => l.order)) + 1;
  const added = new Float64Array(terms);
  const seen = new Float64Array(terms).fill(-1);
  const primed = sorted[n - 1]!.docs.subarray(0, PRIME_DOCS);
  const from = new Int32Array(n);
  for (const doc of primed) {
    if (!keep(doc)) continue;
    scoreAll(sorted, from, doc, scoring, added, seen);
    top.offer(base + doc, exactScore(doc, added, seen));
  }
  walk(sorted, upTo, scoring, top, base, keep, primed, added, seen);
}

/** The lists as the walk reads them: each field in a flat array, and each list's place in the walk. */
class FlatLists {
  readonly docs: Uint32Array[];
  private readonly tfs: Uint8Array[];
  private readonly idf: Float64Array;
  private readonly order: Int32Array;
  /** Each list's position in the walk. */
  readonly at: Int32Array;

  constructor(
    sorted: TermList[],
    private readonly scoring: Bm25Scoring,
    private readonly upTo: Float64Array,
    private readonly added: Float64Array,
    private readonly seen: Float64Array,
  ) {
    this.docs = sorted.map((l) => l.docs);
    this.tfs = sorted.map((l) => l.tfs);
    this.idf = Float64Array.from(sorted, (l) => l.idf);
    this.order = Int32Array.from(sorted, (l) => l.order);
    this.at = new Int32Array(sorted.length);
  }

  /** List i's contribution at position p to `doc`, kept for exactScore. */
  add(i: number, p: number, doc: number): number {
    const c = contribution(this.scoring, this.idf[i]!, this.tfs[i]![p]!, doc);
    this.added[this.order[i]!] = c;
    this.seen[this.order[i]!] = doc;
    return c;
  }

  /** Adds the non-essential lists' contributions to `doc`; false once it cannot reach `threshold`. */
  probe(doc: number, partial: number, essential: number, threshold: number): boolean {
    for (let i = essential - 1; i >= 0; i--) {
      if (widen(partial + this.upTo[i]!) < threshold) return false;
      const docs = this.docs[i]!;
      const p = seek(docs, this.at[i]!, doc);
      this.at[i] = p;
      if (docs[p] === doc) partial += this.add(i, p, doc);
    }
    return true;
  }
}

/**
 * The document-at-a-time walk of the essential lists, each non-essential one probed for the
 * documents it meets. Nearly all of a search's time is spent here, in the loop over the essential
 * lists for each document of their union (3,900 a segment at 68k articles, 7 lists of 9), so the
 * lists' fields are held in flat arrays and each list's current document in `cur`, and the next
 * document is found in the same pass that scores this one: a fifth less time than reading each
 * list's object twice a document (bench/profile-notes.md, sixteenth session).
 */
function walk(
  sorted: TermList[],
  upTo: Float64Array,
  scoring: Bm25Scoring,
  top: TopDocs,
  base: number,
  keep: (doc: number) => boolean,
  primed: Uint32Array,
  added: Float64Array,
  seen: Float64Array,
): void {
  const n = sorted.length;
  const lists = new FlatLists(sorted, scoring, upTo, added, seen);
  const { docs: docsOf, at } = lists;
  // cur[i]: the document at list i's place in the walk, Infinity once it is walked through.
  const cur = Float64Array.from(docsOf, (d) => (d.length > 0 ? d[0]! : Number.POSITIVE_INFINITY));
  let threshold = top.threshold;
  let essential = 0;
  while (essential < n && widen(upTo[essential]!) < threshold) essential++;
  let doc = Number.POSITIVE_INFINITY;
  for (let i = essential; i < n; i++) if (cur[i]! < doc) doc = cur[i]!;
  // The walk meets the primed docs again, in the same ascending order: they are passed over.
  let nextPrimed = 0;
  while (doc !== Number.POSITIVE_INFINITY) {
    let partial = 0;
    let next = Number.POSITIVE_INFINITY;
    for (let i = essential; i < n; i++) {
      if (cur[i] === doc) {
        const p = at[i]!;
        partial += lists.add(i, p, doc);
        at[i] = p + 1;
        cur[i] = p + 1 < docsOf[i]!.length ? docsOf[i]![p + 1]! : Number.POSITIVE_INFINITY;
      }
      if (cur[i]! < next) next = cur[i]!;
    }
    while (nextPrimed < primed.length && primed[nextPrimed]! < doc) nextPrimed++;
    if (primed[nextPrimed] !== doc && keep(doc) && lists.probe(doc, partial, essential, threshold)) {
      top.offer(base + doc, exactScore(doc, added, seen));
      if (top.threshold !== threshold) {
        threshold = top.threshold;
        const was = essential;
        while (essential < n && widen(upTo[essential]!) < threshold) essential++;
        // A list that stopped being essential may hold the next document: look again.
        if (essential !== was) {
          next = Number.POSITIVE_INFINITY;
          for (let i = essential; i < n; i++) if (cur[i]! < next) next = cur[i]!;
        }
      }
    }
    doc = next;
  }
}
