/**
 * Build worker: takes the jobs a build's pool hands it (pool.ts). Listing and stat-ing the corpus
 * needs only a few small modules; the jobs that segment text need jieba, hnswlib and the embedders
 * (build-worker-jobs.ts), which load meanwhile. Loaded before the first job could start, they had
 * kept a build's corpus scan, its first job, waiting ~1.4 s (from the sources, through tsx) while
 * the main thread, done with the manifest, waited for it.
 */
import { parentPort } from "node:worker_threads";
import { stampCorpus } from "./corpus-stamps.js";
import type { PostedJob, WorkerReply } from "./pool.js";

const jobs = import("./build-worker-jobs.js");
// A failure to load is each job's to report.
jobs.catch(() => undefined);

const port = parentPort;
if (!port) throw new Error("build-worker.ts runs as a worker thread");

// Jobs run as they come: the pool hands a worker a second read job while it works on one (pool.ts),
// and only read jobs, which share nothing but the reading segmenter, called synchronously.
port.on("message", async ({ id, job }: PostedJob) => {
  try {
    const result =
      job.kind === "scan"
        ? await stampCorpus(job.corpusDir)
        : job.kind === "read"
          ? await (await jobs).readJob(job)
          : job.kind === "tokens"
            ? (await jobs).tokensJob(job)
            : await (await jobs).segmentJob(job, (done) => reply({ type: "progress", id, done }));
    reply({ type: "done", id, result });
  } catch (err) {
    reply({
      type: "error",
      id,
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  }
  // Pages to read come next when any changed: the reading segmenter loads its dictionary (~0.1-0.2 s)
  // while the main thread compares the corpus with the manifest; after pages, a segment, whose
  // teacher's table of the base words is read while the main thread looks for the pages' content
  // and names among the old. A failure here is the next job's.
  if (job.kind === "scan") await jobs.then((j) => j.prepareReading()).catch(() => undefined);
  if (job.kind === "read") await jobs.then((j) => j.prepareWriting()).catch(() => undefined);
});

function reply(message: WorkerReply): void {
  port!.postMessage(message);
}
