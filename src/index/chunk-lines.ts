/**
 * Reading a segment's chunks (chunks.u16, or chunks.jsonl in older segments) one line at a time, by
 * the offsets in chunks.off, each line checked against its CRC-32 in chunks.crc when the segment has
 * one (segment.ts says why).
 *
 * The lines are read from the open file, or from a copy of the whole file read at load when the
 * index's chunk lines fit the budget the service sets (CHUNK_MEMORY_MB, see {@link chunkLinesFit}):
 * at 68,210 news articles a question reads ~110 chunk lines (its 60 candidates and their
 * articles' openings), and a system call for each was about a third of reading them. The copy is a
 * Buffer, outside the JS heap, so the garbage collector never walks it.
 */
import { readSync } from "node:fs";
import { open } from "node:fs/promises";
import { crc32 } from "node:zlib";
import type { Chunk } from "../types.js";
import type { Manifest } from "./manifest.js";

/** Where a segment's chunk lines are and how they are checked. */
export interface ChunkLines {
  /** The open chunk lines' file. */
  fd: number;
  /** Byte offset of each line, and the file's length last. */
  offsets: Float64Array;
  /** Each line's CRC-32; undefined for segments written before chunks.crc (their file was hashed whole). */
  crcs: Uint32Array | undefined;
  /** The whole of the chunk lines' file, when it is held in memory (readWhole). */
  bytes: Buffer | undefined;
  /** The lines' encoding (chunkLinesOf). */
  encoding: LinesEncoding;
  /** The error for a damaged line. */
  damaged(problem: string): Error;
}

/**
 * The chunk lines' file, as JSON in UTF-16LE. A question decodes ~60 lines it has not read before
 * (its candidates and their articles' openings), and decoding a news chunk's UTF-8 into a JS string
 * took ~4.4 µs a line, UTF-16LE ~0.4 µs (it is V8's own string form): 0.38 ms of a 68k question's ~5,
 * paired over the two forms of one index (bench/profile-notes.md, sixteenth session). Chinese text is
 * two bytes a character in it against three, so the file is smaller too (142 against 166 MB at 68k).
 */
export const CHUNK_LINES_FILE = "chunks.u16";
/** The chunk lines in UTF-8, as segments written before index format 5 hold them (still read). */
export const LEGACY_CHUNK_LINES_FILE = "chunks.jsonl";

/** UTF-16LE, or UTF-8 in segments written before index format 5. */
export type LinesEncoding = "utf16le" | "utf8";

/**
 * A segment's chunk lines' file and how its lines are decoded, given which files the segment has
 * (`has`: by the manifest, or on disk): UTF-16LE, or UTF-8 in a segment written before format 5.
 */
export function chunkLinesOf(has: (file: string) => boolean): { file: string; encoding: LinesEncoding } {
  return has(CHUNK_LINES_FILE)
    ? { file: CHUNK_LINES_FILE, encoding: "utf16le" }
    : { file: LEGACY_CHUNK_LINES_FILE, encoding: "utf8" };
}

/** Chunks kept parsed per segment (oldest dropped first). */
const CHUNK_CACHE = 2048;
/** Bytes of the buffer a segment reads its chunk lines into; a longer line gets its own. */
const LINE_BUFFER = 64 * 1024;

/** The chunk at a label, read and parsed on first use and kept for the next reads. */
export function chunkReader(lines: ChunkLines): (label: number) => Chunk {
  const { fd, offsets, crcs, bytes, encoding } = lines;
  const cache = new Map<number, Chunk>();
  const lineBuffer = Buffer.allocUnsafe(bytes ? 0 : LINE_BUFFER);
  return (label) => {
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
    const chunk = JSON.parse(buf.toString(encoding)) as Chunk;
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
  for (const s of manifest.segments) {
    const listed = (file: string) => manifest.files[`${s.name}/${file}`];
    total += listed(chunkLinesOf((f) => listed(f) !== undefined).file)?.bytes ?? 0;
  }
  return total <= budget;
}

/**
 * The whole of `path` (a segment's chunk lines), in one read on the libuv pool, alongside the
 * graph's. Read in pieces (readFile), each piece waited on by the main thread, busy at load and then
 * answering, it came in after the load and only once a run of questions yielded to the event loop.
 * Undefined when it cannot be read: then the lines stay on disk, and a damaged file is named when
 * its lines are read. Lines are checked one by one as they are read all the same (chunks.crc); a
 * segment without sums has its file hashed whole at load.
 */
export async function readWhole(path: string): Promise<Buffer | undefined> {
  const handle = await open(path, "r").catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    // One read gives it all from a regular file below 2 GB; the loop is for the rest.
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) return undefined;
      at += bytesRead;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
