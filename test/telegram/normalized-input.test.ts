/**
 * Text from chats is cleaned before the bot reads it (F7): a zero-width space or a bidi mark pasted
 * into a question, or smuggled into a button's data, changes nothing a reader can see, so it must
 * change nothing the bot does either.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  callbackQuery,
  chunk,
  citing,
  type Harness,
  startHarness,
  stubQa,
  textMessage,
} from "./helpers.js";

const Q = "清远高新区在2020年度国家高新区评价中综合排名第几？";
const CHUNK = chunk("a1b2c3d4e5f60718");
const qa = stubQa({ [Q]: (q) => citing(q, "清远高新区综合排名第96名[1]。", [CHUNK]) }, [CHUNK]);

describe("invisible characters in what chats send", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(qa);
  });
  afterAll(() => h?.stop());

  async function send(text: string) {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(text, { from: ALICE }));
    return h.api.waitFor("sendMessage", (c) => c.params.chat_id === ALICE.id, { after });
  }

  it("asks the question without a zero-width space inside a name or a bidi mark around it", async () => {
    const reply = await send(`\u202e${Q.replace("清远高新区", "清远\u200b高新区")}\u200f`);
    expect(qa.asked.at(-1)).toBe(Q);
    expect(String(reply.params.text)).toContain("第96名");
    expect(String(reply.params.text)).not.toContain("理解为");
  });

  it("treats a message of nothing but invisible characters as an empty question", async () => {
    const before = qa.asked.length;
    const reply = await send("\u200b\u200f\u2060");
    expect(String(reply.params.text)).toContain("请在命令后面写上问题");
    expect(qa.asked).toHaveLength(before);
  });

  it("shows the source for button data with a zero-width space in the chunk id", async () => {
    await send(Q);
    const answer = h.api.sent.find((m) => m.chat.id === ALICE.id && m.reply_markup) as Message;
    const after = h.api.calls.length;
    h.api.pushUpdate(callbackQuery("src:a1b2c3d4\u200be5f60718", answer, BOB));
    const answered = await h.api.waitFor("answerCallbackQuery", () => true, { after });
    expect(answered.params.show_alert).toBeUndefined();
    const shown = await h.api.waitFor("sendMessage", () => true, { after });
    expect(String(shown.params.text)).toContain("综合排名第96名");
  });
});
