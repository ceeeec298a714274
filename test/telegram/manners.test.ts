/**
 * Limits and manners: escaping, splitting, retries after 429, question length and rate limits, hints
 * for media, help in the reader's language, and an error in one update that does not stop the bot.
 */
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, MAX_MESSAGE_LENGTH } from "../../src/telegram/format.js";
import {
  ALICE,
  BOB,
  callbackData,
  chunk,
  citing,
  type Harness,
  startHarness,
  stubQa,
  textMessage,
} from "./helpers.js";

const SHORT = "清远高新区排名第几？";
const LONG_ANSWER = "长答案是什么？";
const SCRIPT_QUESTION = '<script>alert("x")</script> A&B 公司是谁？';
const BOOM = "这个问题会让服务出错";

const paragraphs = Array.from({ length: 24 }, (_, i) => `第${i + 1}段：${"高新区发展迅速。".repeat(40)}[1]`);
const qa = stubQa({
  [SHORT]: (q) => citing(q, "综合排名第96名[1]。", [chunk("c96")]),
  [LONG_ANSWER]: (q) => citing(q, paragraphs.join("\n\n"), [chunk("c96"), chunk("c97")]),
  [SCRIPT_QUESTION]: (q) =>
    citing(q, `关于「${q}」：文章写道 <b>不是标签</b> & 更多[1]。`, [
      chunk("evil", { title: "<script>steal()</script> & Co", text: "<script>steal()</script> & 正文" }),
    ]),
  [BOOM]: () => {
    throw new Error("index exploded while answering");
  },
});

