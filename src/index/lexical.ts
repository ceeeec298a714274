/**
 * Persisted BM25 postings, one set per segment, so loading a million-chunk index reads arrays
 * instead of re-tokenising every chunk. Postings are typed arrays (doc ids, term frequencies),
 * which keep a million chunks' ~100M postings near half a gigabyte instead of several in objects.
 *
 * lexical.bin: [u32 terms, docs, postings, 0] [u32 offsets × terms+1] [u32 docs × postings]
 *              [u16 lengths × docs] [u8 tf × postings]
 * lexical.terms: the terms, one a line, sorted by their bytes; a term's id is its line (term-table.ts).
 */
import { readSync } from "node:fs";
import { Bm25Index, type ScoredDoc } from "./bm25.js";
import { type Bm25Scoring, maxScoreInto, type TermList, TopDocs, termBound } from "./bm25-topk.js";
import { ListArena } from "./list-arena.js";
import { MappedTerms, sortTerms, type TermTable } from "./term-table.js";

/** Where each part of lexical.bin starts (bytes, after the 16-byte header), and its whole size. */
function layoutOf(nTerms: number, nDocs: number, p: number) {
  const offsetsAt = 16;
  const docsAt = offsetsAt + 4 * (nTerms + 1);
  const lengthsAt = docsAt + 4 * p;
  const tfsAt = lengthsAt + 2 * nDocs;
  return { offsetsAt, docsAt, lengthsAt, tfsAt, bytes: tfsAt + p };
}

/**
 * Postings are gathered in blocks of 2^18, not in one array grown by doubling: at a hundred thousand
 * chunks a worker's array held up to twice the postings it used, and copied itself at each growth
 * (old and new alive at once), while the segment's other parts were in memory too.
 */
const BLOCK_BITS = 18;
const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;

