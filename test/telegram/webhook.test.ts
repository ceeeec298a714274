/**
 * Webhook mode: Telegram posts updates to the bot's HTTP server, which accepts only requests that
 * carry the secret token, and a shutdown lets the answers in flight finish.
 */
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import { createBot } from "../../src/telegram/bot.js";
import { InFlight } from "../../src/telegram/in-flight.js";
import { startWebhook, type WebhookHandle } from "../../src/telegram/webhook.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { ALICE, captureLogger, chunk, citing, stubQa, textMessage } from "./helpers.js";

const SECRET = "s3cret_token-42";
const Q = "清远高新区排名第几？";
const SLOW = "慢问题";
const HELD = "要想很久的问题";
const FAILS = "出错的问题";
/** What grammY's webhookCallback waited before answering Telegram in this bot until now, in ms. */
const OLD_REPLY_AFTER_MS = 5_000;

describe("webhook mode", () => {
  let api: FakeBotApi | undefined;
  let hook: WebhookHandle | undefined;
  afterEach(async () => {
    await hook?.stop(1_000);
    await api?.close();
    hook = undefined;
  });

  /** Lets the answer to HELD go out; until then it is being written. */
  let releaseHeld: () => void = () => {};

  async function start() {
    api = await FakeBotApi.start();
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      WEBHOOK_URL: "https://bot.example.com/telegram/hook",
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_HOST: "127.0.0.1",
      WEBHOOK_PORT: "0",
    });
    const qa = stubQa({
      [Q]: (q) => citing(q, "综合排名第96名[1]。", [chunk("c96")]),
      [SLOW]: async (q) => {
        await new Promise((r) => setTimeout(r, 400));
        return citing(q, "慢答案[1]。", [chunk("slow")]);
      },
      [HELD]: async (q) => {
        await new Promise<void>((resolve) => {
          releaseHeld = resolve;
        });
        return citing(q, "想好了[1]。", [chunk("held")]);
      },
      [FAILS]: () => {
        throw new Error("index read failed");
      },
    });
    const { logger } = captureLogger();
    const inFlight = new InFlight();
    const bot = createBot(config, { qa, logger, inFlight });
    hook = await startWebhook(bot, { webhook: config.telegram.webhook!, logger, inFlight });
    return { api, hook, qa };
  }

  function post(update: Omit<Update, "update_id">, headers: Record<string, string>, path = "/telegram/hook") {
    return fetch(`http://127.0.0.1:${hook!.port}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ update_id: Math.floor(Math.random() * 1e6), ...update }),
    });
  }

  it("registers the webhook with its secret and publishes the commands", async () => {
    const { api } = await start();
    const [set] = api.callsOf("setWebhook");
    expect(set!.params).toMatchObject({
      url: "https://bot.example.com/telegram/hook",
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query"],
    });
    expect(api.callsOf("setMyCommands")).toHaveLength(2);
    expect(api.callsOf("getUpdates")).toEqual([]);
  });

  it("answers an update that carries the secret token", async () => {
    const { api } = await start();
    const res = await post(textMessage(Q, { from: ALICE }), { "X-Telegram-Bot-Api-Secret-Token": SECRET });
    expect(res.status).toBe(200);
    const reply = await api.waitFor("sendMessage", (c) => c.params.chat_id === ALICE.id);
    expect(String(reply.params.text)).toContain("96");
  });

  it("turns away requests without the right secret, handling nothing", async () => {
    const { api, qa } = await start();
    const wrong = await post(textMessage(Q), { "X-Telegram-Bot-Api-Secret-Token": "guess" });
    const missing = await post(textMessage(Q), {});
    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    expect((await post(textMessage(Q), { "X-Telegram-Bot-Api-Secret-Token": SECRET }, "/other")).status).toBe(
      404,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(qa.asked).toEqual([]);
    expect(api.callsOf("sendMessage")).toEqual([]);
  });

  it("tells Telegram an update is delivered only once its answer is sent, however long that takes", async () => {
    const { api } = await start();
    let answeredAtResponse: number | undefined;
    const res = post(textMessage(HELD, { from: ALICE }), { "X-Telegram-Bot-Api-Secret-Token": SECRET }).then(
      (r) => {
        answeredAtResponse = api.callsOf("sendMessage").length;
        return r;
      },
    );
    await api.waitFor("sendChatAction", () => true);
    // Held past the point where the 200 used to go out with the answer still unwritten: a crash
    // then lost the question, since Telegram had been told it was delivered.
    setTimeout(() => releaseHeld(), OLD_REPLY_AFTER_MS + 500);
    expect((await res).status).toBe(200);
    expect(answeredAtResponse).toBe(1);
    expect(String(api.callsOf("sendMessage")[0]!.params.text)).toContain("想好了[1]");
  }, 20_000);

  it("apologises for an update that fails and acknowledges it, so Telegram does not post it again", async () => {
    const { api } = await start();
    const res = await post(textMessage(FAILS, { from: ALICE }), {
      "X-Telegram-Bot-Api-Secret-Token": SECRET,
    });
    expect(res.status).toBe(200);
    expect(api.callsOf("sendMessage").map((c) => c.params.text)).toEqual([
      "抱歉，处理这条消息时出错了。请稍后再试。",
    ]);
  });

  it("finishes an answer in flight when stopped", async () => {
    const { api } = await start();
    const res = post(textMessage(SLOW, { from: ALICE }), { "X-Telegram-Bot-Api-Secret-Token": SECRET });
    await api.waitFor("sendChatAction", () => true);
    expect(await hook!.stop(5_000)).toEqual({ finished: 1, abandoned: 0 });
    hook = undefined;
    expect((await res).status).toBe(200);
    expect(api.callsOf("sendMessage").map((c) => c.params.text)).toEqual([
      expect.stringContaining("慢答案[1]"),
    ]);
  });

  it("needs a secret whenever a webhook URL is set", () => {
    expect(() => loadConfig({ WEBHOOK_URL: "https://bot.example.com/hook" })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_URL: "https://bot.example.com/hook" })).toThrow(/WEBHOOK_SECRET/);
    expect(() => loadConfig({ WEBHOOK_URL: "https://x.example/h", WEBHOOK_SECRET: "has space" })).toThrow(
      /WEBHOOK_SECRET/,
    );
    expect(loadConfig({}).telegram.webhook).toBeUndefined();
  });
});
