/**
 * Files written so that a crash never leaves one half-written under its final name unnoticed: each
 * is written, fsynced and summed (size, sha256, CRC-32) in one pass, for the manifest to record and
 * a load to check (store.ts). Used by every file of a generation: segments, the manifest, the
 * dictionary and lexicon parts, the LSA projection.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { crc32 } from "node:zlib";

/** Each file of a generation by name: its size, sha256, CRC-32 and (for reused files) stamp. */
export type FileSums = Record<string, { bytes: number; sha256: string; crc32?: number; stamp?: string }>;

/** A file's size, sha256 and CRC-32 (see Manifest.files), summed piece by piece as it is written or read. */
function fileSums() {
  const hash = createHash("sha256");
  let crc = 0;
  let bytes = 0;
  return {
    add(piece: Buffer): void {
      hash.update(piece);
      crc = crc32(piece, crc);
      bytes += piece.length;
    },
    result: (): FileSums[string] => ({ bytes, sha256: hash.digest("hex"), crc32: crc }),
  };
}

/** Writes, fsyncs and hashes a file in one pass. */
export async function durableWrite(
  path: string,
  parts: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
): Promise<FileSums[string]> {
  const handle = await open(path, "w");
  const sums = fileSums();
  try {
    // Group small parts so a million chunk lines are not a million write calls.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (!pending.length) return;
      const buf = Buffer.concat(pending);
      await handle.write(buf);
      sums.add(buf);
      pending = [];
      pendingBytes = 0;
    };
    for await (const part of parts) {
      const buf = typeof part === "string" ? Buffer.from(part) : part;
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes > 1 << 22) await flush();
    }
    await flush();
    await handle.sync();
  } finally {
    await handle.close();
  }
  return sums.result();
}

export async function fsyncAndHash(path: string): Promise<FileSums[string]> {
  const handle = await open(path, "r+");
  try {
    await handle.sync();
    const sums = fileSums();
    for await (const piece of handle.createReadStream({ autoClose: false })) sums.add(piece as Buffer);
    return sums.result();
  } finally {
    await handle.close();
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