/** Accumulates one segment's postings while its chunks are tokenised, in order of label. */
export class PostingsBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = []; // by id
  /** Per block, (term id, doc) pairs. */
  private pairs: Uint32Array[] = [];
  private tfs: Uint8Array[] = [];
  private used = 0;
  private readonly lengths: number[] = [];
  /** finish() lets go of the blocks, so a second call would read none. */
  private finished = false;

  /**
   * Adds the next doc's tokens; returns how many distinct terms it holds, whose ids and counts (in
   * first-occurrence order, as termVectors reads them) are in `lastIds` and `lastTfs` until the next
   * add: arrays reused, so nothing per doc outlives the young generation.
   */
  add(tokens: string[]): number {
    const doc = this.lengths.length;
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    if (this.lastIds.length < tf.size) {
      const size = 2 ** Math.ceil(Math.log2(tf.size));
      this.lastIds = new Uint32Array(size);
      this.lastTfs = new Uint32Array(size);
    }
    let k = 0;
    for (const [term, n] of tf) {
      const id = this.termId(term);
      this.push(id, doc, Math.min(n, 255));
      this.lastIds[k] = id;
      this.lastTfs[k++] = n;
    }
    this.lengths.push(Math.min(tokens.length, 65535));
    return k;
  }

  /** The last doc's distinct terms' ids (the first add()'s return value of them), and their counts. */
  lastIds = new Uint32Array(256);
  lastTfs = new Uint32Array(256);

  readonly termOf = (id: number): string => this.terms[id]!; // the term add() gave `id`

  get size(): number {
    return this.lengths.length;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  private push(termId: number, doc: number, tf: number): void {
    const o = this.used & IN_BLOCK;
    if (o === 0) {
      this.pairs.push(new Uint32Array(2 * BLOCK));
      this.tfs.push(new Uint8Array(BLOCK));
    }
    const b = this.used >>> BLOCK_BITS;
    const pairs = this.pairs[b]!;
    pairs[2 * o] = termId;
    pairs[2 * o + 1] = doc;
    this.tfs[b]![o] = tf;
    this.used++;
  }

  /** Appends another segment's postings, its label l becoming doc remap[l] (-1: dropped). */
  appendRemapped(from: SegmentPostings, remap: Int32Array): void {
    for (let label = 0; label < remap.length; label++) {
      const doc = remap[label]!;
      if (doc >= 0) this.lengths[doc] = from.lengths[label]!;
    }
    for (const [term, docs, tfs] of from.terms()) {
      // Looked up once per term, and only when a posting survives: a term whose postings were all
      // dropped gets no id.
      let id: number | undefined;
      for (let i = 0; i < docs.length; i++) {
        const doc = remap[docs[i]!]!;
        if (doc < 0) continue;
        id ??= this.termId(term);
        this.push(id, doc, tfs[i]!);
      }
    }
  }

  /**
   * The binary postings and the term list in lexical.terms order (sortTerms), a term's id its place
   * in it; postings grouped by term (counting sort, docs stay ascending).
   */
  finish(): { bin: Buffer; terms: string[] } {
    if (this.finished) throw new Error("PostingsBuilder.finish() was called twice: its postings are gone");
    this.finished = true;
    const nTerms = this.termIds.size;
    const terms = sortTerms([...this.termIds.keys()]);
    // The id each term was given as it came, → its place in the sorted list.
    const rank = new Uint32Array(nTerms);
    for (const [i, term] of terms.entries()) rank[this.termIds.get(term)!] = i;
    const nDocs = this.lengths.length;
    const p = this.used;
    const at = layoutOf(nTerms, nDocs, p);
    const bin = Buffer.alloc(at.bytes);
    const header = new Uint32Array(bin.buffer, bin.byteOffset, 4);
    header.set([nTerms, nDocs, p, 0]);
    const offsets = new Uint32Array(bin.buffer, bin.byteOffset + at.offsetsAt, nTerms + 1);
    const blockSize = (b: number) => Math.min(BLOCK, p - b * BLOCK);
    for (const [b, pairs] of this.pairs.entries())
      for (let o = 0, n = blockSize(b); o < n; o++) offsets[rank[pairs[2 * o]!]! + 1]!++;
    for (let t = 0; t < nTerms; t++) offsets[t + 1]! += offsets[t]!;
    const docs = new Uint32Array(bin.buffer, bin.byteOffset + at.docsAt, p);
    const lengths = new Uint16Array(bin.buffer, bin.byteOffset + at.lengthsAt, nDocs);
    const tfs = new Uint8Array(bin.buffer, bin.byteOffset + at.tfsAt, p);
    const cursor = offsets.slice(0, nTerms);
    for (const [b, pairs] of this.pairs.entries()) {
      const blockTfs = this.tfs[b]!;
      for (let o = 0, n = blockSize(b); o < n; o++) {
        const k = cursor[rank[pairs[2 * o]!]!]!++;
        docs[k] = pairs[2 * o + 1]!;
        tfs[k] = blockTfs[o]!;
      }
    }
    // The blocks are in the file now; a builder is finished once.
    this.pairs = [];
    this.tfs = [];
    lengths.set(this.lengths);
    return { bin, terms };
  }
}

/** Where a segment's posting lists lie: in memory, or in their file, read a list at a time. */
interface ListSource {
  list(from: number, to: number, arena?: ListArena): { docs: Uint32Array; tfs: Uint8Array };
}

/**
 * A segment's lexical.bin kept on disk: only the header, the term offsets and the chunk lengths are
 * read at load; each posting list is read when a question asks for it (from the page cache, once a
 * file has been hashed at load). At a million chunks the lists are half a gigabyte a server need not
 * hold (issue 14's serving memory); a question reads a few lists per segment.
 */
export class PostingsFile {
  constructor(
    /** An open descriptor of lexical.bin; its owner closes it. */
    readonly fd: number,
  ) {}

  read<T extends Uint32Array | Uint16Array | Uint8Array>(into: T, at: number): T {
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(this.fd, bytes, done, bytes.length - done, at + done);
      if (n === 0) throw new Error(`lexical.bin ends at byte ${at + done}, before its postings do`);
      done += n;
    }
    return into;
  }
}

