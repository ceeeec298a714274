/**
 * Telegram cannot de-duplicate a send: a sendMessage that fails with a 5xx after the message was
 * delivered is retried and shows twice. The bot keeps that visible: each retried call is logged
 * with its method and chat, and /status counts retries and the sends that may have been delivered
 * twice (a 429 is refused before anything happens, so its retry is not one of them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall } from "../support/fake-bot-api.js";
import { ALICE, chunk, citing, type Harness, startHarness, stubQa, textMessage } from "./helpers.js";

const FLAKY = "高新区的评价结果如何？";
const RATE_LIMITED = "清远高新区排第几？";
const ANSWER = "清远高新区综合排名第96名[1]。";

describe("retried sends", () => {
  let h: Harness;
  beforeAll(async () => {
    const answer = (q: string) => citing(q, ANSWER, [chunk("a1b2c3d4e5f60718")]);
    h = await startHarness(stubQa({ [FLAKY]: answer, [RATE_LIMITED]: answer }), {
      env: { ADMIN_USER_IDS: String(ALICE.id) },
    });
  });
  afterAll(() => h.stop());

  const isAnswer = (c: ApiCall) => c.method === "sendMessage" && String(c.params.text).startsWith(ANSWER);
  const answersAfter = (after: number) => h.api.calls.slice(after).filter(isAnswer);
  /** The first attempt of the answer (refused by the fake API) and the retry after it. */
  const attemptAndRetry = async (after: number) => {
    const first = await h.api.waitFor("sendMessage", isAnswer, { after });
    await h.api.waitFor("sendMessage", isAnswer, { after: h.api.calls.indexOf(first) + 1 });
  };

  it("logs a send retried after a 502 that came after delivery, as a possible duplicate", async () => {
    // Telegram delivers the answer, then the gateway answers 502: the retry delivers it again.
    h.api.failNext("sendMessage", { status: 502, description: "Bad Gateway", deliver: true });
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(FLAKY, { from: ALICE }));
    await attemptAndRetry(after);

    expect(answersAfter(after)).toHaveLength(2);
    expect(h.api.sent.filter((m) => m.text?.startsWith(ANSWER))).toHaveLength(2);
    const retried = h.logs.filter((r) => r.method === "sendMessage" && r.attempt === 2);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({
      level: 40,
      chat: ALICE.id,
      after: "502 Bad Gateway",
      duplicateRisk: true,
      retries: 1,
      sendRetries: 1,
      possibleDuplicates: 1,
    });
    expect(String(retried[0]!.msg)).toContain("may appear twice");
  }, 30_000);

  it("logs a send retried after a 429 without counting it as a possible duplicate", async () => {
    h.api.failNext("sendMessage", { status: 429, retryAfter: 1 });
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(RATE_LIMITED, { from: ALICE }));
    await attemptAndRetry(after);
    const retried = h.logs.filter((r) => r.method === "sendMessage" && r.sendRetries === 2);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ duplicateRisk: false, possibleDuplicates: 1 });
  }, 30_000);

  it("counts retries and possible duplicates in /status", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage("/status", { from: ALICE }));
    const status = await h.api.waitFor("sendMessage", (c) => String(c.params.text).includes("<b>状态</b>"), {
      after,
    });
    expect(String(status.params.text)).toContain(
      "Bot API 重试：2 次，其中发送消息 2 次（可能重复送达 1 次）",
    );
  });
});

describe("a final edit retried after a 502 that came after it went through", () => {
  it("leaves the answer in the one message instead of sending it again", async () => {
    const STREAMED = "会流式回答的问题？";
    let h: Harness | undefined;
    const base = stubQa({});
    h = await startHarness({
      ...base,
      async ask(question, opts) {
        opts?.onToken?.("清远高新区综合排名");
        await h!.api.waitFor("sendMessage", (c) => String(c.params.text).startsWith("清远高新区综合排名"));
        // The final edit reaches the message, then the gateway answers 502; the retry finds the
        // message already reading so, and Telegram says "message is not modified".
        h!.api.failNext("editMessageText", { status: 502, description: "Bad Gateway", deliver: true });
        return citing(question, ANSWER, [chunk("a1b2c3d4e5f60718")]);
      },
    });
    h.api.pushUpdate(textMessage(STREAMED, { from: ALICE }));
    const edit = (c: ApiCall) => String(c.params.text).startsWith(ANSWER);
    const first = await h.api.waitFor("editMessageText", edit);
    await h.api.waitFor("editMessageText", edit, { after: h.api.calls.indexOf(first) + 1 });
    // Stopping waits for the update to be handled to the end.
    await h.stop();

    expect(h.api.callsOf("sendMessage")).toHaveLength(1);
    expect(h.api.sent).toHaveLength(1);
    expect(h.api.sent[0]!.text).toContain(ANSWER);
    expect(h.api.sent[0]!.text).toContain("<b>来源</b>");
  }, 30_000);
});
