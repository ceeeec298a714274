/**
 * Sums of files on a worker thread. Loading an index checks every file first (store.ts); on the
 * main thread that was seconds of the event loop at archive scale, held while a reloading bot
 * should be answering, and spent in series with the JSON parsing a load also does. On its own
 * thread the hashing runs beside both.
 *
 * A load asks for CRC-32 where the manifest records one: zlib's is about ten times faster than
 * sha256 here (41 against 435 ms for a 230 MB graph), and the check is against damage (a torn
 * write, a flipped bit, a file from another build), which a CRC catches as surely; anyone able to
 * swap a file could rewrite the manifest's sums too, so sha256 adds no protection at load.
 */
import { Worker } from "node:worker_threads";

/** Which sum to take of a file. */
export type SumKind = "sha256" | "crc32";

export interface FileSum {
  bytes: number;
  /** Set when asked for "sha256". */
  sha256?: string;
  /** Set when asked for "crc32". */
  crc32?: number;
}

export interface FileHasher {
  /** Size and the asked-for sum of the file; rejects with an error carrying the file system's `code`. */
  hash(path: string, kind: SumKind): Promise<FileSum>;
  /** Stops the thread; hashes still pending reject. */
  close(): Promise<void>;
}

// Plain CommonJS evaluated in the worker: no loader (tsx) needed, nothing imported from the project.
// Reads are synchronous there, in 8 MiB pieces, so memory stays flat however large the file.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { crc32 } = require("node:zlib");
const { openSync, readSync, closeSync } = require("node:fs");
const buf = Buffer.allocUnsafe(8 << 20);
parentPort.on("message", ({ id, path, kind }) => {
  let fd;
  try {
    fd = openSync(path, "r");
    const hash = kind === "sha256" ? createHash("sha256") : undefined;
    let crc = 0;
    let bytes = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; bytes += n) {
      if (hash) hash.update(buf.subarray(0, n));
      else crc = crc32(buf.subarray(0, n), crc);
    }
    parentPort.postMessage(hash ? { id, bytes, sha256: hash.digest("hex") } : { id, bytes, crc32: crc });
  } catch (err) {
    parentPort.postMessage({ id, code: err.code || String(err.message || err) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

export function createFileHasher(): FileHasher {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  // Never the reason the process stays alive; close() ends it when the load is done.
  worker.unref();
  const pending = new Map<number, { resolve: (s: FileSum) => void; reject: (e: Error) => void }>();
  let next = 0;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on(
    "message",
    (msg: { id: number; bytes?: number; sha256?: string; crc32?: number; code?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.code !== undefined)
        p.reject(Object.assign(new Error(`cannot hash the file (${msg.code})`), { code: msg.code }));
      else p.resolve({ bytes: msg.bytes!, sha256: msg.sha256, crc32: msg.crc32 });
    },
  );
  worker.on("error", failAll);
  worker.on("exit", () => failAll(new Error("the hashing thread stopped")));
  return {
    hash(path, kind) {
      return new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, path, kind });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
