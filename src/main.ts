/**
 * `npm start`: the Telegram bot with long polling. Reads .env and the environment once, builds the
 * question-answering service (and the index, on first use), then polls until SIGINT or SIGTERM.
 */
import "dotenv/config";
import { type Config, loadConfig } from "./config.js";
import { ConfigError } from "./errors.js";
import { createLogger } from "./logger.js";
import { createQaService } from "./qa/create-qa-service.js";
import { createBot } from "./telegram/bot.js";
import { startPolling, stopPolling } from "./telegram/polling.js";

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

async function main(): Promise<void> {
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

  const logger = createLogger(config.logLevel);
  const qa = await createQaService({ config, logger });
  const bot = createBot(config, { qa, logger });
  const handle = await startPolling(bot, { logger });

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing the answers in flight");
    await stopPolling(handle);
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  // The runner's task settles when polling stops; a rejection means it crashed (e.g. 401, 409).
  await handle.task()?.catch((err: unknown) => {
    logger.fatal({ err }, "polling stopped with an error");
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  // Start-up failures (index missing and unbuildable, Bot API unreachable) end here.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
