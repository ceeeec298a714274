/**
 * A generation's manifest on disk, whole or as a base plus deltas (issue #14 item 4). Rewriting
 * the whole manifest cost every build at a million chunks 18.5 MB serialised, written and synced,
 * when an 8-page issue changed eight of its 47,000 sources. An incremental build hard-links the
 * previous generation's base and deltas into its own, as it does unchanged segments and the
 * dictionary's parts (name-parts.ts), and writes only a delta (manifest-delta.ts) and a head
 * naming them in order, with their sizes and sums. A full build, a compaction pass and the build
 * after MAX_DELTAS deltas write the manifest whole again.
 *
 *   manifest.json               the whole manifest, or the head: { formatVersion, base, deltas }
 *   manifest-base.json          the last manifest written whole (hard-linked: one copy on disk)
 *   manifest-<generation>.json  one delta per incremental build since, applied in order
 *
 * The head is written last, so CURRENT never names a generation whose chain is incomplete; every
 * file of the chain is checked against the head's size and sha256 as it is read. A whole manifest
 * names no sums of its own, as before deltas; once it becomes a base, its sum is taken from the
 * bytes the build read and parsed.
 */
import { createHash } from "node:crypto";
import { link, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ManifestDamagedError } from "../errors.js";
import { durableWrite } from "./durable-write.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import { applyDelta, type ManifestDelta, manifestDelta } from "./manifest-delta.js";

export const MANIFEST = "manifest.json";
export const MANIFEST_BASE = "manifest-base.json";

/**
 * Deltas after which the next build writes the manifest whole again. Every load (the bot's start
 * and reloads, each build) reads the base and every delta: an 8-page issue's delta is a few
 * kilobytes against a base of 1.8 MB at 100k chunks and 18.5 MB at a million, so 16 of them add
 * little to a load, and the one whole write they wait for is spread over 16 builds.
 */
export const MAX_DELTAS = 16;

/**
 * A delta larger than a quarter of its base (a build that re-read a large part of the corpus)
 * saves little and costs every later load: the manifest is written whole instead. Below 64 KB
 * that costs nothing worth a whole write, so small indexes keep their deltas too.
 */
const WHOLE_AT = { share: 1 / 4, floorBytes: 64 << 10 };

export interface ChainFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** The files a generation's manifest is read from: the base, then the deltas to apply in order. */
export interface ManifestChain {
  base: ChainFile;
  deltas: ChainFile[];
}

/** manifest.json of a generation whose manifest is a base plus deltas. */
interface ManifestHead extends ManifestChain {
  formatVersion: number;
}

/**
 * Reads generation `generation`'s manifest, applying its deltas to its base. Anything missing,
 * damaged or not fitting is a {@link ManifestDamagedError} naming the file.
 */
export async function readManifestFile(dir: string, generation: string): Promise<Manifest> {
  return (await readChain(dir, generation, false)).manifest;
}

/**
 * The manifest as {@link readManifestFile} reads it, and the files it is read from, with their
 * sizes and sums: a whole manifest's hashed from the bytes read, so that the next build may link
 * it as its base.
 */
export async function readManifestChain(
  dir: string,
  generation: string,
): Promise<{ manifest: Manifest; chain: ManifestChain }> {
  const { manifest, chain } = await readChain(dir, generation, true);
  return { manifest, chain: chain! };
}

async function readChain(
  dir: string,
  generation: string,
  sums: boolean,
): Promise<{ manifest: Manifest; chain?: ManifestChain }> {
  const genPath = join(dir, generation);
  const damaged = (name: string, problem: string, cause?: unknown) =>
    new ManifestDamagedError(dir, `${generation}/${name}`, problem, { cause });
  const bytes = await readFile(join(genPath, MANIFEST)).catch((err: NodeJS.ErrnoException) => {
    throw damaged(MANIFEST, `cannot be read (${err.code ?? err.message})`, err);
  });
  const top = parsed<Manifest | ManifestHead>(bytes, (why, err) => damaged(MANIFEST, why, err));
  // Hashing 18.5 MB costs a load ~40 ms: only a build, which may link it, asks for the sum.
  if (!("base" in top))
    return {
      manifest: top,
      chain: sums ? { base: { name: MANIFEST, ...sumOf(bytes) }, deltas: [] } : undefined,
    };
  const read = async <T>(file: ChainFile): Promise<T> => {
    const body = await readFile(join(genPath, file.name)).catch((err: NodeJS.ErrnoException) => {
      throw damaged(file.name, `cannot be read (${err.code ?? err.message})`, err);
    });
    if (body.length !== file.bytes)
      throw damaged(file.name, `is ${body.length} bytes, ${MANIFEST} says ${file.bytes}`);
    if (sumOf(body).sha256 !== file.sha256) throw damaged(file.name, "does not match its checksum");
    return parsed<T>(body, (why, err) => damaged(file.name, why, err));
  };
  let manifest = await read<Manifest>(top.base);
  for (const file of top.deltas) {
    const delta = await read<ManifestDelta>(file);
    try {
      manifest = applyDelta(manifest, delta);
    } catch (err) {
      throw damaged(file.name, `does not fit the manifest before it (${(err as Error).message})`, err);
    }
  }
  return { manifest, chain: { base: top.base, deltas: top.deltas } };
}

/**
 * Writes `manifest` into generation folder `genPath`, durably, the head (manifest.json) last: as
 * a delta against `prev` when there is one, unless `opts.whole` is asked for, the previous chain
 * has `opts.maxDeltas` (default MAX_DELTAS) deltas already, or the delta would be too large.
 * `part` names the delta file (the generation's name). Returns the bytes written (linked files
 * not counted).
 */
export async function writeManifest(
  genPath: string,
  part: string,
  manifest: Manifest,
  prev: { path: string; manifest: Manifest; chain: ManifestChain } | undefined,
  opts: { whole: boolean; maxDeltas?: number },
): Promise<number> {
  const writeWhole = async () =>
    (await durableWrite(join(genPath, MANIFEST), [JSON.stringify(manifest)])).bytes;
  if (!prev || opts.whole || prev.chain.deltas.length >= (opts.maxDeltas ?? MAX_DELTAS)) return writeWhole();
  const delta = JSON.stringify(manifestDelta(prev.manifest, manifest));
  if (Buffer.byteLength(delta) > Math.max(WHOLE_AT.floorBytes, prev.chain.base.bytes * WHOLE_AT.share))
    return writeWhole();
  const base = { ...prev.chain.base, name: MANIFEST_BASE };
  await link(join(prev.path, prev.chain.base.name), join(genPath, MANIFEST_BASE));
  for (const d of prev.chain.deltas) await link(join(prev.path, d.name), join(genPath, d.name));
  const name = `manifest-${part}.json`;
  const written = await durableWrite(join(genPath, name), [delta]);
  const head: ManifestHead = {
    formatVersion: INDEX_FORMAT_VERSION,
    base,
    deltas: [...prev.chain.deltas, { name, bytes: written.bytes, sha256: written.sha256 }],
  };
  const headBytes = await durableWrite(join(genPath, MANIFEST), [JSON.stringify(head)]);
  return written.bytes + headBytes.bytes;
}

function parsed<T>(bytes: Buffer, damaged: (why: string, err: unknown) => Error): T {
  try {
    return JSON.parse(bytes.toString("utf8")) as T;
  } catch (err) {
    throw damaged(`is not valid JSON (${(err as Error).message})`, err);
  }
}

function sumOf(bytes: Buffer): { bytes: number; sha256: string } {
  return { bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}
