/**
 * Questions per second through the Telegram bot: a burst of questions from many group chats is put
 * on the stand-in Bot API at once and answered by the real bot over a small index, timed from the
 * burst to the last answer. Measured with our polling (an update is confirmed only once answered)
 * and with @grammyjs/runner's own fetcher (confirmed as soon as fetched), beside the pipeline alone,
 * so the cost of never losing a question shows as the difference.
 */
import { run } from "@grammyjs/runner";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";
import { createQaService, type QaServiceHandle } from "../../../src/qa/create-qa-service.js";
import { createBot } from "../../../src/telegram/bot.js";
import { startPolling, stopPolling } from "../../../src/telegram/polling.js";
import { answersByQuestion, pushBurst } from "../../../test/support/bot-process.js";
import { FakeBotApi } from "../../../test/support/fake-bot-api.js";

export interface BotBenchResult {
  questions: number;
  chats: number;
  /** qa.ask one after another, no Telegram at all: the ceiling. */
  pipeline_qps: number;
  /** Through the bot with polling.ts (offset held until answered). */
  bot_qps: number;
  /** Through the bot with @grammyjs/runner's run() (offset advanced on fetch; loses questions on a crash). */
  runner_default_qps: number;
  /** getUpdates calls each polling made for the burst. */
  get_updates: { bot: number; runner_default: number };
}

type Mode = "bot" | "runner_default";

export async function benchBot(args: {
  corpusDir: string;
  indexDir: string;
  questions: string[];
  count: number;
  chats: number;
}): Promise<BotBenchResult> {
  const logger = createLogger("silent");
  const base = { ...loadConfig({ LOG_LEVEL: "silent" }), corpusDir: args.corpusDir, indexDir: args.indexDir };
  const qa = await createQaService({ config: base, logger });

  const asks = Array.from({ length: args.count }, (_, i) => args.questions[i % args.questions.length]!);
  for (const q of asks.slice(0, 50)) await qa.ask(q);
  const t = performance.now();
  for (const q of asks) await qa.ask(q);
  const pipelineQps = args.count / ((performance.now() - t) / 1000);

  const burst = (mode: Mode) => throughBot(mode, qa, args);
  await burst("bot"); // warm-up: the bot's own code paths, HTTP keep-alive
  const held = await burst("bot");
  const runner = await burst("runner_default");
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    questions: args.count,
    chats: args.chats,
    pipeline_qps: r(pipelineQps),
    bot_qps: r(held.qps),
    runner_default_qps: r(runner.qps),
    get_updates: { bot: held.getUpdates, runner_default: runner.getUpdates },
  };
}

async function throughBot(
  mode: Mode,
  qa: QaServiceHandle,
  args: { questions: string[]; count: number; chats: number },
): Promise<{ qps: number; getUpdates: number }> {
  const api = await FakeBotApi.start();
  const logger = createLogger("silent");
  const config = loadConfig({
    LOG_LEVEL: "silent",
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
  });
  const bot = createBot(config, { qa, logger, botInfo: api.botInfo });
  const stop =
    mode === "bot"
      ? await startPolling(bot, { logger, pollTimeoutSeconds: 1 }).then((h) => () => stopPolling(h, 10_000))
      : (() => {
          const h = run(bot, { runner: { fetch: { timeout: 1 }, silent: true } });
          return () => h.stop();
        })();
  const polled = api.callsOf("getUpdates").length;
  const t = performance.now();
  const asked = pushBurst(api, { count: args.count, chats: args.chats, questions: args.questions });
  await api.until(() => answersByQuestion(api).size >= asked.length, {
    what: `all ${asked.length} questions were answered`,
    timeoutMs: 600_000,
  });
  const seconds = (performance.now() - t) / 1000;
  const getUpdates = api.callsOf("getUpdates").length - polled;
  await stop();
  await api.close();
  return { qps: args.count / seconds, getUpdates };
}
