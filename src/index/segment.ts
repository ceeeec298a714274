/**
 * A segment: an immutable folder of chunks, vectors and postings under labels 0..n-1.
 *
 *   chunks.u16     one chunk per line, as JSON in UTF-16LE, in label order (chunks.jsonl, UTF-8, in
 *                  segments written before index format 5: see CHUNK_LINES_FILE)
 *   chunks.off     f64 byte offsets of each line (n+1), so a chunk is read without loading the rest
 *   chunks.crc     u32 CRC-32 of each line, checked as the chunk is read (see loadSegment)
 *   ids.txt        chunk ids in label order (for de-duplication by later builds)
 *   vectors.hnsw   hnswlib graph and vectors
 *   lexical.bin, lexical.terms   BM25 postings (lexical.ts, term-table.ts; lexical.terms.json before 2026-12-04)
 *
 * Every file is written, fsynced and hashed before the segment is reported done, so a manifest
 * that names a segment never points at a half-written file.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { link, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { embeddingText } from "../chunk/chunker.js";
import type { TermVectors } from "../embed/hashed-tfidf.js";
import { IndexCorruptError } from "../errors.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Chunk } from "../types.js";
import {
  CHUNK_LINES_FILE,
  chunkLinesOf,
  chunkReader,
  LEGACY_CHUNK_LINES_FILE,
  readWhole,
} from "./chunk-lines.js";
import { durableWrite, type FileSums, fsyncAndHash, fsyncDir } from "./durable-write.js";
import { addVector, HierarchicalNSW } from "./hnswlib.js";
import { PostingsBuilder, PostingsFile, SegmentPostings } from "./lexical.js";
import type { HnswParams } from "./manifest.js";
import { LEGACY_TERMS_FILE, SortedTerms, TERMS_FILE, type TermTable, termsFileBytes } from "./term-table.js";

export type Hnsw = InstanceType<typeof HierarchicalNSW>;

export const SEGMENT_FILES = [
  CHUNK_LINES_FILE,
  LEGACY_CHUNK_LINES_FILE, // in segments written before format 5, kept when they are carried over
  "chunks.off",
  "chunks.crc",
  "ids.txt",
  "vectors.hnsw",
  "lexical.bin",
  TERMS_FILE,
  LEGACY_TERMS_FILE, // in segments written before 2026-12-04, kept when they are carried over
] as const;

export type { FileSums };

export interface SegmentSource {
  /** Tokens for the lexical index. */
  tokenizer: Tokenizer;
  /**
   * Vectors for a batch of texts, in order. Without it the segment holds postings and no vectors
   * (EMBEDDINGS=none): its graph is written empty, and nothing is embedded or inserted.
   */
  embed?(texts: string[]): Promise<ArrayLike<number>[]>;
  /**
   * The hashed embedder's vectors from the postings' term ids and counts (hashed-tfidf.ts
   * termVectors), used instead of `embed`: the same vectors without counting and hashing each
   * chunk's tokens a second time. Called once a segment.
   */
  termVectors?(): TermVectors;
}

