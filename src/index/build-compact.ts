/**
 * Build step 5: the previous generation's segments carried into the new one. A segment whose live
 * chunks are all still wanted is hard-linked; one with more than `compactAt` of it deleted is
 * rewritten; when there are more than `maxSegments`, the small ones are merged too. Rewriting
 * reuses the vectors of the old graphs, so nothing is embedded again.
 *
 * With `defer`, every segment is linked as it is and the compaction is only reported as due: the
 * build publishes the new pages first and compacts in a second pass (build.ts), so an issue is
 * searchable in seconds even when a compaction of a million chunks falls due with it.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Chunk } from "../types.js";
import type { BuildOptions, PreviousGeneration } from "./build-options.js";
import type { DamagedFile } from "./checksums.js";
import { addVector, storedVector } from "./hnswlib.js";
import { PostingsBuilder } from "./lexical.js";
import type { HnswParams, SegmentEntry, SourceEntry } from "./manifest.js";
import {
  type FileSums,
  linkReused,
  loadSegment,
  newHnsw,
  SEGMENT_FILES,
  segmentName,
  writeSegmentFiles,
} from "./segment.js";

export interface CarryOver {
  opts: BuildOptions;
  prev: PreviousGeneration | undefined;
  hnsw: HnswParams;
  dimensions: number;
  genPath: string;
  /** Deleted labels by segment (build-diff.ts tombstones). */
  deleted: Map<string, Set<number>>;
  damaged: Map<string, DamagedFile>;
  /** Every source of the new generation; those in rewritten segments are pointed at the new one. */
  sources: SourceEntry[];
  /** Link every segment and only report whether a compaction is due. */
  defer?: boolean;
}

/**
 * The old segments in the new generation (linked first, then the one rewritten from the rest),
 * with their file sums added to `files`, whether a compaction was due and left for later
 * (`defer`), and whether segments were rewritten. Damaged and wholly deleted segments are dropped.
 */
export async function carryOverSegments(
  newSegments: number,
  files: FileSums,
  c: CarryOver,
): Promise<{ segments: SegmentEntry[]; due: boolean; rewrote: boolean }> {
  const plan = planSegments(newSegments, c);
  const due = c.defer === true && plan.rewrite.length > 0;
  const { reused, rewrite } = due ? { reused: [...plan.reused, ...plan.rewrite], rewrite: [] } : plan;
  const segments: SegmentEntry[] = [];
  for (const s of reused) {
    await mkdir(join(c.genPath, s.name));
    // A segment written before chunks.crc existed is carried over without one.
    for (const file of SEGMENT_FILES) {
      const sum = c.prev!.manifest.files[`${s.name}/${file}`];
      if (sum) await linkReused(c.prev!.path, c.genPath, `${s.name}/${file}`, sum, files);
    }
    segments.push(s);
  }
  if (rewrite.length > 0) {
    const merged = await rewriteSegments(rewrite, c);
    for (const [file, sum] of Object.entries(merged.files)) files[`${merged.entry.name}/${file}`] = sum;
    segments.push(merged.entry);
    c.opts.logger?.info(
      { segments: rewrite.length, chunks: merged.entry.chunks },
      "compacted index segments",
    );
  }
  return { segments, due, rewrote: rewrite.length > 0 };
}

/** Vectors inserted into a rewritten segment between two turns of the event loop. */
const YIELD_EVERY = 64;

/** Which old segments are linked as they are and which are rewritten into one. */
function planSegments(
  newSegments: number,
  c: CarryOver,
): { reused: SegmentEntry[]; rewrite: SegmentEntry[] } {
  const reused: SegmentEntry[] = [];
  const rewrite: SegmentEntry[] = [];
  const compactAt = c.opts.compactAt ?? 0.2;
  for (const s of c.prev?.manifest.segments ?? []) {
    const dead = c.deleted.get(s.name)!;
    if (dead.size >= s.chunks || c.damaged.has(s.name)) continue;
    const entry = { name: s.name, chunks: s.chunks, deleted: [...dead].sort((a, b) => a - b) };
    if (dead.size / s.chunks > compactAt) rewrite.push(entry);
    else reused.push(entry);
  }
  const maxSegments = c.opts.maxSegments ?? 8;
  if (reused.length + newSegments + (rewrite.length ? 1 : 0) > maxSegments) {
    // Merge the small ones: everything under an eighth of the largest.
    const largest = Math.max(...reused.map((s) => s.chunks - s.deleted.length));
    const small: SegmentEntry[] = [];
    for (let i = reused.length - 1; i >= 0; i--) {
      if (reused[i]!.chunks - reused[i]!.deleted.length < largest / 8) small.push(reused.splice(i, 1)[0]!);
    }
    // One small segment with nothing to merge into would only be copied, build after build.
    if (small.length + rewrite.length >= 2) rewrite.push(...small);
    else reused.push(...small);
  }
  return { reused, rewrite };
}

/**
 * Writes the live chunks of `old` segments into one new segment: vectors come from the old graphs
 * (getPoint) and postings are renumbered, so nothing is tokenised or embedded again. Sources that
 * lived in them are pointed at the new segment: replaced in `c.sources` by changed copies, since
 * the previous manifest's entries are frozen (build-options.ts PreviousGeneration).
 */
async function rewriteSegments(
  old: SegmentEntry[],
  c: CarryOver,
): Promise<{ entry: SegmentEntry; files: FileSums }> {
  const name = segmentName();
  const live = old.reduce((n, s) => n + s.chunks - s.deleted.length, 0);
  const hnsw = newHnsw(c.hnsw, c.dimensions, live);
  const chunks: Chunk[] = [];
  const postings = new PostingsBuilder();
  // Positions in c.sources, by segment.
  const bySegment = new Map<string, number[]>();
  for (const [i, s] of c.sources.entries()) {
    if (!s.segment) continue;
    const at = bySegment.get(s.segment);
    if (at) at.push(i);
    else bySegment.set(s.segment, [i]);
  }
  for (const s of old) {
    const dir = join(c.prev!.path, s.name);
    const seg = await loadSegment(dir, s.name, s.chunks, s.deleted, c.hnsw.space, c.dimensions);
    try {
      const vectors = seg.hnsw.getCurrentCount() > 0;
      const remap = new Int32Array(s.chunks).fill(-1);
      for (let label = 0; label < s.chunks; label++) {
        if (seg.deleted[label]) continue;
        const at = chunks.length;
        remap[label] = at;
        chunks.push(seg.chunk(label));
        // An index without vectors (EMBEDDINGS=none) has empty graphs: postings alone carry over.
        if (vectors) addVector(hnsw, storedVector(seg.hnsw, label), at);
        // Inserting is synchronous native work (about a millisecond a vector at a million
        // chunks): a bot re-indexing in-process must keep answering between batches.
        if (at % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      postings.appendRemapped(seg.postings, remap);
      for (const i of bySegment.get(s.name) ?? []) {
        const { segment: _segment, first, ...src } = c.sources[i]!;
        c.sources[i] = src.chunks === 0 ? src : { ...src, segment: name, first: remap[first!]! };
      }
    } finally {
      seg.close();
    }
  }
  const files = await writeSegmentFiles(
    join(c.genPath, name),
    { count: chunks.length, batches: [chunks] },
    () => ({ hnsw, lexical: postings.finish() }),
  );
  return { entry: { name, chunks: chunks.length, deleted: [] }, files };
}
