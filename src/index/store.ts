/**
 * On-disk layout of an index directory:
 *
 *   <dir>/CURRENT              name of the live generation (replaced by atomic rename)
 *   <dir>/LOCK                 present while a build runs (lock.ts)
 *   <dir>/gen-<stamp>/         manifest.json, userdict.txt, names.json, seg-<id>/ (segment.ts)
 *
 * A build writes a whole new generation beside the live one (unchanged segments hard-linked from
 * it), fsyncs every file and folder, and only then flips CURRENT, so a crash mid-build leaves the
 * previous index loadable, and readers never see a half-written one.
 *
 * Load-time checks: every file is checked against the manifest's size and sha256 before anything
 * reads it. hnswlib trusts its file: a megabyte flipped inside vectors.hnsw passed a size check and
 * crashed the process (a segfault, no message) on the first question, and again after every
 * restart. Hashing runs on its own thread (hasher.ts), one file at a time, pipelined with loading:
 * hnswlib reads a checked segment's graph on the libuv pool while the next segment's files are
 * hashed and this thread parses what is already checked.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { IndexCorruptError, IndexMismatchError, IndexMissingError } from "../errors.js";
import type { NameLexiconData } from "../text/name-lexicon.js";
import type { Chunk } from "../types.js";
import { createFileHasher } from "./hasher.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import { type LoadedSegment, loadSegment, type SegmentFileAccess } from "./segment.js";
import { parseDictionary } from "./user-dictionary.js";

export type { Hnsw } from "./segment.js";

const CURRENT = "CURRENT";
export const GEN_FILES = {
  manifest: "manifest.json",
  dictionary: "userdict.txt",
  names: "names.json",
} as const;
/**
 * Bytes hashed per read. Large enough that the hash runs near memory speed, small enough that a
 * reload in a serving bot never holds the event loop for more than a few milliseconds.
 */
const HASH_READ_BYTES = 8 << 20;

/** Nearest-neighbour search over all segments, in global doc numbers. */
export interface VectorSearch {
  setEf(ef: number): void;
  searchKnn(query: number[], k: number): { neighbors: number[]; distances: number[] };
}

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
  /** The corpus's proper names keyed by pinyin, for English questions. */
  names: NameLexiconData;
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

export async function readManifest(dir: string, generation: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(join(dir, generation, GEN_FILES.manifest), "utf8")) as Manifest;
  } catch (err) {
    throw new IndexCorruptError(dir, `cannot read ${generation}/${GEN_FILES.manifest}`, { cause: err });
  }
}

export interface EmbedderIdentity {
  id: string;
  dimensions?: number;
}

/**
 * Loads the live generation, checking that it was built by `embedder` and that every file matches
 * its checksum before it is read. A damaged file is an {@link IndexCorruptError} naming it.
 */
export async function loadStoredIndex(dir: string, embedder: EmbedderIdentity): Promise<StoredIndex> {
  const generation = await currentGeneration(dir);
  if (!generation) throw new IndexMissingError(dir);
  const genPath = join(dir, generation);
  const manifest = await readManifest(dir, generation);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
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
  // Sizes first: a truncated file is named in milliseconds, before a gigabyte is hashed.
  const wrongSize = await checkSizes(genPath, manifest);
  if (wrongSize) throw new IndexCorruptError(dir, `${generation}/${wrongSize}`);
  const files = checkedFiles(dir, generation, manifest);

  let base = 0;
  const bases = manifest.segments.map((s) => {
    const at = base;
    base += s.chunks;
    return at;
  });
  const loads = manifest.segments.map((s) =>
    loadSegment(
      join(genPath, s.name),
      s.name,
      s.chunks,
      s.deleted,
      manifest.hnsw.space,
      manifest.embedder.dimensions,
      files.under(s.name),
    ),
  );
  const rest = (async () => {
    const dictionary = parseDictionary((await files.read(GEN_FILES.dictionary)).toString("utf8"));
    const names = JSON.parse((await files.read(GEN_FILES.names)).toString("utf8")) as NameLexiconData;
    // Anything else the manifest lists is checked too, so no damaged file stays on disk unnoticed.
    await files.checkRest();
    return { dictionary, names };
  })();
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
  if (failure !== undefined || extra[0]!.status !== "fulfilled") {
    for (const s of segments) s.segment.close();
    if (failure instanceof IndexCorruptError) throw failure;
    throw new IndexCorruptError(dir, `cannot read ${generation}: ${(failure as Error).message}`, {
      cause: failure,
    });
  }
  const { dictionary, names } = extra[0]!.value;
  return {
    dir,
    generation,
    manifest,
    chunks: lazyChunks(segments, base),
    hnsw: multiSegmentSearch(segments),
    segments,
    dictionary,
    names,
    close: () => {
      for (const s of segments) s.segment.close();
    },
  };
}

