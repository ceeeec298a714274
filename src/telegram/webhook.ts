/**
 * Webhook mode (WEBHOOK_URL): Telegram posts updates to a local HTTP server, usually behind a
 * TLS-terminating proxy. Every request must carry the secret in X-Telegram-Bot-Api-Secret-Token;
 * grammY's webhookCallback compares it in constant time and answers 401 otherwise.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Bot, type Context, webhookCallback } from "grammy";
import type { WebhookConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { publishCommands } from "./commands.js";
import type { InFlight } from "./in-flight.js";

export interface WebhookOptions {
  webhook: WebhookConfig;
  logger: Logger;
  /** Counts updates in handling, for {@link WebhookHandle.stop}; the same one given to createBot. */
  inFlight: InFlight;
  /**
   * Telegram gets its 200 after this many milliseconds even if the update is still being handled
   * (a slow LLM answer), so it does not deliver the update again. Default 5 000.
   */
  replyAfterMs?: number;
}

export interface WebhookHandle {
  server: Server;
  /** The port listened on (useful with WEBHOOK_PORT=0). */
  port: number;
  /** Stops accepting updates, then waits (up to `drainTimeoutMs`, default 30 000) for those in flight. */
  stop(drainTimeoutMs?: number): Promise<void>;
}

export async function startWebhook(bot: Bot<Context>, opts: WebhookOptions): Promise<WebhookHandle> {
  const { webhook, logger } = opts;
  await bot.init();
  const path = new URL(webhook.url).pathname;
  const handle = webhookCallback(bot, "http", {
    secretToken: webhook.secret,
    onTimeout: "return",
    timeoutMilliseconds: opts.replyAfterMs ?? 5_000,
  });
  // Requests still being answered; an update can be done before its HTTP response is written.
  const open = new Set<Promise<unknown>>();
  const server = createServer((req, res) => {
    const answered = once(res, "close").catch(() => undefined);
    open.add(answered);
    answered.then(() => open.delete(answered));
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "POST" || url.pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger.error({ err }, "could not handle a webhook request");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(webhook.port, webhook.host);
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  // Listening first, so the first update Telegram posts finds the server up.
  await publishCommands(bot.api, logger);
  await bot.api.setWebhook(webhook.url, {
    secret_token: webhook.secret,
    allowed_updates: ["message", "callback_query"],
    drop_pending_updates: false,
  });
  logger.info({ username: bot.botInfo.username, port, path }, "bot is receiving updates by webhook");
  return {
    server,
    port,
    async stop(drainTimeoutMs = 30_000) {
      // The webhook stays set: Telegram keeps new updates until the bot is back.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (!(await opts.inFlight.drain(drainTimeoutMs))) logger.warn("stopped with updates still in flight");
      await Promise.race([Promise.all(open), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      server.closeAllConnections();
      await closed;
    },
  };
}
