/**
 * A small pool of build workers. Jobs are queued and handed to whichever worker is free; the pool
 * is closed when the build ends, so no thread outlives it.
 */
import { Worker } from "node:worker_threads";
import type { WorkerJob } from "./worker-job.js";

export interface WorkerPool {
  readonly size: number;
  run<T>(job: WorkerJob, onProgress?: (done: number) => void): Promise<T>;
  close(): Promise<void>;
}

export function createWorkerPool(size: number): WorkerPool {
  const source = import.meta.url.endsWith(".ts");
  const url = new URL(source ? "./build-worker-entry.mjs" : "./build-worker.js", import.meta.url);
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(url);
    // A worker that dies between jobs is reported by the next job; this keeps it from crashing the process.
    w.on("error", () => undefined);
    return w;
  });
  const idle = [...workers];
  const queue: (() => void)[] = [];

  const acquire = async (): Promise<Worker> => {
    const free = idle.pop();
    if (free) return free;
    await new Promise<void>((resolve) => queue.push(resolve));
    return acquire();
  };
  const releaseWorker = (w: Worker) => {
    idle.push(w);
    queue.shift()?.();
  };

  return {
    size,
    async run<T>(job: WorkerJob, onProgress?: (done: number) => void): Promise<T> {
      const worker = await acquire();
      try {
        return await new Promise<T>((resolve, reject) => {
          const onMessage = (msg: { type: string; done?: number; result?: T; message?: string }) => {
            if (msg.type === "progress") return onProgress?.(msg.done ?? 0);
            worker.off("message", onMessage);
            worker.off("error", onError);
            if (msg.type === "done") resolve(msg.result as T);
            else reject(new Error(`build worker failed: ${msg.message}`));
          };
          const onError = (err: Error) => {
            worker.off("message", onMessage);
            reject(err);
          };
          worker.on("message", onMessage);
          worker.once("error", onError);
          worker.postMessage(job);
        });
      } finally {
        releaseWorker(worker);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
