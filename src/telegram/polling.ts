/** Long polling through @grammyjs/runner, and a shutdown that lets answers in flight finish. */
import { type RunnerHandle, run } from "@grammyjs/runner";
import type { Bot, Context } from "grammy";
import type { Logger } from "../logger.js";
import { publishCommands } from "./commands.js";

export interface PollingOptions {
  logger: Logger;
  /** Long-poll timeout passed to getUpdates, in seconds. Default 30. */
  pollTimeoutSeconds?: number;
}

export async function startPolling(bot: Bot<Context>, opts: PollingOptions): Promise<RunnerHandle> {
  await bot.init();
  // getUpdates fails with 409 while a webhook is set; keep pending updates so no question is lost.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  await publishCommands(bot.api, opts.logger);
  const handle = run(bot, {
    runner: {
      fetch: { timeout: opts.pollTimeoutSeconds ?? 30, allowed_updates: ["message", "callback_query"] },
    },
  });
  opts.logger.info({ username: bot.botInfo.username }, "bot is polling for updates");
  return handle;
}

/**
 * Stops fetching updates, then waits (up to `drainTimeoutMs`, default 30 000) for the updates already
 * being handled, because the runner's stop() resolves before its in-flight middleware has finished.
 */
export async function stopPolling(handle: RunnerHandle, drainTimeoutMs = 30_000): Promise<void> {
  await handle.stop();
  const deadline = Date.now() + drainTimeoutMs;
  while (handle.size() > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
