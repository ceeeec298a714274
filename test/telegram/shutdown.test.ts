/** Stopping the bot (SIGINT/SIGTERM in main.ts) lets the answers already being written go out. */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createBot } from "../../src/telegram/bot.js";
import { startPolling, stopPolling } from "../../src/telegram/polling.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { ALICE, captureLogger, chunk, citing, stubQa, textMessage } from "./helpers.js";

const SLOW = "慢问题";

describe("graceful shutdown", () => {
  let api: FakeBotApi | undefined;
  afterEach(() => api?.close());

  it("finishes an answer in flight before stopping, then polls no more", async () => {
    api = await FakeBotApi.start();
    const qa = stubQa({
      [SLOW]: async (q) => {
        await new Promise((r) => setTimeout(r, 400));
        return citing(q, "慢答案[1]。", [chunk("slow")]);
      },
    });
    const { logger } = captureLogger();
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    const bot = createBot(config, { qa, logger });
    const handle = await startPolling(bot, { logger, pollTimeoutSeconds: 1 });

    api.pushUpdate(textMessage(SLOW, { from: ALICE }));
    await api.waitFor("sendChatAction", () => true);
    await stopPolling(handle, 5_000);

    expect(api.callsOf("sendMessage").map((c) => c.params.text)).toEqual([
      expect.stringContaining("慢答案[1]"),
    ]);
    const polls = api.callsOf("getUpdates").length;
    await new Promise((r) => setTimeout(r, 300));
    expect(api.callsOf("getUpdates").length).toBe(polls);
  });
});
