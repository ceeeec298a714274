/**
 * A small pool of build workers. Jobs are queued and handed to whichever worker is free; the pool
 * is closed when the build ends, so no thread outlives it.
 *
 * Read jobs overlap: a worker is given a second read job while it works on one. A read job is 16
 * pages (~25 ms of work); between two of them the worker waited for its spool file to be written,
 * for its result to reach the main thread and for the next job to come back, and sat idle 10-15% of
 * the reading phase. A second job fills those waits. Other jobs (a segment takes a minute) have a
 * worker to themselves, so a long one never holds up a job another worker could start.
 */
import { Worker } from "node:worker_threads";
import type { WorkerJob } from "./worker-job.js";

export interface WorkerPool {
  readonly size: number;
  run<T>(job: WorkerJob, onProgress?: (done: number) => void): Promise<T>;
  close(): Promise<void>;
}

/** What a worker posts back: progress of a job, or its end. */
export type WorkerReply =
  | { type: "progress"; id: number; done: number }
  | { type: "done"; id: number; result: unknown }
  | { type: "error"; id: number; message: string };

/** A job as posted to a worker: its id comes back with every reply. */
export interface PostedJob {
  id: number;
  job: WorkerJob;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (done: number) => void;
  overlaps: boolean;
}

interface Queued extends Pending {
  job: WorkerJob;
}

/** Read jobs a worker holds at once. */
const READS_AT_ONCE = 2;

export function createWorkerPool(size: number): WorkerPool {
  const source = import.meta.url.endsWith(".ts");
  const url = new URL(source ? "./build-worker-entry.mjs" : "./build-worker.js", import.meta.url);
  // Jobs not yet posted, handed out first come first served.
  const queue: Queued[] = [];
  let nextId = 0;
  let closing = false;
  const slots = Array.from({ length: size }, () => {
    const worker = new Worker(url);
    const slot = { worker, pending: new Map<number, Pending>(), died: undefined as Error | undefined };
    const fail = (err: Error) => {
      slot.died ??= err;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      pump();
    };
    worker.on("message", (reply: WorkerReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      if (reply.type === "progress") return p.onProgress?.(reply.done);
      slot.pending.delete(reply.id);
      if (reply.type === "done") p.resolve(reply.result);
      else p.reject(new Error(`build worker failed: ${reply.message}`));
      pump();
    });
    // A worker that dies fails the jobs it holds, and every job handed to it after.
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (!closing) fail(new Error(`build worker failed: its thread exited (code ${code})`));
    });
    return slot;
  });

  /** Whether `slot` can take a job now: when idle, or a read job beside fewer read jobs than allowed. */
  const fits = (slot: (typeof slots)[number], overlaps: boolean) =>
    slot.pending.size === 0 ||
    (overlaps && slot.pending.size < READS_AT_ONCE && [...slot.pending.values()].every((p) => p.overlaps));

  /** Posts queued jobs, in order, while the first of them fits a worker (an idle one first). */
  function pump(): void {
    while (queue.length > 0) {
      const head = queue[0]!;
      const live = slots.filter((s) => !s.died);
      if (live.length === 0) {
        queue.shift();
        head.reject(slots[0]!.died!);
        continue;
      }
      const slot = live.find((s) => s.pending.size === 0) ?? live.find((s) => fits(s, head.overlaps));
      if (!slot) return;
      queue.shift();
      const id = nextId++;
      slot.pending.set(id, head);
      slot.worker.postMessage({ id, job: head.job } satisfies PostedJob);
    }
  }

  return {
    size,
    run<T>(job: WorkerJob, onProgress?: (done: number) => void): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({
          job,
          onProgress,
          resolve: resolve as (r: unknown) => void,
          reject,
          overlaps: job.kind === "read",
        });
        pump();
      });
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