function sticker(from = ALICE): Omit<Update, "update_id"> {
  const m = textMessage("", { from }).message!;
  const { text: _text, ...rest } = m;
  return {
    message: {
      ...rest,
      sticker: {
        file_id: "s1",
        file_unique_id: "u1",
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    },
  } as Omit<Update, "update_id">;
}

describe("manners", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(qa, { env: { MAX_QUESTION_CHARS: "50" } });
  });
  afterAll(() => h.stop());

  async function ask(text: string, from = ALICE) {
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(text, { from }));
    await h.api.waitFor("sendMessage", (c) => c.params.chat_id === from.id, { after });
    // Give the remaining parts of a split answer a moment to follow the first.
    await new Promise((r) => setTimeout(r, 100));
    return h.api.calls.slice(after).filter((c) => c.method === "sendMessage" && c.params.chat_id === from.id);
  }

  it("publishes its commands in English and Chinese and clears any webhook at start-up", () => {
    expect(h.api.callsOf("deleteWebhook")).toHaveLength(1);
    const [en, zh] = h.api.callsOf("setMyCommands");
    expect(en!.params.language_code).toBeUndefined();
    expect(en!.params.commands).toContainEqual({
      command: "ask",
      description: "Ask a question about the newspapers",
    });
    expect(zh!.params.language_code).toBe("zh");
    expect(zh!.params.commands).toContainEqual({ command: "ask", description: "就报纸内容提问" });
  });

  it("explains itself in Chinese to zh users and in English to everyone else", async () => {
    const [zh] = await ask("/help", ALICE);
    expect(String(zh!.params.text)).toContain("我根据报纸版面回答问题");
    expect(String(zh!.params.text)).toContain(`@${h.api.botInfo.username}`);
    const [en] = await ask("/start", BOB);
    expect(String(en!.params.text)).toContain("I answer questions from Chinese newspaper pages");
    expect(String(en!.params.text)).toContain("Newspaper Q&amp;A bot");
  });

  it("escapes <script> and & in the question and in article text", async () => {
    const [reply] = await ask(SCRIPT_QUESTION);
    const text = String(reply!.params.text);
    expect(qa.asked.at(-1)).toBe(SCRIPT_QUESTION);
    expect(text).toContain(`关于「${escapeHtml(SCRIPT_QUESTION)}」`);
    expect(text).toContain("&lt;b&gt;不是标签&lt;/b&gt; &amp; 更多[1]");
    expect(text).toContain("[1] &lt;script&gt;steal()&lt;/script&gt; &amp; Co · 科技日报");
    // The only real tags are the ones the bot writes itself.
    expect(text.match(/<[^>]+>/g)).toEqual(["<b>", "</b>"]);
  });

  it("splits a long answer on paragraph boundaries, each message under 4096, buttons on the last", async () => {
    const parts = await ask(LONG_ANSWER);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(String(p.params.text).length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    const texts = parts.map((p) => String(p.params.text));
    for (const t of texts.slice(0, -1))
      expect(t.split("\n\n").every((para) => paragraphs.includes(para))).toBe(true);
    expect(texts.join("\n\n")).toContain(paragraphs.join("\n\n"));
    expect(parts.slice(0, -1).every((p) => p.params.reply_markup === undefined)).toBe(true);
    expect(callbackData(parts.at(-1)!.params)).toEqual(["src:c96", "src:c97"]);
  });

  it("retries after a 429 with retry_after and still delivers the answer", async () => {
    h.api.failNext("sendMessage", { status: 429, retryAfter: 1 });
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(SHORT, { from: ALICE }));
    const first = await h.api.waitFor("sendMessage", (c) => String(c.params.text).includes("96"), { after });
    await h.api.waitFor("sendMessage", (c) => c !== first && String(c.params.text).includes("96"), { after });
    const attempts = h.api.calls.slice(after).filter((c) => c.method === "sendMessage");
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.params).toEqual(attempts[1]!.params);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it("shows the typing action while it works", async () => {
    const after = h.api.calls.length;
    await ask(SHORT);
    const action = h.api.calls.slice(after).find((c) => c.method === "sendChatAction");
    expect(action?.params).toMatchObject({ chat_id: ALICE.id, action: "typing" });
  });

  it("refuses a question over the length limit, saying what the limit is", async () => {
    const asked = qa.asked.length;
    const [zh] = await ask("问".repeat(51));
    expect(zh!.params.text).toBe("问题太长了（51 字）。请把问题控制在 50 字以内。");
    const [en] = await ask("q".repeat(60), BOB);
    expect(String(en!.params.text)).toContain("under 50 characters");
    expect(qa.asked.length).toBe(asked);
  });

  it("gives a short hint for stickers in a private chat", async () => {
    const after = h.api.calls.length;
    h.api.pushUpdate(sticker(ALICE));
    const hint = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === ALICE.id, { after });
    expect(String(hint.params.text)).toContain("我只能回答文字问题");
  });

  it("apologises for an update that throws, logs the cause, and keeps answering", async () => {
    const [apology] = await ask(BOOM);
    expect(apology!.params.text).toBe("抱歉，处理这条消息时出错了。请稍后再试。");
    const logged = h.logs.find((l) => l.msg === "error while handling an update");
    expect((logged?.err as { message?: string } | undefined)?.message).toBe("index exploded while answering");

    const [next] = await ask(SHORT);
    expect(String(next!.params.text)).toContain("96");
  });
});

describe("rate limiting", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(qa, { rateLimit: { limit: 1, timeFrameMs: 60_000 } });
  });
  afterAll(() => h.stop());

  it("tells a user who asks too fast to wait, without asking the pipeline", async () => {
    const asked = qa.asked.length;
    const after = h.api.calls.length;
    h.api.pushUpdate(textMessage(SHORT, { from: BOB }));
    h.api.pushUpdate(textMessage(SHORT, { from: BOB }));
    await h.api.waitFor("sendMessage", (c) => String(c.params.text).includes("too fast"), { after });
    await h.api.waitFor("sendMessage", (c) => String(c.params.text).includes("96"), { after });
    expect(qa.asked.length).toBe(asked + 1);

    // Another user is not held back by Bob.
    h.api.pushUpdate(textMessage(SHORT, { from: ALICE }));
    await h.api.waitFor(
      "sendMessage",
      (c) => c.params.chat_id === ALICE.id && String(c.params.text).includes("96"),
      {
        after,
      },
    );
  });
});
