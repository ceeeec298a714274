import { spawn } from "node:child_process";
import { mkdtemp, readdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPoisonGuard } from "../../src/telegram/poison-guard.js";
import { FakeBotApi } from "../support/fake-bot-api.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CHILD = join(import.meta.dirname, "fixtures", "poison-child.ts");
const CHAT = 100;

function textUpdate(updateId: number, text: string): Update {
  const user = { id: 7, is_bot: false, first_name: "Reader" };
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: CHAT, type: "private", first_name: "Reader" },
      from: user,
      text,
    },
  } as Update;
}

describe("poison guard", () => {
  let api: FakeBotApi;
  let dir: string;
  beforeEach(async () => {
    api = await FakeBotApi.start();
    dir = await mkdtemp(join(tmpdir(), "newsqa-poison-"));
  });
  afterEach(async () => {
    await api.close();
  });

  /** Runs the bot process over `updates` (as Telegram would deliver them) until it exits. */
  async function runBot(updates: Update[]) {
    const file = join(dir, `updates-${Date.now()}-${Math.random()}.json`);
    await writeFile(file, JSON.stringify(updates));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", CHILD, join(dir, "in-progress"), api.apiRoot, api.token, file],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    return { code, signal, out, err };
  }

  const replies = () => api.callsOf("sendMessage").map((c) => String(c.params.text));

  it("skips, after the restart, the question that crashed the process, and answers the rest", async () => {
    const first = await runBot([textUpdate(1, "first"), textUpdate(2, "crash"), textUpdate(3, "third")]);
    expect(first.signal).toBe("SIGSEGV");
    expect(replies()).toEqual(["answer to first"]);

    // Telegram hands out the unconfirmed updates again: the one that crashed is not handled again.
    const second = await runBot([textUpdate(2, "crash"), textUpdate(3, "third")]);
    expect(second.err).toBe("");
    expect([second.code, second.signal]).toEqual([0, null]);
    expect(second.out).toContain(`crashed before: 2@${CHAT}\n`);
    expect(second.out).toContain("done 2\ndone 3\n");
    expect(replies()).toEqual(["answer to first", "answer to third"]);

    // And not on any later restart either, until it is forgotten.
    const third = await runBot([textUpdate(2, "crash")]);
    expect([third.code, third.signal]).toEqual([0, null]);
    expect(third.out).toContain(`crashed before: 2@${CHAT}\n`);
  });

  it("does not count an update whose handler threw, which the process survived, as a crash", async () => {
    const run = await runBot([textUpdate(4, "throw"), textUpdate(5, "fifth")]);
    expect([run.code, run.signal]).toEqual([0, null]);
    const next = await runBot([textUpdate(4, "throw")]);
    expect(next.out).toContain("crashed before: \n");
    expect(replies()).toEqual(["answer to fifth"]);
  });

  it("forgets a crash once told to, and on its own after a day", async () => {
    const marks = join(dir, "in-progress");
    const guard = openPoisonGuard({ dir: marks });
    guard.begin(10, { chatId: CHAT });
    guard.begin(11);
    guard.begin(12);
    guard.end(12);
    // A restart: 10 and 11 were in progress.
    const after = openPoisonGuard({ dir: marks });
    expect(after.crashed().map((c) => [c.updateId, c.chatId])).toEqual([
      [10, CHAT],
      [11, undefined],
    ]);
    expect(after.poisoned(12)).toBeUndefined();
    after.forget(10);
    expect(await readdir(marks)).toEqual(["11.crashed"]);

    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await utimes(join(marks, "11.crashed"), dayAgo, dayAgo);
    const later = openPoisonGuard({ dir: marks });
    expect(later.crashed()).toEqual([]);
    expect(await readdir(marks)).toEqual([]);
  });

  it("gives each of several updates in progress at a death one more try, and skips one that kills twice", () => {
    const marks = join(dir, "in-progress");
    // A kill -9 mid-burst: three questions from three chats were being answered.
    const first = openPoisonGuard({ dir: marks });
    for (const id of [20, 21, 22]) first.begin(id, { chatId: id });
    const second = openPoisonGuard({ dir: marks });
    // Which one killed it is unknown: none is skipped, so the innocent ones are still answered.
    expect([20, 21, 22].map((id) => second.poisoned(id))).toEqual([undefined, undefined, undefined]);
    second.begin(20);
    second.end(20);
    second.begin(21);
    second.end(21);
    // 22 kills the process again, this time with another update in progress beside it.
    second.begin(22);
    second.begin(23);
    const third = openPoisonGuard({ dir: marks });
    expect(third.poisoned(22)).toMatchObject({ updateId: 22, crashes: 2 });
    expect(third.poisoned(23)).toBeUndefined();
    expect(third.poisoned(20)).toBeUndefined();
  });
});
