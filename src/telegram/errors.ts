/**
 * The error boundary. Whatever one update throws is logged with its cause and answered with a short
 * apology; polling carries on with the next update.
 */
import { type BotError, type Context, GrammyError, HttpError } from "grammy";
import { UpdateBusyError } from "../errors.js";
import type { Logger } from "../logger.js";
import { langOf, messages } from "./i18n.js";

export interface ErrorHandlerOptions {
  /**
   * Whether the update's callback query was already answered (see callbacks.ts); a second answer
   * would fail, so the apology then goes to the chat instead. Default: never answered.
   */
  callbackAnswered?: (ctx: Context) => boolean;
}

export function createErrorHandler(
  logger: Logger,
  opts: ErrorHandlerOptions = {},
): (err: BotError<Context>) => Promise<void> {
  const callbackAnswered = opts.callbackAnswered ?? (() => false);
  return async (err) => {
    const ctx = err.ctx;
    const cause = err.error;
    const where = { update_id: ctx.update.update_id, chat: ctx.chat?.id };
    // Another replica answers it (only webhooks deliver one update twice at once): no apology.
    if (cause instanceof UpdateBusyError) {
      logger.info(where, "update being answered by another replica");
      return;
    }
    if (cause instanceof GrammyError) {
      logger.error(
        { ...where, method: cause.method, code: cause.error_code, description: cause.description },
        "Bot API call failed",
      );
    } else if (cause instanceof HttpError) {
      logger.error({ ...where, err: cause.error }, "could not reach the Bot API");
    } else {
      logger.error({ ...where, err: cause }, "error while handling an update");
    }
    const lang = langOf(ctx.from?.language_code);
    try {
      if (ctx.callbackQuery && !callbackAnswered(ctx))
        await ctx.answerCallbackQuery({ text: messages[lang].apology });
      else if (ctx.chat) await ctx.reply(messages[lang].apology);
    } catch (replyError) {
      // The apology itself failing (blocked bot, Bot API down) must not escape the boundary.
      logger.warn({ ...where, err: replyError }, "could not send the apology");
    }
  };
}