/** One segment's postings, read back: whole from a buffer, or list by list from their file. */
export class SegmentPostings {
  readonly docs: number;
  readonly totalLength: number;
  private readonly table: TermTable;
  private readonly offsets: Uint32Array;
  readonly lengths: Uint16Array;
  private readonly source: ListSource;

  /** `terms`: the segment's term table, or its terms in id order. */
  constructor(bin: Buffer | PostingsFile, terms: TermTable | readonly string[]) {
    this.table = Array.isArray(terms) ? new MappedTerms(terms) : (terms as TermTable);
    let nTerms: number;
    let nDocs: number;
    let p: number;
    if (bin instanceof PostingsFile) {
      [nTerms, nDocs, p] = bin.read(new Uint32Array(4), 0) as unknown as [number, number, number];
      const { offsetsAt, docsAt, lengthsAt, tfsAt } = layoutOf(nTerms, nDocs, p);
      this.offsets = bin.read(new Uint32Array(nTerms + 1), offsetsAt);
      this.lengths = bin.read(new Uint16Array(nDocs), lengthsAt);
      this.source = {
        list: (from, to, arena) => {
          const n = to - from;
          const docs = arena ? arena.uint32(n) : new Uint32Array(n);
          const tfs = arena ? arena.uint8(n) : new Uint8Array(n);
          return { docs: bin.read(docs, docsAt + 4 * from), tfs: bin.read(tfs, tfsAt + from) };
        },
      };
    } else {
      // Typed-array views need 4-byte alignment. A file read whole has its own aligned memory and
      // is viewed where it lies (at 68k articles, 50 MB a segment not copied at start-up); anything
      // else is copied into an aligned buffer first.
      const aligned = bin.byteOffset % 4 === 0;
      const buf = aligned ? bin : new Uint8Array(bin);
      const at = aligned ? bin.byteOffset : 0;
      [nTerms, nDocs, p] = new Uint32Array(buf.buffer, at, 4) as unknown as [number, number, number];
      const layout = layoutOf(nTerms, nDocs, p);
      this.offsets = new Uint32Array(buf.buffer, at + layout.offsetsAt, nTerms + 1);
      const postingDocs = new Uint32Array(buf.buffer, at + layout.docsAt, p);
      this.lengths = new Uint16Array(buf.buffer, at + layout.lengthsAt, nDocs);
      const tfs = new Uint8Array(buf.buffer, at + layout.tfsAt, p);
      this.source = {
        list: (from, to) => ({ docs: postingDocs.subarray(from, to), tfs: tfs.subarray(from, to) }),
      };
    }
    if (nTerms !== this.table.count)
      throw new Error(`postings list ${nTerms} terms, the term file ${this.table.count}`);
    this.docs = nDocs;
    let total = 0;
    for (const l of this.lengths) total += l;
    this.totalLength = total;
  }

  df(term: string): number {
    const id = this.table.id(term);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  /** The term's id in this segment, or undefined when no chunk of it holds the term. */
  termId(term: string): number | undefined {
    return this.table.id(term);
  }

  /**
   * The postings of term `id`, doc ids ascending: views of the buffer, or read from the file (into
   * `arena` when given: then they hold only until its next reset).
   */
  list(id: number, arena?: ListArena): { docs: Uint32Array; tfs: Uint8Array } {
    return this.source.list(this.offsets[id]!, this.offsets[id + 1]!, arena);
  }

  get termCount(): number {
    return this.offsets.length - 1;
  }

  /** Every term with its postings, for rewriting the segment during compaction. */
  *terms(): Generator<[string, Uint32Array, Uint8Array]> {
    for (const [term, id] of this.table.entries()) {
      const { docs, tfs } = this.list(id);
      yield [term, docs, tfs];
    }
  }
}

export interface LexicalPart {
  postings: SegmentPostings;
  /** Global number of the segment's label 0. */
  base: number;
  deleted: Uint8Array;
}

/** Terms whose document frequency a loaded index remembers (a few MB). */
const DF_MEMO_TERMS = 100_000;

/**
 * BM25 over several segments as if they were one index: document frequencies and the average
 * length are summed across segments, deleted chunks are skipped. (Deleted chunks still count in
 * the statistics until compaction; with deletions capped by the compaction threshold the effect on
 * ranking is small.) Extends Bm25Index so the retriever takes it unchanged.
 */
export class SegmentedBm25 extends Bm25Index {
  private readonly parts: LexicalPart[];
  private readonly live: number;
  private readonly avg: number;
  private readonly k1c = 1.2;
  private readonly bc = 0.75;
  private readonly norms: (Float64Array | undefined)[] = [];
  private readonly termBounds: (Float64Array | undefined)[] = [];
  // The evidence scorer weighs every word of every candidate sentence, a few thousand lookups a
  // question, each a binary search in every segment's term table; a loaded index never changes.
  private readonly dfs = new Map<string, number>();
  private readonly arena = new ListArena();

