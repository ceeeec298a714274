/**
 * `npm start`: the Telegram bot. Reads .env and the environment once, builds the question-answering
 * service (and the index, on first use), then receives updates by long polling, or by webhook when
 * WEBHOOK_URL is set, until SIGINT or SIGTERM; the answers in flight are finished (within
 * SHUTDOWN_GRACE_MS) before it exits 0. Run it as `node scripts/run.mjs main` (what npm start does: the
 * compiled dist/main.js when fresh, else this file through tsx, in the same process), or as
 * `node --import tsx src/main.ts`; not through the tsx CLI, which kills its child moments after relaying a
 * signal.
 */
import "dotenv/config";
import { join } from "node:path";
import { type Config, loadConfig } from "./config.js";
import { ConfigError } from "./errors.js";
import { createLogger, type Logger } from "./logger.js";
import { createQaService } from "./qa/create-qa-service.js";
import { configRedactor } from "./secrets.js";
import { lockedIndexAdmin } from "./state/build-lock.js";
import { createRedisState, type RedisState } from "./state/redis-state.js";
import { createBot } from "./telegram/bot.js";
import { InFlight, type StopResult } from "./telegram/in-flight.js";
import { openPoisonGuard } from "./telegram/poison-guard.js";
import { startPolling, stopPolling } from "./telegram/polling.js";
import { createRetryStats, type RetryStats } from "./telegram/retry-stats.js";
import { startWebhook } from "./telegram/webhook.js";
import { createTokenizer } from "./text/tokenizer.js";

const NO_TOKEN = `TELEGRAM_BOT_TOKEN is not set, so the Telegram bot cannot start.

To run the bot:
  1. Create a bot with @BotFather in Telegram and copy the token it gives you.
  2. Put it in .env (see .env.example) or the environment:
       TELEGRAM_BOT_TOKEN=123456:ABC-DEF...
     Optionally TELEGRAM_API_ROOT=http://127.0.0.1:8081 for a local Bot API server.
  3. Run: npm start

To ask questions in the terminal instead, no token needed:
  npm run ask -- "清远高新区在2020年度国家高新区评价中综合排名第几？"
`;

/** Takes the configured secrets out of what is written to stderr once the config is known. */
let redact = (text: string) => text;

async function main(): Promise<void> {
  const config = readConfig();
  const startedAt = Date.now();
  const redactor = configRedactor(config);
  redact = redactor.redact;
  const logger = createLogger(config.logLevel, { redactor });
  const retryStats = createRetryStats(logger);
  // Listening from the start: a signal during start-up (say, while the index is built) ends the
  // process cleanly instead of by the default action.
  const serving: Serving = {};
  listenForSignals(serving, { logger, retryStats, graceMs: config.telegram.shutdownGraceMs });

  // One tokenizer for both: it learns the corpus's names with each index, which follow-ups need too.
  const tokenizer = createTokenizer();
  const qa = await createQaService({ config, logger, tokenizer });
  const inFlight = new InFlight();
  const shared = sharedState(config, logger);
  serving.shared = shared;
  const poisonGuard = shared
    ? undefined
    : openPoisonGuard({ dir: join(config.indexDir, "in-progress"), logger });
  const bot = createBot(config, {
    qa,
    index: shared ? lockedIndexAdmin(qa, shared.buildLock) : qa,
    logger,
    tokenizer,
    inFlight,
    startedAt,
    retryStats,
    poisonGuard,
    ...(shared ? { claims: shared.claims, sessions: shared.sessions, rateLimitStore: shared.client } : {}),
  });
  await serve(bot, config, { logger, inFlight }, serving);
}

/** The settings, or the process ends saying what is wrong (a bad setting, no bot token). */
function readConfig(): Readonly<Config> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // Checked before building anything: without a token there is nothing to serve.
  if (!config.telegram.token) {
    process.stderr.write(NO_TOKEN);
    process.exit(1);
  }
  return config;
}

/** What a signal has to stop: set as start-up gets that far. */
interface Serving {
  stop?: () => Promise<StopResult>;
  shared?: RedisState;
}

/**
 * On SIGINT or SIGTERM: no new updates, the answers in flight finished within the grace time,
 * then exit 0. A process manager and npm may each send one, so later signals are only noted.
 */
function listenForSignals(
  serving: Serving,
  deps: { logger: Logger; retryStats: RetryStats; graceMs: number },
): void {
  const { logger, graceMs } = deps;
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.info({ signal }, "already stopping");
      return;
    }
    stopping = true;
    if (!serving.stop) {
      logger.info({ signal }, "stopped before start-up finished");
      process.exit(0);
    }
    logger.info({ signal, graceMs }, "stopping: no new updates; finishing the answers in flight");
    const { finished, abandoned } = await serving.stop();
    await serving.shared?.close();
    // Abandoned updates were never confirmed to Telegram, which sends them again after a restart.
    // Retried sends may each have shown a message twice (see retry-stats.ts): reported for the operator.
    logger.info({ finished, abandoned, ...deps.retryStats.counts() }, "stopped");
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/**
 * With REDIS_URL, replicas share follow-ups, answered updates, rate limits and the build lock,
 * and nothing is written beside the index they share: the claims count crashes instead of the
 * in-progress marks. Without it, one process per index folder keeps its marks beside the index
 * generations, which builds never touch.
 */
function sharedState(config: Readonly<Config>, logger: Logger): RedisState | undefined {
  if (!config.telegram.redisUrl) return undefined;
  const shared = createRedisState({
    url: config.telegram.redisUrl,
    leaseMs: config.telegram.updateLeaseMs,
    session: config.telegram.session,
    onError: (err) =>
      logger.error({ err }, "Redis (REDIS_URL) is unreachable: updates get 503 until it is back"),
    onReady: () => logger.info("Redis (REDIS_URL) is reachable again"),
  });
  logger.info("sharing follow-ups, answered updates, rate limits and the build lock in Redis");
  return shared;
}

/** Receives updates by webhook or long polling until stopped; resolves when polling ends. */
async function serve(
  bot: ReturnType<typeof createBot>,
  config: Readonly<Config>,
  deps: { logger: Logger; inFlight: InFlight },
  serving: Serving,
): Promise<void> {
  const { logger } = deps;
  const graceMs = config.telegram.shutdownGraceMs;
  const webhook = config.telegram.webhook;
  if (webhook) {
    const hook = await startWebhook(bot, { webhook, logger, inFlight: deps.inFlight });
    serving.stop = () => hook.stop(graceMs);
    return;
  }
  const handle = await startPolling(bot, { logger });
  serving.stop = () => stopPolling(handle, graceMs, logger);
  // The runner's task settles when polling stops; a rejection means it crashed (e.g. 401, 409).
  await handle.task()?.catch((err: unknown) => {
    logger.fatal({ err }, "polling stopped with an error");
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  // Start-up failures (index missing and unbuildable, Bot API unreachable) end here.
  process.stderr.write(`${redact(err instanceof Error ? err.message : String(err))}\n`);
  process.exit(1);
});
