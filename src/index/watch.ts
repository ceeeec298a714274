/**
 * Notices a new generation published by another process (`npm run index` while the bot runs):
 * fs.watch on the index folder for the CURRENT rename, with polling as the fallback for file
 * systems where watching is unreliable (network mounts, some containers).
 */
import { type FSWatcher, watch } from "node:fs";
import { currentGeneration } from "./store.js";

export interface WatchOptions {
  /** Polling period in milliseconds. Default 5000. */
  intervalMs?: number;
  /** Called with the error when `onChange` throws or rejects. */
  onError?: (err: unknown) => void;
}

/**
 * Calls `onChange(generation)` when CURRENT names a generation other than `loaded()`. Calls never
 * overlap. A generation whose `onChange` failed is not tried again: a damaged one would otherwise
 * be hashed every few seconds for nothing; the next one published is. Returns a function that stops
 * watching. Timers and watchers do not keep the process alive.
 */
export function watchIndex(
  dir: string,
  loaded: () => string,
  onChange: (generation: string) => Promise<void>,
  opts: WatchOptions = {},
): () => void {
  let running = false;
  let again = false;
  let refused: string | undefined;
  const check = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const gen = await currentGeneration(dir);
        if (gen && gen !== loaded() && gen !== refused) {
          try {
            await onChange(gen);
          } catch (err) {
            refused = gen;
            throw err;
          }
        }
      } while (again);
    } catch (err) {
      opts.onError?.(err);
    } finally {
      running = false;
    }
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, (_event, file) => {
      if (!file || String(file) === "CURRENT") void check();
    });
    watcher.on("error", () => watcher?.close());
    watcher.unref();
  } catch {
    // Polling alone still finds the new generation.
  }
  const timer = setInterval(() => void check(), opts.intervalMs ?? 5000);
  timer.unref();
  return () => {
    clearInterval(timer);
    watcher?.close();
  };
}
