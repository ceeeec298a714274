/**
 * End to end: the real question-answering service over a temporary copy of corpus/, the real bot,
 * and a fake Bot API over HTTP. Nothing is stubbed between the Telegram message and the index.
 */
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QaService } from "../../src/types.js";
import { seedQaService } from "../support/seed-index.js";
import { ALICE, callbackData, callbackQuery, type Harness, startHarness, textMessage } from "./helpers.js";

const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";

describe("a reader in a private chat", () => {
  let root: string | undefined;
  let qa: QaService;
  let h: Harness;

  beforeAll(async () => {
    // The real createQaService over a temporary copy of corpus/, its index built from scratch.
    const seeded = await seedQaService();
    root = dirname(seeded.dirs.corpusDir);
    qa = seeded;
    h = await startHarness(qa);
  });

  afterAll(async () => {
    await h?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("asks a question and gets a cited answer with source buttons", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(QUESTION, { from: ALICE }));

    await h.api.waitFor("sendChatAction", (c) => c.params.chat_id === ALICE.id, { after });
    const reply = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === ALICE.id, { after });
    const text = String(reply.params.text);
    expect(reply.params.parse_mode).toBe("HTML");
    expect(text).toContain("96");
    expect(text).toMatch(/\[1\]/);
    expect(text).toContain("<b>来源</b>");
    expect(text).toMatch(/\[1\] [^\n]+ · 科技日报 · 2021-04/);
    expect(text).not.toContain("undefined");

    const data = callbackData(reply.params);
    expect(data.length).toBeGreaterThan(0);
    for (const d of data) {
      expect(d).toMatch(/^src:/);
      expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
      expect(qa.chunk(d.slice(4))).toBeDefined();
    }
  });

  it("shows the cited passage when a source button is tapped", async () => {
    const answer = h.api.sent.find((m) => m.chat.id === ALICE.id && m.reply_markup) as Message;
    const data = callbackData(answer as unknown as Record<string, unknown>);
    const cited = data.map((d) => qa.chunk(d.slice(4))!);
    const which = cited.findIndex((c) => c.text.includes("综合排名第96名"));
    expect(which).toBeGreaterThanOrEqual(0);

    const after = h.api.calls.length;
    h.api.pushUpdate(callbackQuery(data[which]!, answer, ALICE));
    await h.api.waitFor("answerCallbackQuery", () => true, { after });
    const passage = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === ALICE.id, { after });
    expect(String(passage.params.text)).toContain("综合排名第96名");
    expect(String(passage.params.text)).toMatch(/^<b>\[\d+\] [^<]+ · 科技日报 · 2021-04/);
  });
});
