/** Wires the feature composers into a bot. Nothing here handles an update itself. */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config.js";
import { ConfigError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { QaService } from "../types.js";
import { askComposer, type RateLimitOptions } from "./ask.js";
import { createErrorHandler } from "./errors.js";
import { mediaHintsComposer } from "./media-hints.js";
import { sourcesComposer } from "./sources.js";
import { startHelpComposer } from "./start-help.js";

export interface BotDeps {
  qa: QaService;
  logger: Logger;
  /** Skips the getMe call at start-up when given (tests, or a cached value). */
  botInfo?: UserFromGetMe;
  /** Per-user question limit; default 3 questions per 10 seconds. */
  rateLimit?: RateLimitOptions;
}

export function createBot(config: Readonly<Config>, deps: BotDeps): Bot<Context> {
  const { token, apiRoot, maxQuestionChars } = config.telegram;
  if (!token) throw new ConfigError("TELEGRAM_BOT_TOKEN", "is required to run the Telegram bot");
  const bot = new Bot<Context>(token, { botInfo: deps.botInfo, client: { apiRoot } });

  // 429s wait for retry_after; 5xx and network errors back off. Bounded, so a dead Bot API surfaces.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));

  // The runner handles updates concurrently; answers within one chat still go out in order.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(startHelpComposer());
  bot.use(sourcesComposer(deps));
  bot.use(askComposer({ ...deps, maxQuestionChars }));
  bot.use(mediaHintsComposer());

  bot.catch(createErrorHandler(deps.logger));
  return bot;
}
