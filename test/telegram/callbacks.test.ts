/**
 * Every tapped button is answered exactly once, so its spinner stops at once: buttons with data the
 * bot does not know or no data at all, buttons on messages sent in inline mode (no chat to show a
 * passage in), and a button whose passage then fails to send.
 */
import type { Message, Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall } from "../support/fake-bot-api.js";
import { ALICE, BOB, callbackQuery, chunk, type Harness, startHarness, stubQa } from "./helpers.js";

const KNOWN = chunk("a1b2c3d4e5f60718");

/** A message of the bot's in Alice's chat, with a source button under it. */
const answerMessage = {
  message_id: 77,
  date: Math.floor(Date.now() / 1000),
  chat: { id: ALICE.id, type: "private", first_name: ALICE.first_name },
  text: "清远高新区排名第96名[1]。",
} as Message;

/** A button under a message sent in inline mode: Telegram sends inline_message_id, no message. */
function inlineCallback(id: string, data: string): Omit<Update, "update_id"> {
  return {
    callback_query: { id, from: BOB, chat_instance: "ci-inline", inline_message_id: "AAAA-inline", data },
  } as Omit<Update, "update_id">;
}

describe("button taps", () => {
  let h: Harness;
  const ids = {
    garbage: "",
    noData: "cb-game",
    inlineSource: "cb-inline-src",
    inlineGarbage: "cb-inline-garbage",
    replyFails: "",
  };
  const answersTo = (id: string): ApiCall[] =>
    h.api.callsOf("answerCallbackQuery").filter((c) => c.params.callback_query_id === id);

  beforeAll(async () => {
    h = await startHarness(stubQa({}, [KNOWN]));
    const push = (update: Omit<Update, "update_id">) => {
      h.api.pushUpdate(update);
      return update.callback_query!.id;
    };
    ids.garbage = push(callbackQuery("garbage:%%", answerMessage, ALICE));
    ids.noData = push({
      callback_query: {
        id: ids.noData,
        from: BOB,
        chat_instance: "ci",
        game_short_name: "quiz",
        message: answerMessage,
      },
    } as Omit<Update, "update_id">);
    ids.inlineSource = push(inlineCallback(ids.inlineSource, `src:${KNOWN.id}`));
    ids.inlineGarbage = push(inlineCallback(ids.inlineGarbage, "v1:old-button"));
    // The passage cannot be sent (Telegram refuses it) after the button was answered.
    h.api.failNext("sendMessage", {
      status: 400,
      description: "Bad Request: message to be replied not found",
    });
    ids.replyFails = push(callbackQuery(`src:${KNOWN.id}`, answerMessage, ALICE));

    // Settled rather than awaited one by one: an unanswered button fails its own test below.
    await Promise.allSettled([
      ...Object.values(ids).map((id) =>
        h.api.waitFor("answerCallbackQuery", (c) => c.params.callback_query_id === id, { timeoutMs: 5_000 }),
      ),
      h.api.waitFor("sendMessage", (c) => String(c.params.text).includes("抱歉"), { timeoutMs: 5_000 }),
    ]);
    // Stopping waits for every update in hand to be handled to the end, error handler included,
    // so a second answer would be in the log by now.
    await h.stop();
  });
  afterAll(() => h.stop().catch(() => undefined));

  it("answers a button with data it does not know, in the reader's language", () => {
    const answers = answersTo(ids.garbage);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.params.text).toBe("这个按钮已经失效。请重新提问。");
  });

  it("answers a button without data", () => {
    const answers = answersTo(ids.noData);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.params.text).toBe("This button no longer works. Please ask your question again.");
  });

  it("answers a source button on an inline message with where to read the passage, and sends nothing", () => {
    const answers = answersTo(ids.inlineSource);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.params).toMatchObject({
      text: "The passage can't be shown here. Ask me in a private chat and tap the source button there.",
      show_alert: true,
    });
    expect(h.api.callsOf("sendMessage").filter((c) => c.params.chat_id === BOB.id)).toEqual([]);
    expect(h.logs.filter((r) => Number(r.level) >= 50 && r.chat === undefined)).toEqual([]);
  });

  it("answers an unknown button on an inline message", () => {
    expect(answersTo(ids.inlineGarbage)).toHaveLength(1);
  });

  it("answers once when the passage fails to send after the button was answered, and apologises in the chat", () => {
    const answers = answersTo(ids.replyFails);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.params.text).toBeUndefined();
    const apology = h.api.callsOf("sendMessage").find((c) => String(c.params.text).includes("抱歉"));
    expect(apology?.params.chat_id).toBe(ALICE.id);
    expect(h.logs.some((r) => r.msg === "Bot API call failed" && r.method === "sendMessage")).toBe(true);
  });
});
