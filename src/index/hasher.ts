/**
 * sha256 of files on a worker thread. Loading an index hashes every file first (store.ts); on the
 * main thread that was seconds of the event loop at archive scale, held while a reloading bot
 * should be answering, and spent in series with the JSON parsing a load also does. On its own
 * thread the hashing runs beside both.
 */
import { Worker } from "node:worker_threads";

export interface FileSum {
  bytes: number;
  sha256: string;
}

export interface FileHasher {
  /** Size and sha256 of the file; rejects with an error carrying the file system's `code`. */
  hash(path: string): Promise<FileSum>;
  /** Stops the thread; hashes still pending reject. */
  close(): Promise<void>;
}

// Plain CommonJS evaluated in the worker: no loader (tsx) needed, nothing imported from the project.
// Reads are synchronous there, in 8 MiB pieces, so memory stays flat however large the file.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { openSync, readSync, closeSync } = require("node:fs");
const buf = Buffer.allocUnsafe(8 << 20);
parentPort.on("message", ({ id, path }) => {
  let fd;
  try {
    fd = openSync(path, "r");
    const hash = createHash("sha256");
    let bytes = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; bytes += n) hash.update(buf.subarray(0, n));
    parentPort.postMessage({ id, bytes, sha256: hash.digest("hex") });
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
  worker.on("message", (msg: { id: number; bytes?: number; sha256?: string; code?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.code !== undefined)
      p.reject(Object.assign(new Error(`cannot hash the file (${msg.code})`), { code: msg.code }));
    else p.resolve({ bytes: msg.bytes!, sha256: msg.sha256! });
  });
  worker.on("error", failAll);
  worker.on("exit", () => failAll(new Error("the hashing thread stopped")));
  return {
    hash(path) {
      return new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, path });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
