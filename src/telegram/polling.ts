/**
 * Long polling that never loses a question: an update is confirmed to Telegram (the getUpdates
 * offset passes it) only after it has been answered, so a crash or kill -9 at any moment leaves the
 * unanswered ones with Telegram, which hands them out again after a restart. @grammyjs/runner's own
 * fetcher confirms each batch as soon as it is fetched; here its source, concurrent sink and runner
 * are fed by a fetcher that keeps the offset at the oldest update still being handled.
 *
 * The price: Telegram returns at most 100 updates from the offset, so at most 100 updates past the
 * oldest unanswered one can be in hand at once, and an answer that was sent but not yet confirmed
 * when the process died is sent again after the restart (at-least-once delivery).
 */
import {
  createConcurrentSink,
  createRunner,
  createSource,
  type RunnerHandle,
  type UpdateSupplier,
} from "@grammyjs/runner";
import { type Bot, type Context, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import { publishCommands } from "./commands.js";
import type { StopResult } from "./in-flight.js";
import { reportError } from "./report-error.js";
import { type StopSignal, UpdateLedger } from "./update-ledger.js";

export interface PollingOptions {
  logger: Logger;
  /** Long-poll timeout passed to getUpdates, in seconds. Default 30. */
  pollTimeoutSeconds?: number;
  /**
   * While every update Telegram returns is still being handled, how long to wait for one to finish
   * before asking again (to see new updates behind a slow answer), in milliseconds. Default 250.
   */
  recheckMs?: number;
  /** Updates handled at once, across chats (one chat's are handled in order). Default 500. */
  concurrency?: number;
}

export interface PollingHandle extends RunnerHandle {
  /** Tracks the updates in hand and the offset that confirms only answered ones. */
  readonly ledger: UpdateLedger;
  /** Confirms to Telegram every update answered so far (the last offset may not have been sent yet). */
  confirm(): Promise<void>;
}

/** Telegram returns at most this many updates per getUpdates call. */
const MAX_BATCH = 100;
/** Longest wait between two failed getUpdates calls, in milliseconds. */
const MAX_RETRY_MS = 30_000;

export async function startPolling(bot: Bot<Context>, opts: PollingOptions): Promise<PollingHandle> {
  const { logger } = opts;
  await bot.init();
  // getUpdates fails with 409 while a webhook is set; keep pending updates so no question is lost.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  await publishCommands(bot.api, logger);

  const ledger = new UpdateLedger();
  const source = createSource(
    updateSupplier(bot, ledger, {
      logger,
      timeout: opts.pollTimeoutSeconds ?? 30,
      recheckMs: opts.recheckMs ?? 250,
    }),
  );
  const sink = createConcurrentSink<Update>(
    {
      consume: async (update) => {
        try {
          await bot.handleUpdate(update);
        } catch (err) {
          // The error boundary apologises; the update then counts as answered, so one that always
          // fails is not handed out again forever.
          await reportError(bot, err, logger);
        } finally {
          ledger.done(update.update_id);
        }
      },
    },
    async (err) => logger.error({ err }, "error while handling an update"),
    { concurrency: opts.concurrency ?? 500 },
  );
  const runner = createRunner(source, sink);
  runner.start();
  logger.info({ username: bot.botInfo.username }, "bot is polling for updates");

  let confirmed = -1;
  return {
    ...runner,
    ledger,
    async confirm() {
      const offset = ledger.offset;
      if (offset <= confirmed || offset === 0) return;
      await bot.api.getUpdates({ offset, limit: 1, timeout: 0 });
      confirmed = offset;
    },
  };
}

/**
 * Stops fetching updates, waits up to `graceMs` (default 30 000) for those in hand to be answered,
 * then confirms the answered ones to Telegram so a restart does not answer them again. The runner's
 * own stop() resolves before its in-flight middleware has finished, hence the wait on the ledger.
 */
export async function stopPolling(
  handle: PollingHandle,
  graceMs = 30_000,
  logger?: Logger,
): Promise<StopResult> {
  await handle.stop();
  const inHand = handle.ledger.handling;
  await handle.ledger.idle(graceMs);
  const abandoned = handle.ledger.handling;
  try {
    await withTimeout(handle.confirm(), 5_000);
  } catch (err) {
    logger?.warn({ err }, "could not confirm the last answered updates; they may be answered again");
  }
  return { finished: inHand - abandoned, abandoned };
}

/**
 * Fetches updates for the runner's source, sending the ledger's offset and passing on only updates
 * not already in hand. Retries failed calls with backoff, except 401 (bad token) and 409 (another
 * instance or a webhook), which end polling.
 */
function updateSupplier(
  bot: Bot<Context>,
  ledger: UpdateLedger,
  opts: { logger: Logger; timeout: number; recheckMs: number },
): UpdateSupplier<Update> {
  let retryMs = 0;
  return {
    async supply(batchSize, signal) {
      for (;;) {
        if (signal.aborted) throw new Error("polling stopped");
        const offset = ledger.offset;
        let updates: Update[];
        try {
          updates = await bot.api.getUpdates(
            {
              offset,
              limit: MAX_BATCH,
              timeout: opts.timeout,
              allowed_updates: ["message", "callback_query"],
            },
            signal,
          );
          retryMs = 0;
        } catch (err) {
          if (signal.aborted) throw err;
          if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 409)) throw err;
          retryMs = Math.min(MAX_RETRY_MS, Math.max(100, retryMs * 2));
          opts.logger.warn({ err, retryInMs: retryMs }, "could not fetch updates; retrying");
          await sleep(retryMs, signal);
          continue;
        }
        const fresh = ledger.take(updates, offset, Math.max(1, batchSize));
        if (fresh.length > 0) return fresh;
        // Telegram answers at once while updates it handed out are unconfirmed, so a call that
        // brought nothing new would repeat straight away: wait for an answer to finish first.
        if (updates.length > 0) await ledger.advanced(opts.recheckMs, signal);
      }
    },
  };
}

function sleep(ms: number, signal: StopSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

function withTimeout<T>(task: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([task, timeout]).finally(() => clearTimeout(timer));
}
