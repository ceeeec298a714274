/**
 * Checking an index generation's files against the sizes and sums its manifest lists: at load,
 * before anything reads them (hnswlib trusts its file: see store.ts), and before a build reuses
 * them (build-previous.ts), by CRC-32 where recorded (hasher.ts says why); on `--verify`, by sha256.
 */
import { createHash } from "node:crypto";
import { open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { IndexCorruptError } from "../errors.js";
import { fileStamp } from "./file-stamp.js";
import { createFileHasher, type SumKind } from "./hasher.js";
import type { Manifest } from "./manifest.js";
import type { SegmentFileAccess } from "./segment.js";

/**
 * Bytes hashed per read. Large enough that the hash runs near memory speed, small enough that a
 * reload in a serving bot never holds the event loop for more than a few milliseconds.
 */
const HASH_READ_BYTES = 8 << 20;

/** The first file that is missing or of the wrong size; undefined when all are as the manifest says. */
export async function checkSizes(genPath: string, manifest: Manifest): Promise<string | undefined> {
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
export function checkedFiles(dir: string, generation: string, manifest: Manifest) {
  const genPath = join(dir, generation);
  const hasher = createFileHasher();
  const checked = new Set<string>();
  // Files checked piece by piece as they are read (chunk lines with their own sums), not hashed whole.
  const deferred = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  const damaged = (name: string, why: string) => new IndexCorruptError(dir, `${generation}/${name} ${why}`);
  /** Hashes `name` against the manifest; throws naming the file. */
  const verify = async (name: string) => {
    const expected = manifest.files[name];
    if (!expected) throw damaged(name, "is not listed in the manifest");
    // The CRC where the manifest has one (hasher.ts says why); sha256 for files written before.
    const kind = expected.crc32 === undefined ? "sha256" : "crc32";
    const actual = await hasher.hash(join(genPath, name), kind).catch(unreadable(name));
    if (actual.bytes !== expected.bytes)
      throw damaged(name, `is ${actual.bytes} bytes, the manifest says ${expected.bytes}`);
    if (actual[kind] !== expected[kind]) throw damaged(name, "does not match its checksum");
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
      has: (file) => manifest.files[`${folder}/${file}`] !== undefined,
      defer: (file) => deferred.add(`${folder}/${file}`),
      damaged: (file, problem) => damaged(`${folder}/${file}`, problem),
      postingsOnDisk: true,
    }),
    async checkRest(): Promise<void> {
      for (const name of Object.keys(manifest.files))
        if (!checked.has(name) && !deferred.has(name)) await check(name);
    },
    close: () => hasher.close(),
  };
}

export interface DamagedFile {
  /** Path relative to the index folder. */
  file: string;
  problem: string;
}

/**
 * The first of `files` (paths under `root`, with their manifest sums) that is missing or does not
 * match, named as `<prefix>/<path>`; undefined when all match. With `trust.stamps`, a file whose
 * stamp is the recorded one is not hashed (incremental builds; `--verify` hashes everything). With
 * `trust.crc`, a file whose CRC-32 the manifest records is checked by it rather than by sha256 (a
 * build's reuse check, for the reason hasher.ts gives); `--verify` checks every sha256.
 */
export async function damagedFile(
  root: string,
  files: Manifest["files"],
  prefix: string,
  trust: { stamps: boolean; crc?: boolean } = { stamps: false },
): Promise<DamagedFile | undefined> {
  for (const [name, expected] of Object.entries(files)) {
    const file = `${prefix}/${name}`;
    // A reused file unchanged since it was published holds the bytes hashed then (file-stamp.ts).
    if (trust.stamps && expected.stamp && (await fileStamp(join(root, name))) === expected.stamp) continue;
    const kind = trust.crc && expected.crc32 !== undefined ? "crc32" : "sha256";
    let actual: { bytes: number; sha256?: string; crc32?: number };
    try {
      actual = await sumFile(join(root, name), kind);
    } catch (err) {
      return { file, problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    if (actual.bytes !== expected.bytes)
      return { file, problem: `is ${actual.bytes} bytes, the manifest says ${expected.bytes}` };
    if (actual[kind] !== expected[kind]) return { file, problem: "does not match its checksum" };
  }
  return undefined;
}

/** Size and sha256 or CRC-32 of a file, read in large pieces (see HASH_READ_BYTES). */
async function sumFile(
  path: string,
  kind: SumKind,
): Promise<{ bytes: number; sha256?: string; crc32?: number }> {
  const handle = await open(path, "r");
  try {
    const hash = kind === "sha256" ? createHash("sha256") : undefined;
    let crc = 0;
    const buf = Buffer.allocUnsafe(HASH_READ_BYTES);
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const piece = buf.subarray(0, bytesRead);
      if (hash) hash.update(piece);
      else crc = crc32(piece, crc);
      bytes += bytesRead;
    }
    return hash ? { bytes, sha256: hash.digest("hex") } : { bytes, crc32: crc };
  } finally {
    await handle.close();
  }
}
