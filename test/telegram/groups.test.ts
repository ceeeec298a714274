/**
 * In groups the bot speaks only when spoken to: a mention, a reply to one of its messages, or /ask.
 * Everything else is chatter between people, and it stays quiet.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  chunk,
  citing,
  GROUP,
  type Harness,
  mentionEntity,
  startHarness,
  stubQa,
  textMessage,
} from "./helpers.js";

const Q = "清远高新区排名第几？";
const qa = stubQa({ [Q]: (q) => citing(q, "综合排名第96名[1]。", [chunk("c96")]) });

describe("the bot in a group", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(qa);
  });
  afterAll(() => h.stop());

  /**
   * Sends the updates, then a /help probe to the same group, and returns what the bot said before the
   * probe's answer. Updates of one chat are handled in order, so the chatter is done by then.
   */
  async function saidAfter(...updates: Parameters<Harness["api"]["pushUpdate"]>[0][]) {
    const after = h.api.calls.length;
    for (const u of updates) h.api.pushUpdate(u);
    h.api.pushUpdate(textMessage("/help", { from: BOB, chat: GROUP }));
    const probe = await h.api.waitFor(
      "sendMessage",
      (c) => c.params.chat_id === GROUP.id && String(c.params.text).includes("/help"),
      { after },
    );
    const spoke = h.api.calls.slice(after, h.api.calls.indexOf(probe));
    return spoke.filter((c) => c.method === "sendMessage" || c.method === "sendChatAction");
  }

  it("ignores chatter that is not meant for it", async () => {
    const spoke = await saidAfter(
      textMessage(Q, { from: BOB, chat: GROUP }),
      textMessage("@someone_else 你看过这篇吗？", { from: BOB, chat: GROUP }),
      textMessage("/ask@other_bot 问别的机器人", { from: BOB, chat: GROUP }),
    );
    expect(spoke).toEqual([]);
    expect(qa.asked).toEqual([]);
  });

  it("answers a mention, as a reply to the asking message", async () => {
    const text = `@${h.api.botInfo.username} ${Q}`;
    const update = textMessage(text, {
      from: ALICE,
      chat: GROUP,
      entities: mentionEntity(text, h.api.botInfo.username),
    });
    const after = h.api.calls.length;
    h.api.pushUpdate(update);
    const reply = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === GROUP.id, { after });
    expect(String(reply.params.text)).toContain("综合排名第96名[1]");
    expect(reply.params.reply_parameters).toMatchObject({ message_id: update.message!.message_id });
    expect(qa.asked.at(-1)).toBe(Q);
  });

  it("answers /ask <question> as a reply", async () => {
    const update = textMessage(`/ask ${Q}`, { from: ALICE, chat: GROUP });
    const after = h.api.calls.length;
    h.api.pushUpdate(update);
    const reply = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === GROUP.id, { after });
    expect(String(reply.params.text)).toContain("96");
    expect(reply.params.reply_parameters).toMatchObject({ message_id: update.message!.message_id });
  });

  it("answers /ask@botname too, and explains usage when the question is missing", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(`/ask@${h.api.botInfo.username}`, { from: BOB, chat: GROUP }));
    const usage = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === GROUP.id, { after });
    expect(String(usage.params.text)).toContain("/ask");
    expect(String(usage.params.text)).toContain("e.g.");
  });

  it("explains usage when mentioned without a question", async () => {
    const text = `@${h.api.botInfo.username}`;
    const after = h.api.calls.length;
    h.api.pushUpdate(
      textMessage(text, { from: ALICE, chat: GROUP, entities: mentionEntity(text, text.slice(1)) }),
    );
    const usage = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === GROUP.id, { after });
    expect(String(usage.params.text)).toContain("/ask 清远高新区");
  });

  it("answers a reply to one of its own messages", async () => {
    const botMessage = h.api.sent.find((m) => m.chat.id === GROUP.id) as Message;
    const update = textMessage(Q, { from: BOB, chat: GROUP, replyTo: botMessage });
    const after = h.api.calls.length;
    h.api.pushUpdate(update);
    const reply = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === GROUP.id, { after });
    expect(String(reply.params.text)).toContain("96");
    expect(reply.params.reply_parameters).toMatchObject({ message_id: update.message!.message_id });
  });

  it("stays quiet on a reply to someone else's message", async () => {
    const humans = textMessage("随便聊聊", { from: ALICE, chat: GROUP }).message as Message;
    expect(await saidAfter(textMessage(Q, { from: BOB, chat: GROUP, replyTo: humans }))).toEqual([]);
  });
});
