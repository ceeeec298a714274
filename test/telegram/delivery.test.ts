/**
 * No question is lost when the bot dies: `npm start` is killed with SIGKILL in the middle of a burst
 * and started again, against a stand-in Bot API that forgets updates below the getUpdates offset as
 * Telegram does. Every question is answered; only one whose answer went out just before the kill
 * (sent, not yet confirmed) may be answered a second time.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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

const QUESTIONS_FILE = join(import.meta.dirname, "..", "fixtures", "qa", "dev-qa.jsonl");

describe("updates are confirmed only once answered", () => {
  let dirs: { corpusDir: string; indexDir: string };
  let questions: string[];
  let api: FakeBotApi | undefined;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    // Built once here, so each bot process only loads it.
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

  it("answers every question of a burst after kill -9 and a restart, each once unless sent just before the kill", async () => {
    // Answers are paced (each chat waits 300 ms for Telegram's reply before its next), so the kill
    // lands mid-burst even when this process is slow to notice the 20th answer on a busy machine.
    api = await FakeBotApi.start({ sendDelayMs: 300 });
    const first = await startBotProcess(api, dirs);
    bots.push(first);
    const asked = pushBurst(api, { count: 200, chats: 50, questions });

    // Killed once the bot has been handed the whole burst and is answering it.
    const lastUpdate = asked.at(-1)!.updateId;
    await api.until(() => api!.highestDelivered === lastUpdate && answersByQuestion(api!).size >= 20, {
      what: "the whole burst was fetched and 20 questions were answered",
    });
    first.signalGroup("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = await startBotProcess(api, dirs);
    bots.push(second);
    // A request the first process sent just before dying can be read after it exited, so the runs
    // are told apart by the second one's first call (getMe).
    const killedAt = api.calls.map((c) => c.method).lastIndexOf("getMe");
    const beforeKill = answersByQuestion(api, 0, killedAt);
    // The kill really came mid-burst.
    expect(beforeKill.size).toBeLessThan(asked.length);
    await api.until(() => asked.every((q) => answersByQuestion(api!).has(questionKey(q))), {
      what: "every question was answered",
      timeoutMs: 45_000,
    });
    second.signalGroup("SIGINT");
    expect(await second.exited).toEqual({ code: 0, signal: null });

    const answers = answersByQuestion(api);
    const lost = asked.filter((q) => !answers.has(questionKey(q)));
    expect(lost).toEqual([]);
    for (const q of asked) {
      const key = questionKey(q);
      const times = answers.get(key)!;
      // A second answer only for a question answered before the kill but not yet confirmed.
      if (times > 1) expect(beforeKill.get(key), key).toBe(1);
      expect(times, key).toBeLessThanOrEqual(2);
    }
    // Each run answered each chat's questions in the order they were asked.
    for (const [from, to] of [
      [0, killedAt],
      [killedAt, api.calls.length],
    ] as const) {
      for (const [chat, ids] of replyOrder(api, from, to)) {
        expect(ids, `chat ${chat}`).toEqual([...ids].sort((a, b) => a - b));
      }
    }
    expect(second.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  }, 120_000);
});
