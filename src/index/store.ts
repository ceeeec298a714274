/**
 * On-disk layout of an index directory:
 *
 *   <dir>/CURRENT              name of the live generation (replaced by atomic rename)
 *   <dir>/LOCK                 present while a build runs (lock.ts)
 *   <dir>/gen-<stamp>/         manifest.json (whole, or a base and deltas: manifest-file.ts),
 *                              userdict.txt, names.json (and the parts appended to them since:
 *                              name-parts.ts), seg-<id>/ (segment.ts),
 *                              lsa.bin (EMBEDDINGS=lsa only: the fitted projection, build-lsa.ts)
 *
 * A build writes a whole new generation beside the live one (unchanged segments hard-linked from
 * it), fsyncs every file and folder, and only then flips CURRENT, so a crash mid-build leaves the
 * previous index loadable, and readers never see a half-written one.
 *
 * Load-time checks: every file is checked against the manifest's size and CRC-32 (sha256 for files
 * written before the CRC was recorded) before anything
 * reads it (checksums.ts), except the chunk lines when their segment has per-line sums (chunks.crc):
 * those are checked line by line as chunks are read (segment.ts), which spares every start-up hashing
 * the largest file of an index without vectors. hnswlib trusts its file: a megabyte flipped inside
 * vectors.hnsw passed a size check and crashed the process (a segfault, no message) on the first
 * question, and again after every restart. Hashing runs on its own thread (hasher.ts), one file at a time, pipelined
 * with loading: hnswlib reads a checked segment's graph on the libuv pool while the next
 * segment's files are hashed and this thread parses what is already checked.
 */
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { LSA_ID } from "../embed/lsa-embeddings.js";
import { decodeProjection, type LsaProjection } from "../embed/lsa-projection.js";
import { IndexCorruptError, IndexMismatchError, IndexMissingError, LsaProjectionError } from "../errors.js";
import type { NameLexiconData } from "../text/name-lexicon.js";
import type { Chunk } from "../types.js";
import { checkedFiles, checkSizes, damagedFile } from "./checksums.js";
import { chunkLinesFit } from "./chunk-lines.js";
import { INDEX_FORMAT_VERSION, type Manifest, READABLE_FORMAT_VERSIONS } from "./manifest.js";
import { MANIFEST, readManifestFile } from "./manifest-file.js";
import {
  DICTIONARY_BASE,
  dictionaryFiles,
  joinDictionary,
  joinLexicon,
  LEXICON_BASE,
  lexiconFiles,
} from "./name-parts.js";
import { type LoadedSegment, loadSegment } from "./segment.js";
import { multiSegmentSearch, type VectorSearch } from "./vector-search.js";

export type { Hnsw } from "./segment.js";
export type { VectorSearch } from "./vector-search.js";

const CURRENT = "CURRENT";
export const GEN_FILES = {
  manifest: MANIFEST,
  dictionary: DICTIONARY_BASE,
  names: LEXICON_BASE,
  lsa: "lsa.bin",
} as const;
export interface StoredIndex {
  dir: string;
  generation: string;
  manifest: Manifest;
  /**
   * Chunks by doc number (segment base + label), read from disk on access: a lazy array, so a
   * million chunks never sit in memory. Deleted slots still read back; search never returns them.
   */
  chunks: Chunk[];
  hnsw: VectorSearch;
  segments: { segment: LoadedSegment; base: number }[];
  /** Names from the corpus to teach the segmenter before tokenising queries or chunks. */
  dictionary: string[];
  /**
   * The corpus's proper names keyed by pinyin, for English questions: checked at load, parsed on
   * the first call (10 MB of JSON at 68k articles, ~40% of the load's main-thread time, that a bot
   * asked in Chinese never needs).
   */
  names(): NameLexiconData;
  /** EMBEDDINGS=lsa: the projection queries are embedded with (lsa-embeddings.ts embedderForIndex). */
  projection?: LsaProjection;
  /** Closes the open chunk files. Questions still running on this index must have finished. */
  close(): void;
}

export function indexExists(dir: string): boolean {
  return existsSync(join(dir, CURRENT));
}

