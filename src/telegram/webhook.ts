/**
 * Webhook mode (WEBHOOK_URL): Telegram posts updates to a local HTTP server, usually behind a
 * TLS-terminating proxy. Every request must carry the secret in X-Telegram-Bot-Api-Secret-Token;
 * grammY's webhookCallback compares it in constant time and answers 401 otherwise.
 *
 * The 200 that tells Telegram an update is delivered goes out only once the update is answered, so a
 * crash mid-answer leaves the update with Telegram, which posts it again. The exception is an answer
 * slower than `replyAfterMs`: Telegram gives up on a request after about a minute (it does not
 * document the figure) and posts the update again, which would answer it twice, so such an update
 * is acknowledged at that point and finished afterwards.
 *
 * Several replicas may serve one bot behind a load balancer (REDIS_URL, see README "Running more than
 * one replica"): an update another replica is answering, or one that cannot be checked against the
 * shared state, gets a 503 so that it is delivered again; a duplicate of an answered one gets a 200
 * and no second answer (telegram/claims.ts).
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Bot, BotError, type Context, webhookCallback } from "grammy";
import type { WebhookConfig } from "../config.js";
import { SharedStateError, UpdateBusyError } from "../errors.js";
import type { Logger } from "../logger.js";
import { publishCommands } from "./commands.js";
import type { InFlight, StopResult } from "./in-flight.js";
import { reportError } from "./report-error.js";

export interface WebhookOptions {
  webhook: WebhookConfig;
  logger: Logger;
  /** Counts updates in handling, for {@link WebhookHandle.stop}; the same one given to createBot. */
  inFlight: InFlight;
  /**
   * Telegram gets its 200 when the update is answered, or after this many milliseconds if it is still
   * being handled, so that Telegram's own timeout does not deliver it a second time. Default 50 000.
   */
  replyAfterMs?: number;
}

export interface WebhookHandle {
  server: Server;
  /** The port listened on (useful with WEBHOOK_PORT=0). */
  port: number;
  /**
   * Stops accepting updates, then waits (up to `drainTimeoutMs`, default 30 000) for those in flight.
   * Requests still unanswered then are closed without a 200, so Telegram posts them again.
   */
  stop(drainTimeoutMs?: number): Promise<StopResult>;
}

export async function startWebhook(bot: Bot<Context>, opts: WebhookOptions): Promise<WebhookHandle> {
  const { webhook, logger } = opts;
  await bot.init();
  const path = new URL(webhook.url).pathname;
  const replyAfterMs = opts.replyAfterMs ?? 50_000;
  const handle = webhookCallback(bot, "http", {
    secretToken: webhook.secret,
    onTimeout: () => logger.warn({ replyAfterMs }, "acknowledged an update still being answered"),
    timeoutMilliseconds: replyAfterMs,
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
    handle(req, res).catch(async (err: unknown) => {
      if (
        err instanceof BotError &&
        (err.error instanceof UpdateBusyError || err.error instanceof SharedStateError)
      ) {
        // Not answered here: another replica is answering it, or the shared state is out of reach.
        // A 503 has it delivered again, when it finds the update answered or the claim free.
        logger.info(
          { update_id: err.ctx.update.update_id, reason: err.error.message },
          "asked for an update again later",
        );
        if (!res.headersSent) res.writeHead(503, { "Retry-After": "1" }).end();
        return;
      }
      if (err instanceof BotError) {
        // The error boundary apologises, as in long polling; a 500 would only have Telegram post
        // the same failing update again and again.
        await reportError(bot, err, logger);
        if (!res.headersSent) res.writeHead(200).end();
        return;
      }
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
      const inHand = opts.inFlight.size;
      await opts.inFlight.drain(drainTimeoutMs);
      const abandoned = opts.inFlight.size;
      await Promise.race([Promise.all(open), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      server.closeAllConnections();
      await closed;
      return { finished: Math.max(0, inHand - abandoned), abandoned };
    },
  };
}
