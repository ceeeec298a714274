/** Wires the feature composers into a bot. Nothing here handles an update itself. */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config.js";
import { ConfigError } from "../errors.js";
import type { Logger } from "../logger.js";
import { configRedactor } from "../secrets.js";
import { createMemorySessions, type SessionStore } from "../state/sessions.js";
import { createMemoryClaims, type UpdateClaims } from "../state/update-claims.js";
import { createTokenizer, type Tokenizer } from "../text/tokenizer.js";
import type { IndexAdmin, QaService } from "../types.js";
import { adminComposer } from "./admin.js";
import { askComposer, type RateLimitOptions, type RateLimitStore } from "./ask.js";
import { createCallbackAnswers } from "./callbacks.js";
import { claimsMiddleware } from "./claims.js";
import { createErrorHandler } from "./errors.js";
import { createFollowUpResolver, type FollowUpResolver } from "./follow-up.js";
import type { InFlight } from "./in-flight.js";
import { mediaHintsComposer } from "./media-hints.js";
import { type PoisonGuard, poisonGuardMiddleware } from "./poison-guard.js";
import { redactOutgoing } from "./redact-outgoing.js";
import { createRetryStats, type RetryStats } from "./retry-stats.js";
import { sourcesComposer } from "./sources.js";
import { startHelpComposer } from "./start-help.js";

export interface BotDeps {
  qa: QaService;
  /** Re-indexing for admins (/reindex, uploads); the QaServiceHandle from createQaService is one. */
  index?: IndexAdmin;
  logger: Logger;
  /** Skips the getMe call at start-up when given (tests, or a cached value). */
  botInfo?: UserFromGetMe;
  /** Per-user question limit; default 3 questions per 10 seconds. */
  rateLimit?: RateLimitOptions;
  /** Used to find names in follow-up questions; share the QA service's so it knows the corpus's names. */
  tokenizer?: Tokenizer;
  /** Follow-up memory; default in memory, bounded by the SESSION_* settings. */
  sessions?: SessionStore;
  /** How follow-ups are completed; default the LLM when one is configured, else offline. */
  followUp?: FollowUpResolver;
  /**
   * Durable in-progress marks, so an update that killed the process (a native crash) is skipped
   * after the restart instead of killing it again (poison-guard.ts). main.ts opens one.
   */
  poisonGuard?: PoisonGuard;
  /** Counts updates in handling, so a shutdown can wait for them (webhook mode needs it). */
  inFlight?: InFlight;
  /** When the process started, for /status uptime (ms since the epoch). */
  startedAt?: number;
  /** Counts retried Bot API calls for /status and the logs; pass one to read it elsewhere (main.ts). */
  retryStats?: RetryStats;
  /**
   * Which updates are answered, so a duplicate is answered once; default in process memory. main.ts
   * passes Redis's with REDIS_URL, shared by replicas.
   */
  claims?: UpdateClaims;
  /** Where rate limits count; default process memory. A Redis client counts across replicas. */
  rateLimitStore?: RateLimitStore;
}

export function createBot(config: Readonly<Config>, deps: BotDeps): Bot<Context> {
  const { token, apiRoot, maxQuestionChars, adminIds, maxUploadBytes, streamIntervalMs, session } =
    config.telegram;
  if (!token) throw new ConfigError("TELEGRAM_BOT_TOKEN", "is required to run the Telegram bot");
  const bot = new Bot<Context>(token, { botInfo: deps.botInfo, client: { apiRoot } });

  // grammY runs the transformer installed last outermost. So retryStats sees every attempt that
  // autoRetry makes, and the redaction runs once per call, on whatever any handler sends.
  const retryStats = deps.retryStats ?? createRetryStats(deps.logger);
  bot.api.config.use(retryStats.transformer);
  // 429s wait for retry_after; 5xx and network errors back off. 429s and 5xx are bounded, so a dead
  // Bot API surfaces. Sends are retried on 5xx too, although Telegram may have delivered the message
  // before failing and the retry then shows it twice: an answer seen twice costs the reader less
  // than an answer lost. retryStats logs and counts each such retry as a possible duplicate.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  bot.api.config.use(redactOutgoing(configRedactor(config)));

  const sessions = deps.sessions ?? createMemorySessions(session);
  const followUp =
    deps.followUp ??
    createFollowUpResolver(config, { tokenizer: deps.tokenizer ?? createTokenizer(), logger: deps.logger });

  const callbacks = createCallbackAnswers(deps.logger);
  if (deps.inFlight) bot.use(deps.inFlight.middleware());
  // Before anything answers: a duplicate delivery is acknowledged without a second answer.
  const leaseMs = config.telegram.updateLeaseMs;
  bot.use(
    claimsMiddleware(
      deps.claims ?? createMemoryClaims({ leaseMs }),
      { leaseMs, waitWhenBusy: config.telegram.webhook === undefined },
      deps.logger,
    ),
  );
  bot.use(callbacks.middleware());
  // The runner handles updates concurrently; answers within one chat still go out in order.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  // After sequentialize: an update still queued behind another of its chat is not in progress, so
  // a crash does not count against it.
  if (deps.poisonGuard) bot.use(poisonGuardMiddleware(deps.poisonGuard, deps.logger));
  bot.use(startHelpComposer({ adminIds, maxUploadBytes }));
  bot.use(sourcesComposer(deps));
  bot.use(
    adminComposer({
      qa: deps.qa,
      index: deps.index,
      logger: deps.logger,
      adminIds,
      corpusDir: config.corpusDir,
      maxUploadBytes,
      token,
      apiRoot,
      progressIntervalMs: streamIntervalMs,
      sessionTurns: session.maxTurns,
      startedAt: deps.startedAt,
      retryStats,
    }),
  );
  bot.use(askComposer({ ...deps, maxQuestionChars, sessions, followUp, streamIntervalMs }));
  bot.use(mediaHintsComposer());

  bot.catch(createErrorHandler(deps.logger, { callbackAnswered: callbacks.answered }));
  return bot;
}