export async function newGeneration(dir: string): Promise<{ name: string; path: string }> {
  const stamp = new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 15);
  const name = `gen-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  return { name, path };
}

/** Makes `generation` the live one, then removes all but it and the one it replaced. */
export async function publishGeneration(dir: string, generation: string): Promise<void> {
  const previous = await currentGeneration(dir);
  await fsyncPath(join(dir, generation));
  const tmp = join(dir, `${CURRENT}.${process.pid}.tmp`);
  const handle = await open(tmp, "w");
  await handle.writeFile(generation);
  await handle.sync();
  await handle.close();
  await rename(tmp, join(dir, CURRENT));
  await fsyncPath(dir);
  const keep = new Set([generation, previous]);
  for (const entry of await readdir(dir)) {
    if (entry.startsWith("gen-") && !keep.has(entry))
      await rm(join(dir, entry), { recursive: true, force: true });
  }
}

export async function currentGeneration(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, CURRENT), "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The generation's manifest, its deltas applied; a damaged one is a ManifestDamagedError naming the file. */
export async function readManifest(dir: string, generation: string): Promise<Manifest> {
  return readManifestFile(dir, generation);
}

export interface EmbedderIdentity {
  id: string;
  dimensions?: number;
}

/** Throws when the manifest's format or embedder is not what this code and `embedder` read. */
function checkBuiltBy(dir: string, manifest: Manifest, embedder: EmbedderIdentity): void {
  if (!READABLE_FORMAT_VERSIONS.includes(manifest.formatVersion)) {
    throw new IndexCorruptError(
      dir,
      `format version ${manifest.formatVersion}, expected ${INDEX_FORMAT_VERSION}`,
    );
  }
  const built = `${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions)`;
  if (manifest.embedder.id !== embedder.id) {
    throw new IndexMismatchError(dir, built, embedder.id);
  }
  if (embedder.dimensions !== undefined && embedder.dimensions !== manifest.embedder.dimensions) {
    throw new IndexMismatchError(dir, built, `${embedder.id} (${embedder.dimensions} dimensions)`);
  }
}

export interface LoadOptions {
  /**
   * Main-thread work to do once every segment's graph is being read on the libuv pool (or at once
   * when none is): the half second or more hnswlib takes at archive scale is otherwise idle. A
   * service makes its tokenizer and IDF table there (create-qa-service.ts). If it throws, the
   * load fails with that error, as it is, once the segments have settled.
   */
  whileGraphsRead?: () => void;
  /**
   * Most bytes of chunk lines (every segment's chunk lines' file together) held in memory, read
   * whole at load, instead of read from disk chunk by chunk (chunk-lines.ts). Default 0: all from disk.
   */
  chunkMemoryBytes?: number;
}

/**
 * Loads the live generation, checking that it was built by `embedder` and that every file matches
 * its checksum before it is read. A damaged file is an {@link IndexCorruptError} naming it.
 */
export async function loadStoredIndex(
  dir: string,
  embedder: EmbedderIdentity,
  opts: LoadOptions = {},
): Promise<StoredIndex> {
  const generation = await currentGeneration(dir);
  if (!generation) throw new IndexMissingError(dir);
  const genPath = join(dir, generation);
  const manifest = await readManifest(dir, generation);
  checkBuiltBy(dir, manifest, embedder);
  const lsa = manifest.embedder.id === LSA_ID;
  const lsaWhere = `${generation}/${GEN_FILES.lsa} in ${dir}`;
  if (lsa && !manifest.files[GEN_FILES.lsa]) throw new LsaProjectionError(lsaWhere, "is not in the manifest");
  // Sizes first: a truncated file is named in milliseconds, before a gigabyte is hashed.
  const wrongSize = await checkSizes(genPath, manifest);
  if (wrongSize?.startsWith(`${GEN_FILES.lsa} `))
    throw new LsaProjectionError(lsaWhere, wrongSize.slice(GEN_FILES.lsa.length + 1));
  if (wrongSize) throw new IndexCorruptError(dir, `${generation}/${wrongSize}`);
  const files = checkedFiles(dir, generation, manifest);
  // First, and alone: it is small, and a damaged one must be named as the projection, with --full.
  const projection = lsa ? await readProjection(files, lsaWhere).catch(closing(files)) : undefined;

  const { bases, total: base } = segmentBases(manifest.segments);
  const reading = whenAllReading(manifest.segments.length, opts.whileGraphsRead);
  const chunksInMemory = chunkLinesFit(manifest, opts.chunkMemoryBytes ?? 0);
  const loads = manifest.segments.map((s) =>
    loadSegment(
      join(genPath, s.name),
      s.name,
      s.chunks,
      s.deleted,
      manifest.hnsw.space,
      manifest.embedder.dimensions,
      { ...files.under(s.name), chunksInMemory },
      reading.started,
    ),
  );
  const rest = readNamesAndRest(files, manifest);
  // Every load settles before anything is thrown, so no graph is left loading behind an error.
  const [settled, extra] = await Promise.all([Promise.allSettled(loads), Promise.allSettled([rest])]);
  await files.close();
  const segments: StoredIndex["segments"] = [];
  let failure: unknown;
  for (const [i, r] of settled.entries()) {
    if (r.status === "fulfilled") {
      r.value.hnsw.setEf(manifest.hnsw.efSearch);
      segments.push({ segment: r.value, base: bases[i]! });
    } else failure ??= r.reason;
  }
  if (extra[0]!.status === "rejected") failure ??= extra[0]!.reason;
  const meanwhile = reading.failed();
  if (failure === undefined && meanwhile) {
    // The index is sound: the caller's own work failed, and says so in its own words.
    for (const s of segments) s.segment.close();
    throw meanwhile.error;
  }
  if (failure !== undefined || extra[0]!.status !== "fulfilled") {
    for (const s of segments) s.segment.close();
    if (failure instanceof IndexCorruptError || failure instanceof LsaProjectionError) throw failure;
    throw new IndexCorruptError(dir, `cannot read ${generation}: ${(failure as Error).message}`, {
      cause: failure,
    });
  }
  const dictionary = joinDictionary(extra[0]!.value.dictionary);
  return {
    dir,
    generation,
    manifest,
    chunks: lazyChunks(segments, base),
    hnsw: multiSegmentSearch(segments),
    segments,
    dictionary,
    names: parsedOnFirstCall(extra[0]!.value.names),
    projection,
    close: () => {
      for (const s of segments) s.segment.close();
    },
  };
}

/**
 * Runs `work` once `count` segments have started reading their graphs (at once for none), keeping
 * what it throws for the load to report when the segments have settled.
 */
function whenAllReading(count: number, work: (() => void) | undefined) {
  let waiting = count;
  let failed: { error: unknown } | undefined;
  const run = () => {
    try {
      work?.();
    } catch (error) {
      failed = { error };
    }
  };
  if (count === 0) run();
  return { started: () => (--waiting === 0 ? run() : undefined), failed: () => failed };
}

/** The dictionary's and the name lexicon's bytes, then every file not yet checked. */
async function readNamesAndRest(files: ReturnType<typeof checkedFiles>, manifest: Manifest) {
  const dictionary: string[] = [];
  for (const file of dictionaryFiles(manifest)) dictionary.push((await files.read(file)).toString("utf8"));
  const names: Buffer[] = [];
  for (const file of lexiconFiles(manifest)) names.push(await files.read(file));
  // Anything else the manifest lists is checked too, so no damaged file stays on disk unnoticed.
  await files.checkRest();
  return { dictionary, names };
}

/** Each segment's first chunk number, and the chunks in all. */
function segmentBases(segments: readonly { chunks: number }[]): { bases: number[]; total: number } {
  let total = 0;
  const bases = segments.map((s) => {
    const at = total;
    total += s.chunks;
    return at;
  });
  return { bases, total };
}

/** The name lexicon, parsed from its checked files' bytes (base and parts) on the first English question. */
function parsedOnFirstCall(bytes: Buffer[]): () => NameLexiconData {
  let raw: Buffer[] | undefined = bytes;
  let names: NameLexiconData | undefined;
  return () => {
    if (!names) {
      names = joinLexicon(raw!);
      raw = undefined;
    }
    return names;
  };
}

function closing(files: ReturnType<typeof checkedFiles>) {
  return async (err: unknown): Promise<never> => {
    await files.close();
    throw err;
  };
}

/** The generation's LSA projection, checked against its sum; any failure names the file and --full. */
async function readProjection(files: ReturnType<typeof checkedFiles>, where: string): Promise<LsaProjection> {
  let bytes: Buffer;
  try {
    bytes = await files.read(GEN_FILES.lsa);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new LsaProjectionError(where, `cannot be used (${detail})`, { cause: err });
  }
  return decodeProjection(bytes, where);
}

/**
 * Hashes every file of a generation (default: the live one) against its manifest, as a load does,
 * without loading anything. Resolves to a description of the first damaged file, or undefined.
 */
export async function verifyGeneration(dir: string, generation?: string): Promise<string | undefined> {
  const gen = generation ?? (await currentGeneration(dir));
  if (!gen) return "no live generation";
  const manifest = await readManifest(dir, gen);
  const wrongSize = await checkSizes(join(dir, gen), manifest);
  if (wrongSize) return `${gen}/${wrongSize}`;
  const bad = await damagedFile(join(dir, gen), manifest.files, gen);
  return bad && `${bad.file} ${bad.problem}`;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function locate(segments: StoredIndex["segments"], doc: number) {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.base <= doc) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo];
}

/**
 * An array whose elements are read from the segments on access. The retriever only indexes it;
 * array methods work too (through the same accessor), just not fast.
 */
function lazyChunks(segments: StoredIndex["segments"], total: number): Chunk[] {
  return new Proxy([] as Chunk[], {
    get(target, prop, receiver) {
      if (prop === "length") return total;
      if (typeof prop === "string" && /^\d+$/.test(prop)) {
        const doc = Number(prop);
        if (doc >= total) return undefined;
        const s = locate(segments, doc)!;
        return s.segment.chunk(doc - s.base);
      }
      return Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      if (typeof prop === "string" && /^\d+$/.test(prop)) return Number(prop) < total;
      return Reflect.has(target, prop);
    },
  });
}
