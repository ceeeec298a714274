/**
 * With an LLM answerer the answer streams: one message appears as soon as text arrives, is edited
 * as more comes (no more often than the interval), and ends as the formatted answer with its
 * sources and buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPartial } from "../../src/telegram/format.js";
import type { QaService } from "../../src/types.js";
import {
  ALICE,
  callbackData,
  chunk,
  citing,
  type Harness,
  startHarness,
  stubQa,
  textMessage,
} from "./helpers.js";

const STREAMED = "会流式回答的问题？";
const LONG_STREAMED = "会流式输出长答案的问题？";
const SILENT = "不流式的问题？";
const BREAKS = "写到一半出错的问题？";
const INTERVAL_MS = 300;

const pieces = ["清远高新区", "综合排名", "第96名[1]", "，<script>x</script> & 连续", "5年攀升[1]。"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A QaService that streams like the LLM answerer: the whole text so far, every 80 ms. */
function streamingQa(): QaService {
  const base = stubQa({ [SILENT]: (q) => citing(q, "不流式的答案[1]。", [chunk("c1")]) });
  return {
    ...base,
    async ask(question, opts) {
      if (question === STREAMED || question === LONG_STREAMED) {
        let text = "";
        for (const p of pieces) {
          text += p;
          opts?.onToken?.(text);
          await sleep(80);
        }
        const answer =
          question === STREAMED
            ? text
            : Array.from({ length: 20 }, (_, i) => `第${i + 1}段${"高新区发展迅速。".repeat(40)}[1]`).join(
                "\n\n",
              );
        return citing(question, answer, [chunk("c96")]);
      }
      if (question === BREAKS) {
        opts?.onToken?.("写到一半");
        await sleep(50);
        throw new Error("stream broke");
      }
      return base.ask(question, opts);
    },
  };
}

describe("streaming answers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(streamingQa(), { env: { STREAM_EDIT_INTERVAL_MS: String(INTERVAL_MS) } });
  });
  afterAll(() => h.stop());

  it("sends one message, edits it as text arrives, and finishes with the formatted answer", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(STREAMED, { from: ALICE }));
    const final = await h.api.waitFor(
      "editMessageText",
      (c) => String(c.params.text).includes("<b>来源</b>"),
      { after },
    );
    const calls = h.api.calls.slice(after);
    const sends = calls.filter((c) => c.method === "sendMessage");
    const edits = calls.filter((c) => c.method === "editMessageText");
    expect(sends).toHaveLength(1);
    expect(sends[0]!.params.text).toBe(renderPartial(pieces[0]!));
    expect(edits.length).toBeGreaterThanOrEqual(2);
    for (const e of edits) expect(e.params.message_id).toBe(h.api.sent.at(-1)!.message_id);

    // Throttled: the first message goes out at once, edits at least the interval apart.
    const times = [sends[0]!, ...edits].map((c) => c.at);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS - 20);
    expect(edits.length).toBeLessThan(pieces.length);

    // Partial text is escaped too.
    for (const e of edits.slice(0, -1)) expect(String(e.params.text)).not.toMatch(/<script>/);
    const text = String(final.params.text);
    expect(text).toContain("第96名[1]，&lt;script&gt;x&lt;/script&gt; &amp; 连续5年攀升[1]。");
    expect(text).toContain("[1] 清远高新区综合排名再创新高 · 科技日报");
    expect(text).not.toContain(" …");
    expect(callbackData(final.params)).toEqual(["src:c96"]);
  });

  it("puts the first part of a long streamed answer in the message and sends the rest after it", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(LONG_STREAMED, { from: ALICE }));
    const last = await h.api.waitFor("sendMessage", (c) => callbackData(c.params).length > 0, { after });
    const calls = h.api.calls.slice(after);
    const finalEdit = calls.filter((c) => c.method === "editMessageText").at(-1)!;
    expect(String(finalEdit.params.text)).toMatch(/^第1段/);
    expect(finalEdit.params.reply_markup).toBeUndefined();
    expect(String(last.params.text)).toContain("<b>来源</b>");
    for (const c of calls) if (c.params.text) expect(String(c.params.text).length).toBeLessThanOrEqual(4096);
  });

  it("turns a half-streamed answer into the apology when answering fails", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(BREAKS, { from: ALICE }));
    const apology = await h.api.waitFor("editMessageText", (c) => String(c.params.text).includes("抱歉"), {
      after,
    });
    expect(apology.params.text).toBe("抱歉，处理这条消息时出错了。请稍后再试。");
    await sleep(100);
    expect(h.api.calls.slice(after).filter((c) => c.method === "sendMessage")).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === "error while answering a streamed question")).toBe(true);
  });

  it("sends an answer that does not stream as before, with no edits", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(SILENT, { from: ALICE }));
    const reply = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === ALICE.id, { after });
    expect(String(reply.params.text)).toContain("不流式的答案[1]");
    await sleep(100);
    expect(h.api.calls.slice(after).filter((c) => c.method === "editMessageText")).toEqual([]);
  });
});

describe("an answer complete before its first draft went out", () => {
  it("is sent once, with no draft after it", async () => {
    const QUICK = "一下子就流完的问题？";
    const base = stubQa({});
    const h = await startHarness({
      ...base,
      async ask(question, opts) {
        // The whole stream arrives at once: the first draft is scheduled, never yet sent.
        opts?.onToken?.("清远高新区综合排名第96名");
        return citing(question, "清远高新区综合排名第96名[1]。", [chunk("c96")]);
      },
    });
    h.api.pushUpdate(textMessage(QUICK, { from: ALICE }));
    await h.api.waitFor("sendMessage", (c) => String(c.params.text).includes("<b>来源</b>"));
    // Stopping waits for the update to be handled to the end: a late draft would be sent by then.
    await h.stop();

    const sends = h.api.callsOf("sendMessage");
    expect(sends).toHaveLength(1);
    expect(h.api.callsOf("editMessageText")).toEqual([]);
  });
});

describe("renderPartial", () => {
  it("escapes, marks the text as unfinished, and stays within one message", () => {
    expect(renderPartial("A&B <i>")).toBe("A&amp;B &lt;i&gt; …");
    const long = renderPartial("很长的答案。".repeat(2000));
    expect(long.length).toBeLessThanOrEqual(4096);
    expect(long.endsWith(" …")).toBe(true);
  });
});
