/**
 * Reads a build's page files ahead of its workers, so that pages not in the OS page cache come off
 * the disk while the workers segment the ones before them.
 *
 * Why: a build worker reads each page synchronously (read-page.ts: an asynchronous read is four
 * round trips through the thread pool, ten times the CPU of a synchronous one here), so a page that
 * is not cached stops the worker until the disk answers. A full build of the 68,210 news pages with
 * the page cache dropped spent 17-18 s of each worker's time blocked in those reads (bench/
 * profile-notes.md, 2026-12-06). This thread does the blocking instead, in the order the read jobs
 * take the pages; the workers then find them cached.
 *
 * It stops by itself once the first pages it reads come from the cache (a corpus read recently, or
 * an index rebuilt from pages just written), so a warm build pays for a few dozen reads. It only
 * reads, and any error (a page gone, a folder it may not open) is the worker's to report.
 */
import { Worker } from "node:worker_threads";

/** Pages a build must read before a warmer is worth its thread (~50 ms to start). */
export const WARM_FROM_PAGES = 1024;

/** Pages read before deciding whether the corpus is cached, and the time a cached read takes at most. */
const PROBE_PAGES = 64;
const CACHED_MS = 0.05;

// Plain JavaScript, run by `eval` so it needs no build step and no loader under tsx: it reads each
// file through one reused buffer, drops the bytes, and says how many files it read.
const SCRIPT = `
const { openSync, fstatSync, readSync, closeSync, constants } = require("node:fs");
const { workerData, parentPort } = require("node:worker_threads");
const { files, probe, cachedMs } = workerData;
const buffer = Buffer.allocUnsafe(1 << 20);
const started = performance.now();
let read = 0;
for (let i = 0; i < files.length; i++) {
  try {
    const fd = openSync(files[i], constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (fstatSync(fd).isFile()) {
        while (readSync(fd, buffer, 0, buffer.length, null) === buffer.length);
        read++;
      }
    } finally {
      closeSync(fd);
    }
  } catch {}
  if (i + 1 === probe && (performance.now() - started) / probe < cachedMs) break;
}
parentPort.postMessage(read);
`;

export interface PageWarmer {
  /** How many files it read, once it is through (or stopped: then 0). */
  readonly done: Promise<number>;
  /** Stops reading (the build has read its pages, or failed). */
  stop(): Promise<void>;
}

export interface WarmOptions {
  /** Fewest files worth a warmer. Default {@link WARM_FROM_PAGES}. */
  fromPages?: number;
  /** Stop after this many files if they read in under `cachedMs` each on average. Default 64, 0.05 ms. */
  probePages?: number;
  cachedMs?: number;
}

/** Starts reading `files` ahead, in order, when there are enough of them to be worth it. */
export function warmPages(files: readonly string[], opts: WarmOptions = {}): PageWarmer {
  if (files.length < (opts.fromPages ?? WARM_FROM_PAGES))
    return { done: Promise.resolve(0), stop: async () => undefined };
  const worker = new Worker(SCRIPT, {
    eval: true,
    workerData: { files, probe: opts.probePages ?? PROBE_PAGES, cachedMs: opts.cachedMs ?? CACHED_MS },
    // It holds the file list and one buffer.
    resourceLimits: { maxOldGenerationSizeMb: 64 },
  });
  // Reading ahead is an optimisation: a failure to start or a crash only loses it.
  const done = new Promise<number>((resolve) => {
    worker.once("message", (n: number) => resolve(n));
    worker.once("error", () => resolve(0));
    worker.once("exit", () => resolve(0));
  });
  worker.unref();
  return {
    done,
    async stop() {
      await worker.terminate();
    },
  };
}
