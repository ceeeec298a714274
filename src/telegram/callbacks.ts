/**
 * Every callback query answered exactly once. Telegram keeps a spinner on the tapped button until
 * the bot answers (or gives up after some seconds), and a second answer is an error. So each
 * callback update notes whether its handlers answered; one that none answered (a button of an
 * older version, garbage or missing data, a game button) gets a short note, and the error boundary
 * asks {@link CallbackAnswers.answered} before it apologises.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { Logger } from "../logger.js";
import { langOf, messages } from "./i18n.js";

export interface CallbackAnswers {
  /** Install first, so that it sees the whole handling of the update. */
  middleware(): MiddlewareFn<Context>;
  /** Whether answerCallbackQuery was called (even if it failed) while handling this update. */
  answered(ctx: Context): boolean;
}

/** Longest callback data written to the log, in characters; Telegram allows 64 bytes. */
const LOGGED_DATA_CHARS = 64;

export function createCallbackAnswers(logger: Logger): CallbackAnswers {
  const answered = new WeakSet<Context>();
  return {
    middleware: () => async (ctx, next) => {
      const query = ctx.callbackQuery;
      if (!query) return next();
      // ctx.api belongs to this update alone, so this sees only its own calls.
      ctx.api.config.use((prev, method, payload, signal) => {
        if (method === "answerCallbackQuery") answered.add(ctx);
        return prev(method, payload, signal);
      });
      await next();
      if (answered.has(ctx)) return;
      logger.info(
        {
          data: query.data?.slice(0, LOGGED_DATA_CHARS),
          game: query.game_short_name,
          inline: !query.message,
        },
        "a button no handler knows was tapped",
      );
      // Plain text, not HTML: callback answers are shown as they are, so there is nothing to escape.
      await ctx.answerCallbackQuery({ text: messages[langOf(query.from.language_code)].unknownButton });
    },
    answered: (ctx) => answered.has(ctx),
  };
}
