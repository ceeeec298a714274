/**
 * An LLM server that echoes the API key it was sent (raw, base64, URL-encoded) never gets the key
 * into Telegram: not in a streamed draft, not in the final answer, not in how a follow-up question
 * was understood. The real QA service and bot, the fake OpenAI server and the fake Bot API, over HTTP.
 */
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall } from "../support/fake-bot-api.js";
import { type FakeOpenAi, keyForms, type RecordedRequest, startFakeOpenAi } from "../support/fake-openai.js";
import { seedQaService } from "../support/seed-index.js";
import { ALICE, type Harness, startHarness, textMessage } from "./helpers.js";

const KEY = "vllm-7f3a9c2e/5b1d+k=";
const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";
const FOLLOW_UP = "那它的总经理是谁？";

/** The follow-up prompt carries the earlier turns as 问：…; the query rewrite prompt does not. */
const isFollowUp = (req: RecordedRequest) => JSON.stringify(req.body.messages).includes("问：");

describe("a server that echoes its API key", () => {
  let fake: FakeOpenAi;
  let h: Harness;
  let root: string | undefined;

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    fake.chat.handle((req) => {
      // The streamed answer: a cited sentence, then the key in every form.
      if (req.body.stream) return { echoKey: "chat", before: "清远高新区综合排名第96名[1]。" };
      // How the follow-up was understood, which the reader is shown, with the key on the same line.
      if (isFollowUp(req)) return { echoKey: "chat", before: "清远高新区的总经理是谁？" };
      return { echoKey: "error", status: 400 };
    });
    const env = { ANSWERER: "openai", OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseURL };
    const qa = await seedQaService(env);
    root = dirname(qa.dirs.corpusDir);
    h = await startHarness(qa, { env: { ...env, STREAM_EDIT_INTERVAL_MS: "250" } });

    // The first answer carries its source list: an edit of the streamed draft, or a message of its
    // own when the answer was complete before the first draft went out.
    let after = h.api.calls.length;
    h.api.pushUpdate(textMessage(QUESTION, { from: ALICE }));
    const answered = (c: ApiCall) =>
      c.params.chat_id === ALICE.id && String(c.params.text).includes("<b>来源</b>");
    await Promise.any(
      ["editMessageText", "sendMessage"].map((m) => h.api.waitFor(m, answered, { after, timeoutMs: 20_000 })),
    );
    after = h.api.calls.length;
    h.api.pushUpdate(textMessage(FOLLOW_UP, { from: ALICE }));
    // Its answer opens with how the question was understood (only the final text carries that).
    const understood = (c: ApiCall) => String(c.params.text).includes("理解为");
    await Promise.any(
      ["editMessageText", "sendMessage"].map((m) =>
        h.api.waitFor(m, understood, { after, timeoutMs: 20_000 }),
      ),
    );
    // Stopping waits for the updates in hand, so every call the bot makes is recorded.
    await h.stop();
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("the LLM was asked and echoed: the answers and the understood question say [redacted]", () => {
    expect(fake.requestsTo("/v1/chat/completions").some(isFollowUp)).toBe(true);
    const texts = h.api.calls.map((c) => String(c.params.text ?? ""));
    expect(texts.some((t) => t.includes("（理解为：清远高新区的总经理是谁？key [redacted]"))).toBe(true);
    expect(texts.some((t) => t.includes("key [redacted] base64 [redacted]"))).toBe(true);
  });

  it("no form of the key is in anything the bot sent to Telegram", () => {
    const sent = h.api.calls.map((c) => JSON.stringify(c.params)).join("\n");
    for (const form of keyForms(KEY)) expect(sent).not.toContain(form);
  });
});
