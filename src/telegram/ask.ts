/**
 * Questions: deciding what counts as one, and answering it. In a private chat every text message is a
 * question. In groups the bot speaks only when spoken to (a mention, a reply to one of its messages,
 * or /ask), so it behaves with privacy mode on and never answers chatter.
 */
import { limit } from "@grammyjs/ratelimiter";
import { Composer, type Context } from "grammy";
import type { Message } from "grammy/types";
import type { Logger } from "../logger.js";
import type { QaService } from "../types.js";
import { escapeHtml, renderAnswer } from "./format.js";
import { langOf, messages } from "./i18n.js";
import { sourceKeyboard } from "./sources.js";

export interface RateLimitOptions {
  /** Questions one user may ask per time frame. Default 3. */
  limit: number;
  /** Length of the time frame in milliseconds. Default 10 000. */
  timeFrameMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 3, timeFrameMs: 10_000 };

export interface AskDeps {
  qa: QaService;
  logger: Logger;
  /** Longest accepted question, in characters (code points). */
  maxQuestionChars: number;
  rateLimit?: RateLimitOptions;
}

/** Telegram shows "typing…" for about five seconds per chat action, so it is renewed a bit sooner. */
const TYPING_RENEW_MS = 4_000;

export function askComposer(deps: AskDeps): Composer<Context> {
  const rate = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  // Only questions count against the limit: group chatter the bot ignores must not use it up.
  const limiter = limit<Context, never>({
    limit: rate.limit,
    timeFrame: rate.timeFrameMs,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: (ctx) => {
      ctx.reply(messages[langOf(ctx.from?.language_code)].rateLimited, replyTo(ctx)).catch((err) => {
        deps.logger.warn({ err }, "could not send the rate-limit notice");
      });
    },
  });
  const handle = async (ctx: Context, text: string) => {
    const question = text.trim();
    if (!question) {
      await ctx.reply(messages[langOf(ctx.from?.language_code)].askUsage(escapeHtml(ctx.me.username)), {
        parse_mode: "HTML",
        ...replyTo(ctx),
      });
      return;
    }
    await limiter(ctx, () => answer(ctx, question, deps));
  };

  const composer = new Composer<Context>();

  composer.command("ask", (ctx) => handle(ctx, ctx.match));

  composer.on("message:text", async (ctx, next) => {
    const text = ctx.msg.text;
    const lang = langOf(ctx.from.language_code);
    if (ctx.chat.type === "private") {
      if (text.startsWith("/")) {
        await ctx.reply(messages[lang].unknownCommand);
        return;
      }
      await handle(ctx, text);
      return;
    }
    if (ctx.chat.type !== "group" && ctx.chat.type !== "supergroup") return next();
    const mention = mentionPattern(ctx.me.username);
    if (mention.test(text)) {
      await handle(ctx, text.replace(mention, " "));
      return;
    }
    if (isReplyToBot(ctx.msg, ctx.me.id) && !text.startsWith("/")) {
      await handle(ctx, text);
      return;
    }
    return next();
  });

  return composer;
}

async function answer(ctx: Context, question: string, deps: AskDeps): Promise<void> {
  const lang = langOf(ctx.from?.language_code);
  const length = [...question].length;
  if (length > deps.maxQuestionChars) {
    await ctx.reply(messages[lang].tooLong(length, deps.maxQuestionChars), replyTo(ctx));
    return;
  }
  const stopTyping = keepTyping(ctx, deps.logger);
  let parts: string[];
  let keyboard: ReturnType<typeof sourceKeyboard>;
  try {
    const started = Date.now();
    const result = await deps.qa.ask(question);
    deps.logger.info(
      {
        chat: ctx.chat?.id,
        abstained: result.abstained,
        citations: result.citations.length,
        answerer: result.answerer,
        ms: Date.now() - started,
      },
      "answered a question",
    );
    parts = renderAnswer(result, { lang });
    keyboard = result.abstained ? undefined : sourceKeyboard(result.citations, lang);
  } finally {
    stopTyping();
  }
  for (const [i, part] of parts.entries()) {
    await ctx.reply(part, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(i === 0 ? replyTo(ctx) : {}),
      ...(i === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
    });
  }
}

/** Sends "typing…" now and renews it until the returned function is called. Failures only get logged. */
function keepTyping(ctx: Context, logger: Logger): () => void {
  const send = () => {
    ctx.replyWithChatAction("typing").catch((err) => logger.debug({ err }, "chat action failed"));
  };
  send();
  const timer = setInterval(send, TYPING_RENEW_MS);
  return () => clearInterval(timer);
}

/** In groups the answer quotes the asking message, so everyone sees what it answers. */
function replyTo(ctx: Context): {
  reply_parameters?: { message_id: number; allow_sending_without_reply: true };
} {
  if (!ctx.msg || ctx.chat?.type === "private") return {};
  return { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
}

/** @botname as a word of its own, case-insensitively (Telegram usernames are case-insensitive). */
function mentionPattern(username: string): RegExp {
  return new RegExp(`(?<![\\w@])@${username}(?!\\w)`, "gi");
}

function isReplyToBot(msg: Message, botId: number): boolean {
  return msg.reply_to_message?.from?.id === botId;
}
