/**
 * Build progress for people: a bar on a terminal, a log line every few seconds otherwise (a bot's
 * log, CI), so a long build never looks hung.
 */
import cliProgress from "cli-progress";
import type { Logger } from "../logger.js";
import type { ReindexProgress } from "../types.js";

export interface ProgressReporter {
  update(p: ReindexProgress): void;
  stop(): void;
}

export interface ProgressOptions {
  logger?: Logger;
  /** Where the bar goes. Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Seconds between log lines when not on a terminal. Default 5. */
  intervalSeconds?: number;
}

const LABELS: Record<ReindexProgress["phase"], string> = {
  scan: "hashing pages",
  read: "reading pages",
  embed: "embedding chunks",
  write: "writing index",
};

export function createProgressReporter(opts: ProgressOptions = {}): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: "{phase} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted}",
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let phase: string | undefined;
    return {
      update(p) {
        if (p.phase !== phase) {
          if (phase) bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, { phase: LABELS[p.phase].padEnd(16) });
        } else bar.update(p.done);
      },
      stop: () => phase && bar.stop(),
    };
  }
  const every = (opts.intervalSeconds ?? 5) * 1000;
  let last = 0;
  let lastPhase: string | undefined;
  return {
    update(p) {
      const now = Date.now();
      const finished = p.done >= p.total;
      if (p.phase === lastPhase && now - last < every && !finished) return;
      if (p.phase === lastPhase && finished && now - last < every) return;
      last = now;
      lastPhase = p.phase;
      opts.logger?.info(
        { phase: p.phase, done: p.done, total: p.total },
        `${LABELS[p.phase]}: ${p.done}/${p.total}`,
      );
    },
    stop() {},
  };
}
