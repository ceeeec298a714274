/**
 * Source buttons carry the chunk id, so a reader can check the cited passage, even after the bot
 * restarts; a button whose chunk was re-indexed away gets a polite answer, not an error.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  callbackData,
  callbackQuery,
  chunk,
  citing,
  type Harness,
  startHarness,
  stubQa,
  textMessage,
} from "./helpers.js";

const Q = "高新区的评价结果如何？";
const chunks = [
  chunk("a1b2c3d4e5f60718"),
  chunk("ffeeddccbbaa9988", {
    title: "<script>alert(1)</script> & 高新区",
    text: '报道称 <script>steal()</script> & 其他内容 "引号"。',
    page: undefined,
  }),
];
const known = [...chunks];
const qa = stubQa({ [Q]: (q) => citing(q, "清远高新区排名第96名[1]，另见[2]。", chunks) }, known);

describe("source buttons", () => {
  let h: Harness;
  let answer: Message;
  beforeAll(async () => {
    h = await startHarness(qa);
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(Q, { from: ALICE }));
    await h.api.waitFor("sendMessage", (c) => c.params.chat_id === ALICE.id, { after });
    answer = h.api.sent.find((m) => m.chat.id === ALICE.id && m.reply_markup) as Message;
  });
  afterAll(() => h.stop());

  it("puts one button per source under the answer, carrying the chunk id", () => {
    expect(callbackData(answer as unknown as Record<string, unknown>)).toEqual([
      "src:a1b2c3d4e5f60718",
      "src:ffeeddccbbaa9988",
    ]);
    const rows = (answer.reply_markup?.inline_keyboard ?? []) as unknown[][];
    expect(rows.map((r) => r.length)).toEqual([1, 1]);
  });

  it("shows the cited passage, escaped, with its title and metadata", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(callbackQuery("src:ffeeddccbbaa9988", answer, BOB));
    const answered = await h.api.waitFor("answerCallbackQuery", () => true, { after });
    expect(answered.params.text).toBeUndefined();
    const shown = await h.api.waitFor("sendMessage", () => true, { after });
    expect(shown.params.parse_mode).toBe("HTML");
    expect(shown.params.text).toBe(
      "<b>[2] &lt;script&gt;alert(1)&lt;/script&gt; &amp; 高新区 · 科技日报 · 2021-04-28</b>\n\n" +
        "报道称 &lt;script&gt;steal()&lt;/script&gt; &amp; 其他内容 &quot;引号&quot;。",
    );
    expect(shown.params.reply_parameters).toMatchObject({ message_id: answer.message_id });
  });

  it("keeps working after a restart, because the id is all the button needs", async () => {
    await h.restart();
    const after = h.api.calls.length;
    h.api.pushUpdate(callbackQuery("src:a1b2c3d4e5f60718", answer, ALICE));
    const shown = await h.api.waitFor("sendMessage", () => true, { after });
    expect(String(shown.params.text)).toContain("清远高新区综合排名第96名");
  });

  it("answers a stale button politely when the chunk was re-indexed away", async () => {
    known.splice(0, known.length); // the index was rebuilt without these chunks
    const after = h.api.calls.length;
    h.api.pushUpdate(callbackQuery("src:a1b2c3d4e5f60718", answer, ALICE));
    const answered = await h.api.waitFor("answerCallbackQuery", () => true, { after });
    expect(String(answered.params.text)).toContain("已不在当前索引中");
    expect(answered.params.show_alert).toBe(true);

    h.api.pushUpdate(callbackQuery("src:a1b2c3d4e5f60718", answer, BOB));
    const english = await h.api.waitFor("answerCallbackQuery", (c) => c !== answered, { after });
    expect(String(english.params.text)).toContain("no longer in the current index");
    expect(h.api.calls.slice(after).filter((c) => c.method === "sendMessage")).toEqual([]);
  });
});
