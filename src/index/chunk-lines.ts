/**
 * Reading a segment's chunks (chunks.jsonl) one line at a time, by the offsets in chunks.off, each
 * line checked against its CRC-32 in chunks.crc when the segment has one (segment.ts says why).
 *
 * The lines are read from the open file, or from a copy of the whole file held in memory when the
 * index's chunk lines fit the budget a server sets (CHUNK_MEMORY_MB, see {@link chunkLinesFit}):
 * at 68,210 news articles a question reads ~110 chunk lines (its 60 candidates and their
 * articles' openings), and a system call for each was about a third of reading them. The copy is a
 * Buffer, outside the JS heap, so the garbage collector never walks it.
 */
import { readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { crc32 } from "node:zlib";
import type { Chunk } from "../types.js";
import type { Manifest } from "./manifest.js";

/** Where a segment's chunk lines are and how they are checked. */
export interface ChunkLines {
  /** The open chunks.jsonl. */
  fd: number;
  /** Byte offset of each line, and the file's length last. */
  offsets: Float64Array;
  /** Each line's CRC-32; undefined for segments written before chunks.crc (their file was hashed whole). */
  crcs: Uint32Array | undefined;
  /** The whole of chunks.jsonl, once it is held in memory (holdLines). */
  bytes: Buffer | undefined;
  /** The error for a damaged line. */
  damaged(problem: string): Error;
}

/** Chunks kept parsed per segment (oldest dropped first). */
const CHUNK_CACHE = 2048;
/** Bytes of the buffer a segment reads its chunk lines into; a longer line gets its own. */
const LINE_BUFFER = 64 * 1024;

/** The chunk at a label, read and parsed on first use and kept for the next reads. */
export function chunkReader(lines: ChunkLines): (label: number) => Chunk {
  const { fd, offsets, crcs } = lines;
  const cache = new Map<number, Chunk>();
  const lineBuffer = Buffer.allocUnsafe(LINE_BUFFER);
  return (label) => {
    const { bytes } = lines;
    const hit = cache.get(label);
    if (hit) return hit;
    const from = offsets[label]!;
    const length = offsets[label + 1]! - from;
    let buf: Buffer;
    if (bytes) buf = bytes.subarray(from, from + length);
    else {
      // Decoded into a string below, so one buffer serves every read (a new one was ~1/6 of a read).
      buf = length <= lineBuffer.length ? lineBuffer.subarray(0, length) : Buffer.alloc(length);
      readSync(fd, buf, 0, length, from);
    }
    if (crcs && crc32(buf) !== crcs[label])
      throw lines.damaged(`does not match its checksum at chunk ${label}`);
    const chunk = JSON.parse(buf.toString("utf8")) as Chunk;
    // A question reads the same few dozen candidates several times (fusion, rerank, diversity).
    if (cache.size >= CHUNK_CACHE) cache.delete(cache.keys().next().value!);
    cache.set(label, chunk);
    return chunk;
  };
}

/**
 * Whether every segment's chunk lines together take at most `budget` bytes, so a server may hold
 * them all in memory. All or none: at a million chunks (~1.1 GB of lines) holding some segments
 * would spend memory serving's target has no room for, and speed up only their questions' reads.
 */
export function chunkLinesFit(manifest: Manifest, budget: number): boolean {
  if (budget <= 0) return false;
  let total = 0;
  for (const s of manifest.segments) total += manifest.files[`${s.name}/chunks.jsonl`]?.bytes ?? 0;
  return total <= budget;
}

/**
 * Reads the whole of `path` (the segment's chunks.jsonl) into `lines.bytes`, after the load rather
 * than as part of it: questions read from disk until it is in (a cold start's first answer would
 * otherwise wait for it, ~0.1–0.3 s for the 166 MB at 68,210 articles). A file that cannot be read
 * now (a later build removed the generation) or is not the length its offsets say leaves the lines
 * on disk. Lines are still checked one by one as they are read (chunks.crc); a segment without sums
 * had its file hashed whole at load, and index files are never rewritten in place.
 */
export async function holdLines(path: string, lines: ChunkLines): Promise<boolean> {
  const bytes = await readFile(path).catch(() => undefined);
  if (!bytes || bytes.length !== lines.offsets[lines.offsets.length - 1]) return false;
  lines.bytes = bytes;
  return true;
}
