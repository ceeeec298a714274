/**
 * Stopping the bot (SIGINT/SIGTERM in main.ts) lets the answers already being written go out, within
 * SHUTDOWN_GRACE_MS, and confirms them to Telegram so a restart does not answer them again. Tested
 * in-process, and through `npm start`'s process group as a terminal, docker stop or systemd signal it.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createBot } from "../../src/telegram/bot.js";
import { startPolling, stopPolling } from "../../src/telegram/polling.js";
import {
  answersByQuestion,
  type BotProcess,
  pushBurst,
  questionKey,
  replyOrder,
  startBotProcess,
} from "../support/bot-process.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { seedQaService } from "../support/seed-index.js";
import { ALICE, captureLogger, chunk, citing, stubQa, textMessage } from "./helpers.js";

const SLOW = "慢问题";
const QUESTIONS_FILE = join(import.meta.dirname, "..", "fixtures", "qa", "dev-qa.jsonl");

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

    const id = api.pushUpdate(textMessage(SLOW, { from: ALICE }));
    await api.waitFor("sendChatAction", () => true);
    expect(await stopPolling(handle, 5_000)).toEqual({ finished: 1, abandoned: 0 });

    expect(api.callsOf("sendMessage").map((c) => c.params.text)).toEqual([
      expect.stringContaining("慢答案[1]"),
    ]);
    // The answered update is confirmed on the way out, so a restart does not answer it again.
    expect(api.callsOf("getUpdates").at(-1)!.params.offset).toBe(id + 1);
    const polls = api.callsOf("getUpdates").length;
    await new Promise((r) => setTimeout(r, 300));
    expect(api.callsOf("getUpdates").length).toBe(polls);
  });

  it("leaves an answer that outlives the grace period unconfirmed, and answers it after a restart", async () => {
    api = await FakeBotApi.start();
    const answer = async (q: string) => citing(q, "慢答案[1]。", [chunk("slow")]);
    // Never answers: the process would be gone by the time it did.
    const stuck = stubQa({ [SLOW]: () => new Promise(() => {}) });
    const { logger } = captureLogger();
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    const first = await startPolling(createBot(config, { qa: stuck, logger }), {
      logger,
      pollTimeoutSeconds: 1,
    });
    api.pushUpdate(textMessage(SLOW, { from: ALICE }));
    await api.waitFor("sendChatAction", () => true);
    expect(await stopPolling(first, 100)).toEqual({ finished: 0, abandoned: 1 });

    const second = await startPolling(createBot(config, { qa: stubQa({ [SLOW]: answer }), logger }), {
      logger,
      pollTimeoutSeconds: 1,
    });
    await api.waitFor("sendMessage", (c) => String(c.params.text).includes("慢答案[1]"));
    await stopPolling(second, 5_000);
  });
});

describe("graceful shutdown through npm start", () => {
  let dirs: { corpusDir: string; indexDir: string };
  let questions: string[];
  let api: FakeBotApi | undefined;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    dirs = (await seedQaService()).dirs;
    questions = (await readFile(QUESTIONS_FILE, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { question: string }).question);
  });
  afterAll(async () => {
    await rm(join(dirs.corpusDir, ".."), { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const bot of bots.splice(0)) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.signalGroup("SIGKILL");
      await bot.exited;
    }
    await api?.close();
  });

  it("on SIGTERM to the process group mid-burst, finishes what is in hand, says so, exits 0, and loses nothing", async () => {
    api = await FakeBotApi.start();
    const first = await startBotProcess(api, dirs, { SHUTDOWN_GRACE_MS: "20000" });
    bots.push(first);
    const asked = pushBurst(api, { count: 200, chats: 50, questions });
    await api.until(() => answersByQuestion(api!).size >= 20, { what: "20 questions were answered" });
    first.signalGroup("SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const messages = first.logs.map((l) => l.msg);
    expect(messages).toContain("stopping: no new updates; finishing the answers in flight");
    const stopped = first.logs.find((l) => l.msg === "stopped")!;
    expect(stopped).toMatchObject({ abandoned: 0 });
    expect(Number(stopped.finished)).toBeGreaterThan(0);
    const answeredFirst = answersByQuestion(api).size;
    expect(answeredFirst).toBeLessThan(asked.length);

    // What the first run never fetched is still with "Telegram"; the next run answers it, and only it.
    const second = await startBotProcess(api, dirs);
    bots.push(second);
    await api.until(() => asked.every((q) => answersByQuestion(api!).has(questionKey(q))), {
      what: "every question was answered",
      timeoutMs: 45_000,
    });
    second.signalGroup("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });

    const answers = answersByQuestion(api);
    expect(asked.filter((q) => answers.get(questionKey(q)) !== 1)).toEqual([]);
    for (const [chat, ids] of replyOrder(api)) {
      expect(ids, `chat ${chat}`).toEqual([...ids].sort((a, b) => a - b));
    }
    expect([...first.logs, ...second.logs].filter((l) => Number(l.level) >= 50)).toEqual([]);
  }, 120_000);

  it("skips, after a restart, the update that was alone in progress when the bot died, and answers the rest", async () => {
    api = await FakeBotApi.start();
    const asked = pushBurst(api, { count: 3, chats: 3, questions });
    // What a native crash leaves behind (see poison-guard.ts): the mark of the one update in hand.
    const marks = join(dirs.indexDir, "in-progress");
    await mkdir(marks, { recursive: true });
    const poison = asked[1]!;
    await writeFile(
      join(marks, `${poison.updateId}.running`),
      JSON.stringify({ startedAt: new Date().toISOString(), chatId: poison.chat }),
    );
    try {
      const bot = await startBotProcess(api, dirs);
      bots.push(bot);
      const others = [asked[0]!, asked[2]!];
      await api.until(() => others.every((q) => answersByQuestion(api!).has(questionKey(q))), {
        what: "the other questions were answered",
      });
      // Confirmed to Telegram all the same, so it is never handed out again.
      await api.until(
        () => api!.callsOf("getUpdates").some((c) => Number(c.params.offset) > poison.updateId),
        {
          what: "the skipped update was confirmed",
        },
      );
      bot.signalGroup("SIGTERM");
      expect(await bot.exited).toEqual({ code: 0, signal: null });
      expect(answersByQuestion(api).has(questionKey(poison))).toBe(false);
      expect(bot.logs.map((l) => l.msg)).toContain("skipped an update that crashed the bot before");
    } finally {
      await rm(marks, { recursive: true, force: true });
    }
  }, 60_000);
});
