/**
 * For the update loops that call bot.handleUpdate themselves (polling.ts, and grammY's
 * webhookCallback in webhook.ts): what an update threw goes to the bot's error boundary
 * (bot.catch, see errors.ts), so it is logged and apologised for and never escapes the loop.
 */
import { type Bot, BotError, type Context } from "grammy";
import type { Logger } from "../logger.js";

export async function reportError(bot: Bot<Context>, err: unknown, logger: Logger): Promise<void> {
  try {
    if (err instanceof BotError) await bot.errorHandler(err as BotError<Context>);
    else logger.error({ err }, "error while handling an update");
  } catch (handlerError) {
    logger.error({ err: handlerError }, "the error handler failed");
  }
}