export interface WriteSegmentOptions {
  dir: string;
  hnsw: HnswParams;
  dimensions?: number;
  /** Texts per embed call. Default 256. */
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/** A segment's chunks as they come: how many, and in batches of any size (a spool file's, say). */
export interface ChunkBatches {
  count: number;
  batches: Iterable<Chunk[]> | AsyncIterable<Chunk[]>;
}

/**
 * Tokenises, embeds and indexes the chunks into a new segment folder; returns its files' sums.
 * Each batch is indexed as the chunk lines' file takes its lines, so a worker holds a batch of
 * chunks, not its segment's (~72,000 at 68,000 news articles; the build's peak RSS barely moved for
 * it, as tokenising's garbage, not the chunks, fills a worker's heap).
 */
export async function writeSegment(
  chunks: ChunkBatches,
  source: SegmentSource,
  opts: WriteSegmentOptions,
): Promise<{ files: FileSums; dimensions: number }> {
  const postings = new PostingsBuilder();
  let hnsw: Hnsw | undefined;
  let dimensions = opts.dimensions ?? 0;
  let done = 0;
  const terms = source.termVectors?.();
  async function* indexed(): AsyncGenerator<Chunk[]> {
    for await (const batch of inBatches(chunks.batches, opts.batchSize ?? 256)) {
      const texts = batch.map(embeddingText);
      // Each chunk's vector is made as its postings are added, from the arrays add() reuses.
      const made: Float32Array[] = [];
      for (const t of texts) {
        const n = postings.add(source.tokenizer.tokens(t));
        if (terms) made.push(terms.vector(postings.lastIds, postings.lastTfs, n, postings.termOf));
      }
      const vectors = terms ? made : await source.embed?.(texts);
      if (vectors) {
        if (!hnsw) {
          dimensions = vectors[0]?.length ?? dimensions;
          hnsw = newHnsw(opts.hnsw, dimensions, chunks.count);
        }
        for (const [j, v] of vectors.entries()) addVector(hnsw, v, done + j);
      }
      done += batch.length;
      opts.onProgress?.(done);
      yield batch;
    }
  }
  const files = await writeSegmentFiles(opts.dir, { count: chunks.count, batches: indexed() }, () => ({
    hnsw: hnsw ?? newHnsw(opts.hnsw, dimensions || 1, 1),
    lexical: postings.finish(),
  }));
  return { files, dimensions };
}

/** `batches` cut and joined into batches of `size` (the last one smaller): the embedder's calls. */
async function* inBatches(
  batches: Iterable<Chunk[]> | AsyncIterable<Chunk[]>,
  size: number,
): AsyncGenerator<Chunk[]> {
  let pending: Chunk[] = [];
  for await (const batch of batches) {
    for (const c of batch) {
      pending.push(c);
      if (pending.length === size) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length) yield pending;
}

export function newHnsw(params: HnswParams, dimensions: number, capacity: number): Hnsw {
  const hnsw = new HierarchicalNSW(params.space, dimensions);
  hnsw.initIndex({
    maxElements: Math.max(capacity, 1),
    m: params.M,
    efConstruction: params.efConstruction,
    randomSeed: 100,
  });
  return hnsw;
}

/**
 * Writes a segment's files: the chunks' lines first, as the batches come; then the graph and the
 * postings, which `finish` gives once every batch is through.
 */
export async function writeSegmentFiles(
  dir: string,
  chunks: ChunkBatches,
  finish: () => { hnsw: Hnsw; lexical: { bin: Buffer; terms: string[] } },
): Promise<FileSums> {
  await mkdir(dir, { recursive: true });
  const offsets = new Float64Array(chunks.count + 1);
  const crcs = new Uint32Array(chunks.count);
  const ids: string[] = [];
  // Lines are made as they are written, not all at once (~0.2 GB a worker at 100k chunks).
  async function* lines(): AsyncGenerator<Buffer> {
    let at = 0;
    for await (const batch of chunks.batches) {
      for (const c of batch) {
        const i = ids.length;
        if (i === chunks.count) throw new Error(`a segment of ${chunks.count} chunks was given more`);
        const line = Buffer.from(`${JSON.stringify(c)}\n`, "utf16le");
        offsets[i] = at;
        at += line.length;
        crcs[i] = crc32(line);
        ids.push(c.id);
        yield line;
      }
    }
    if (ids.length !== chunks.count)
      throw new Error(`a segment of ${chunks.count} chunks was given ${ids.length}`);
    offsets[chunks.count] = at;
  }
  const sums: FileSums = {};
  sums[CHUNK_LINES_FILE] = await durableWrite(join(dir, CHUNK_LINES_FILE), lines());
  const { hnsw, lexical } = finish();
  sums["chunks.off"] = await durableWrite(join(dir, "chunks.off"), [Buffer.from(offsets.buffer)]);
  sums["chunks.crc"] = await durableWrite(join(dir, "chunks.crc"), [Buffer.from(crcs.buffer)]);
  sums["ids.txt"] = await durableWrite(join(dir, "ids.txt"), [ids.join("\n")]);
  sums["lexical.bin"] = await durableWrite(join(dir, "lexical.bin"), [lexical.bin]);
  sums[TERMS_FILE] = await durableWrite(join(dir, TERMS_FILE), [termsFileBytes(lexical.terms)]);
  await hnsw.writeIndex(join(dir, "vectors.hnsw"));
  sums["vectors.hnsw"] = await fsyncAndHash(join(dir, "vectors.hnsw"));
  await fsyncDir(dir);
  return sums;
}

/**
 * Hard-links `file` (a path inside the generation) from the previous generation's folder into the
 * new one's, and records its sums as the previous manifest lists them (checked before reuse).
 */
export async function linkReused(
  prevPath: string,
  genPath: string,
  file: string,
  sum: FileSums[string],
  files: FileSums,
): Promise<void> {
  await link(join(prevPath, file), join(genPath, file));
  files[file] = { ...sum };
}

/** A loaded segment: vectors in memory, chunks read from disk on demand. */
export interface LoadedSegment {
  name: string;
  size: number;
  hnsw: Hnsw;
  postings: SegmentPostings;
  deleted: Uint8Array;
  chunk(label: number): Chunk;
  /** Whether the chunk lines are read from a copy in memory (chunk-lines.ts), not from disk. */
  linesInMemory: boolean;
  /** Chunk ids in label order. */
  ids(): string[];
  close(): void;
}

/**
 * How loadSegment gets at a segment's files. The store's access hashes each file against the
 * manifest first (store.ts), so nothing damaged reaches hnswlib; the default reads them as they are.
 */
export interface SegmentFileAccess {
  /** Resolves once `file` may be read; rejects, naming it, when it may not. */
  check(file: string): Promise<void>;
  /** The whole file, once checked. */
  read(file: string): Promise<Buffer>;
  /** Whether the segment has the file (segments written before chunks.crc lack it). */
  has(file: string): boolean;
  /** `file` is checked piece by piece as it is read, so it is not to be hashed whole. */
  defer(file: string): void;
  /** The error for a damaged piece of `file`. */
  damaged(file: string, problem: string): Error;
  /**
   * Leave the posting lists in lexical.bin, read list by list as questions ask (a server: see
   * PostingsFile), rather than read whole (a build rewriting the segment reads every list anyway).
   */
  postingsOnDisk?: boolean;
  /** Hold the chunk lines' file in memory, read whole once loaded, not read a line from disk a chunk. */
  chunksInMemory?: boolean;
}

function unchecked(dir: string): SegmentFileAccess {
  return {
    check: async () => undefined,
    read: (file) => readFile(join(dir, file)),
    has: (file) => existsSync(join(dir, file)),
    defer: () => undefined,
    damaged: (file, problem) => new IndexCorruptError(dir, `${file} ${problem}`),
  };
}

/** A segment's files other than the graph, each checked before it is read. */
async function readSegmentFiles(files: SegmentFileAccess, linesFile: string) {
  // The chunk lines are the largest file (60% of an index without vectors) and most are never
  // read by a given run: with their sums at hand each is checked as it is read, not all at load.
  const crcs = files.has("chunks.crc") ? lineSums(await files.read("chunks.crc")) : undefined;
  if (crcs) files.defer(linesFile);
  else await files.check(linesFile);
  await files.check("ids.txt");
  const terms: TermTable | string[] = files.has(TERMS_FILE)
    ? new SortedTerms(await files.read(TERMS_FILE))
    : (JSON.parse((await files.read(LEGACY_TERMS_FILE)).toString("utf8")) as string[]);
  const offBuf = await files.read("chunks.off");
  // A server leaves the lists in their file (checked, not read), opened once the graph is read.
  const bin = files.postingsOnDisk ? await files.check("lexical.bin") : await files.read("lexical.bin");
  return { postings: bin && new SegmentPostings(bin, terms), terms, offBuf, crcs };
}

/** Opens a segment's `files` in order; if one fails, those already open are closed (no leaked descriptor). */
function openAll(dir: string, files: readonly string[]): number[] {
  const opened: number[] = [];
  try {
    for (const file of files) opened.push(openSync(join(dir, file), "r"));
  } catch (err) {
    for (const f of opened) closeSync(f);
    throw err;
  }
  return opened;
}

/** Postings read list by list from lexical.bin, open as `fd` among `opened` (all closed if it is unreadable). */
function postingsOnDisk(fd: number, terms: TermTable | string[], opened: number[], files: SegmentFileAccess) {
  try {
    return new SegmentPostings(new PostingsFile(fd), terms);
  } catch (err) {
    for (const f of opened) closeSync(f);
    throw files.damaged("lexical.bin", `cannot be read (${(err as Error).message})`);
  }
}

export async function loadSegment(
  dir: string,
  name: string,
  size: number,
  deletedLabels: number[],
  space: HnswParams["space"],
  dimensions: number,
  files: SegmentFileAccess = unchecked(dir),
  /** Told once the graph is being read (or at once, when there is none to read). */
  onGraphReading?: () => void,
): Promise<LoadedSegment> {
  const hnsw = new HierarchicalNSW(space, dimensions);
  await files.check("vectors.hnsw");
  // hnswlib reads the graph on the libuv pool; the other files are checked and read meanwhile.
  const graph = size > 0 ? hnsw.readIndex(join(dir, "vectors.hnsw")) : Promise.resolve(hnsw.initIndex(1));
  onGraphReading?.();
  // The chunk lines, when they are to be held in memory, are read meanwhile too.
  const { file: linesFile, encoding } = chunkLinesOf((file) => files.has(file));
  const whole = files.chunksInMemory ? readWhole(join(dir, linesFile)) : undefined;
  const [loaded, read] = await Promise.allSettled([graph, readSegmentFiles(files, linesFile)]);
  const bytes = await whole;
  if (loaded.status === "rejected") throw loaded.reason;
  if (read.status === "rejected") throw read.reason;
  const { offBuf, crcs, terms } = read.value;
  const deleted = new Uint8Array(size);
  // A segment without vectors (EMBEDDINGS=none) has an empty graph: nothing in it to mark.
  const vectors = hnsw.getCurrentCount() > 0;
  for (const label of deletedLabels) {
    if (label >= size || deleted[label]) continue;
    deleted[label] = 1;
    if (vectors) hnsw.markDelete(label);
  }
  const offsets = new Float64Array(offBuf.buffer.slice(offBuf.byteOffset, offBuf.byteOffset + offBuf.length));
  // The files stay open: a later build may delete this generation while questions still read it.
  const inMemory = read.value.postings;
  const opened = openAll(dir, [linesFile, "ids.txt", ...(inMemory ? [] : ["lexical.bin"])]);
  const [fd, idsFd, lexicalFd] = opened as [number, number, number | undefined];
  const postings = inMemory ?? postingsOnDisk(lexicalFd!, terms, opened, files);
  let closed = false;
  const damaged = (problem: string) => files.damaged(linesFile, problem);
  // A copy that is not the length the offsets give is not the file they index: read from disk.
  const held = bytes?.length === offsets[size] ? bytes : undefined;
  const segment: LoadedSegment = {
    name,
    size,
    hnsw,
    postings,
    deleted,
    chunk: chunkReader({ fd, offsets, crcs, bytes: held, damaged, encoding }),
    linesInMemory: held !== undefined,
    ids() {
      const buf = Buffer.alloc(fstatSync(idsFd).size);
      readSync(idsFd, buf, 0, buf.length, 0);
      const text = buf.toString("utf8");
      return text ? text.split("\n") : [];
    },
    close() {
      if (closed) return;
      closed = true;
      openFiles.unregister(segment);
      for (const f of opened) closeSync(f);
    },
  };
  // A replaced index is dropped, not closed, by the service (questions may still be reading it):
  // its files close when it is collected.
  openFiles.register(segment, opened, segment);
  return segment;
}

/** A chunks.crc file's sums (copied: a file read whole may not start on a 4-byte boundary). */
function lineSums(buf: Buffer): Uint32Array {
  const sums = new Uint32Array(buf.length >> 2);
  new Uint8Array(sums.buffer).set(buf.subarray(0, sums.length * 4));
  return sums;
}

const openFiles = new FinalizationRegistry<number[]>((fds) => {
  for (const fd of fds) closeSync(fd);
});

/** A fresh segment folder name, unique within a generation. */
export function segmentName(): string {
  return `seg-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