/** The first file that is missing or of the wrong size; undefined when all are as the manifest says. */
async function checkSizes(genPath: string, manifest: Manifest): Promise<string | undefined> {
  for (const [name, expected] of Object.entries(manifest.files)) {
    const info = await stat(join(genPath, name)).catch(() => undefined);
    if (!info) return `${name} is missing`;
    if (info.size !== expected.bytes)
      return `${name} is ${info.size} bytes, the manifest says ${expected.bytes}`;
  }
  return undefined;
}

/**
 * Access to a generation's files that hashes each one before it is handed out. Hashes run one at a
 * time, in the order asked for, so the first segment's graph is cleared (and starts loading) while
 * later files wait their turn instead of all finishing together at the end.
 */
function checkedFiles(dir: string, generation: string, manifest: Manifest) {
  const genPath = join(dir, generation);
  const hasher = createFileHasher();
  const checked = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  const damaged = (name: string, why: string) => new IndexCorruptError(dir, `${generation}/${name} ${why}`);
  /** Hashes `name` against the manifest; throws naming the file. */
  const verify = async (name: string) => {
    const expected = manifest.files[name];
    if (!expected) throw damaged(name, "is not listed in the manifest");
    const actual = await hasher.hash(join(genPath, name)).catch(unreadable(name));
    if (actual.bytes !== expected.bytes)
      throw damaged(name, `is ${actual.bytes} bytes, the manifest says ${expected.bytes}`);
    if (actual.sha256 !== expected.sha256) throw damaged(name, "does not match its checksum");
    checked.add(name);
  };
  const unreadable = (name: string) => (err: NodeJS.ErrnoException) => {
    throw damaged(name, `cannot be read (${err.code ?? err.message})`);
  };
  // After the first damaged file the rest are not hashed: the load fails either way.
  let failed: unknown;
  const inTurn = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => {
      if (failed !== undefined) throw failed;
      return job().catch((err: unknown) => {
        failed ??= err;
        throw err;
      });
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const check = (name: string) => inTurn(() => verify(name));
  // Read here while the hashing thread reads and hashes the same file.
  const read = (name: string) =>
    inTurn(async () => {
      const [bytes] = await Promise.all([
        readFile(join(genPath, name)).catch(unreadable(name)),
        verify(name),
      ]);
      return bytes;
    });
  return {
    check,
    read,
    under: (folder: string): SegmentFileAccess => ({
      check: (file) => check(`${folder}/${file}`),
      read: (file) => read(`${folder}/${file}`),
    }),
    async checkRest(): Promise<void> {
      for (const name of Object.keys(manifest.files)) if (!checked.has(name)) await check(name);
    },
    close: () => hasher.close(),
  };
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

export interface DamagedFile {
  /** Path relative to the index folder. */
  file: string;
  problem: string;
}

/**
 * The first of `files` (paths under `root`, with their manifest sums) that is missing or does not
 * match, named as `<prefix>/<path>`; undefined when all match.
 */
export async function damagedFile(
  root: string,
  files: Manifest["files"],
  prefix: string,
): Promise<DamagedFile | undefined> {
  for (const [name, expected] of Object.entries(files)) {
    const file = `${prefix}/${name}`;
    let actual: { bytes: number; sha256: string };
    try {
      actual = await hashFile(join(root, name));
    } catch (err) {
      return { file, problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    if (actual.bytes !== expected.bytes)
      return { file, problem: `is ${actual.bytes} bytes, the manifest says ${expected.bytes}` };
    if (actual.sha256 !== expected.sha256) return { file, problem: "does not match its checksum" };
  }
  return undefined;
}

/** Size and sha256 of a file, read in large pieces (see HASH_READ_BYTES). */
export async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const handle = await open(path, "r");
  try {
    const hash = createHash("sha256");
    const buf = Buffer.allocUnsafe(HASH_READ_BYTES);
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { bytes, sha256: hash.digest("hex") };
  } finally {
    await handle.close();
  }
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

function multiSegmentSearch(segments: StoredIndex["segments"]): VectorSearch {
  const live = segments.map(({ segment }) => segment.size - segment.deleted.reduce((n, d) => n + d, 0));
  return {
    setEf(ef) {
      for (const { segment } of segments) segment.hnsw.setEf(ef);
    },
    searchKnn(query, k) {
      const hits: [number, number][] = [];
      for (const [i, { segment, base }] of segments.entries()) {
        const n = Math.min(k, live[i]!);
        if (n <= 0) continue;
        const r = segment.hnsw.searchKnn(query, n);
        for (const [j, label] of r.neighbors.entries()) hits.push([base + label, r.distances[j]!]);
      }
      hits.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      const top = hits.slice(0, k);
      return { neighbors: top.map((h) => h[0]), distances: top.map((h) => h[1]) };
    },
  };
}