  constructor(parts: LexicalPart[]) {
    super();
    this.parts = parts;
    let docs = 0;
    let length = 0;
    let deleted = 0;
    for (const p of parts) {
      docs += p.postings.docs;
      length += p.postings.totalLength;
      for (const d of p.deleted) deleted += d;
    }
    this.live = docs - deleted;
    this.avg = docs ? length / docs : 0;
  }

  override get size(): number {
    return this.live;
  }

  override add(): number {
    throw new Error("a persisted index is read-only: rebuild it with npm run index");
  }

  private df(term: string): number {
    let df = this.dfs.get(term);
    if (df !== undefined) return df;
    df = 0;
    for (const p of this.parts) df += p.postings.df(term);
    if (this.dfs.size >= DF_MEMO_TERMS) this.dfs.clear();
    this.dfs.set(term, df);
    return df;
  }

  override has(term: string): boolean {
    return this.df(term) > 0;
  }

  override idf(term: string): number {
    const df = Math.min(this.df(term), this.live);
    return Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
  }

  override search(queryTokens: string[], k: number, accept?: (doc: number) => boolean): ScoredDoc[] {
    if (this.live === 0 || k <= 0) return [];
    const terms = [...new Set(queryTokens)].map((t) => ({ t, idf: this.idf(t) }));
    // One heap across the segments, so the k-th score found in one prunes the next.
    const top = new TopDocs(k);
    for (const [i, part] of this.parts.entries()) {
      const { postings, deleted, base } = part;
      // One segment's lists at a time: they are done with once its documents are offered.
      this.arena.reset();
      const scoring = this.scoring(i);
      const bounds = this.bounds(i);
      const lists: TermList[] = [];
      for (const [order, { t, idf }] of terms.entries()) {
        const id = postings.termId(t);
        if (id === undefined) continue;
        const { docs, tfs } = postings.list(id, this.arena);
        if (bounds[id]! < 0) bounds[id] = termBound(scoring, idf, docs, tfs);
        lists.push({ order, docs, tfs, idf, bound: bounds[id]! });
      }
      maxScoreInto(lists, scoring, top, base, (doc) => !deleted[doc] && (!accept || accept(base + doc)));
    }
    return top.sorted();
  }

  /**
   * Part i's length terms of the BM25 denominator, worked out on its first search rather than at
   * load, where they would cost every start-up a pass over every chunk.
   */
  private scoring(i: number): Bm25Scoring {
    let norms = this.norms[i];
    if (!norms) {
      const { lengths } = this.parts[i]!.postings;
      norms = new Float64Array(lengths.length);
      for (let d = 0; d < lengths.length; d++)
        norms[d] = this.k1c * (1 - this.bc + (this.bc * lengths[d]!) / this.avg);
      this.norms[i] = norms;
    }
    return { k1: this.k1c, norms };
  }

  /** Part i's per-term bounds (-1: not yet worked out), each filled on the term's first search. */
  private bounds(i: number): Float64Array {
    let b = this.termBounds[i];
    if (!b) {
      b = new Float64Array(this.parts[i]!.postings.termCount).fill(-1);
      this.termBounds[i] = b;
    }
    return b;
  }
}
