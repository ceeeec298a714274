/**
 * Questions: deciding what counts as one, and answering it. In a private chat every text message is a
 * question. In groups the bot speaks only when spoken to (a mention, a reply to one of its messages,
 * or /ask), so it behaves with privacy mode on and never answers chatter. A follow-up is completed
 * from the chat's last turns before retrieval; /new forgets them. With an LLM answerer the answer
 * streams into one message that is edited as text arrives.
 */
import { limit } from "@grammyjs/ratelimiter";
import { Composer, type Context } from "grammy";
import type { Logger } from "../logger.js";
import type { SessionStore } from "../state/sessions.js";
import { normalizeText } from "../text/normalize.js";
import type { QaService } from "../types.js";
import { isReplyToBot, mentionPattern, replyTo } from "./chat.js";
import type { FollowUpResolver } from "./follow-up.js";
import { escapeHtml, renderAnswer, renderPartial } from "./format.js";
import { langOf, messages } from "./i18n.js";
import { editInterval, LiveMessage } from "./live-message.js";
import { sourceKeyboard } from "./sources.js";

export interface RateLimitOptions {
  /** Questions one user may ask per time frame. Default 3. */
  limit: number;
  /** Length of the time frame in milliseconds. Default 10 000. */
  timeFrameMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 3, timeFrameMs: 10_000 };

/** Where the limiter counts: process memory, or a Redis client shared by replicas (ioredis fits). */
export type RateLimitStore =
  | "MEMORY_STORE"
  | { incr(key: string): Promise<number>; pexpire(key: string, ms: number): Promise<number> };

export interface AskDeps {
  qa: QaService;
  logger: Logger;
  /** Longest accepted question, in characters (code points). */
  maxQuestionChars: number;
  rateLimit?: RateLimitOptions;
  rateLimitStore?: RateLimitStore;
  sessions: SessionStore;
  followUp: FollowUpResolver;
  /** Least time between two edits of a streamed answer, in milliseconds; groups use at least 3 000. */
  streamIntervalMs: number;
}

/** Telegram shows "typing…" for about five seconds per chat action, so it is renewed a bit sooner. */
const TYPING_RENEW_MS = 4_000;

export function askComposer(deps: AskDeps): Composer<Context> {
  const rate = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  // Only questions count against the limit: group chatter the bot ignores must not use it up.
  const limiter = limit<Context, Exclude<RateLimitStore, "MEMORY_STORE">>({
    limit: rate.limit,
    timeFrame: rate.timeFrameMs,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    storageClient: deps.rateLimitStore ?? "MEMORY_STORE",
    keyPrefix: "newsqa:rate:",
    onLimitExceeded: (ctx) => {
      ctx.reply(messages[langOf(ctx.from?.language_code)].rateLimited, replyTo(ctx)).catch((err) => {
        deps.logger.warn({ err }, "could not send the rate-limit notice");
      });
    },
  });
  const handle = async (ctx: Context, text: string) => {
    // Invisible characters pasted along with a question (a zero-width space inside a name, a bidi
    // mark) would split names for follow-ups and search alike, so they go before anything reads it.
    const question = normalizeText(text);
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

  composer.command("new", async (ctx) => {
    await deps.sessions.forget(ctx.chat.id);
    await ctx.reply(messages[langOf(ctx.from?.language_code)].newSession, replyTo(ctx));
  });

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
    if (isReplyToBot(ctx) && !text.startsWith("/")) {
      await handle(ctx, text);
      return;
    }
    return next();
  });

  return composer;
}

async function answer(ctx: Context, question: string, deps: AskDeps): Promise<void> {
  const lang = langOf(ctx.from?.language_code);
  const chatId = ctx.chat!.id;
  const length = [...question].length;
  if (length > deps.maxQuestionChars) {
    await ctx.reply(messages[lang].tooLong(length, deps.maxQuestionChars), replyTo(ctx));
    return;
  }
  const stopTyping = keepTyping(ctx, deps.logger);
  const live = new LiveMessage(ctx.api, chatId, {
    minIntervalMs: editInterval(ctx.chat?.type, deps.streamIntervalMs),
    logger: deps.logger,
    replyParameters: replyTo(ctx).reply_parameters,
  });
  let parts: string[];
  let keyboard: ReturnType<typeof sourceKeyboard>;
  try {
    const started = Date.now();
    const history = await deps.sessions.history(chatId);
    const resolved = await deps.followUp.resolve(question, history);
    const result = await deps.qa.ask(resolved, {
      onToken: (textSoFar) => live.update(renderPartial(textSoFar)),
    });
    deps.logger.info(
      {
        chat: ctx.chat?.id,
        abstained: result.abstained,
        citations: result.citations.length,
        answerer: result.answerer,
        followUp: resolved !== question,
        streamed: live.started,
        ms: Date.now() - started,
      },
      "answered a question",
    );
    await deps.sessions.record(chatId, { question, resolved, answer: result.answer, at: Date.now() });
    parts = renderAnswer(result, {
      lang,
      preface: resolved === question ? undefined : messages[lang].understoodAs(resolved),
    });
    keyboard = result.abstained ? undefined : sourceKeyboard(result.citations, lang);
  } catch (err) {
    // Half an answer must not stand as if it were one: the streamed message becomes the apology.
    // finish() is called even when nothing was shown yet, so that no draft goes out after this.
    if (await live.finish(escapeHtml(messages[lang].apology))) {
      deps.logger.error({ chat: chatId, err }, "error while answering a streamed question");
      return;
    }
    throw err;
  } finally {
    stopTyping();
  }
  // A streamed answer becomes its own first part; the rest (if it grew past 4096) follow as replies.
  // finish() also when no draft was shown yet: a draft still scheduled would otherwise be sent after
  // the answer, a second copy of it.
  let from = 0;
  if (await live.finish(parts[0] ?? "", parts.length === 1 ? keyboard : undefined)) from = 1;
  for (let i = from; i < parts.length; i++) {
    await ctx.reply(parts[i]!, {
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
