import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createLlmAnswerer,
  FALLBACK_ANSWERER,
  type LlmAnswererOptions,
} from "../../src/answer/llm-answerer.js";
import { loadAnswerPrompts, PromptTemplateError } from "../../src/answer/prompts.js";
import { createOpenAiClient } from "../../src/openai-client.js";
import type { AnswerDraft, Answerer, Passage } from "../../src/types.js";
import { type FakeOpenAi, keyForms, useFakeOpenAi } from "../support/fake-openai.js";
import { memoryLogger } from "../support/memory-logger.js";

const KEY = "sk-test-SECRET-0123456789abcdef";
const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";
/** The sentence of passage 2 that holds the ranking: what the checked citation quotes. */
const RANKING_SENTENCE = "在2020年度国家高新区评价中，清远高新区综合排名第96名，较上年提升5位。";

function passage(rank: number, fields: Partial<Passage>): Passage {
  return {
    id: `c${rank}`,
    title: "",
    source: `科技日报/2021-04-26/5.txt`,
    article: rank,
    seq: 0,
    text: "",
    rank,
    score: 1 / rank,
    ...fields,
  };
}

const PASSAGES: Passage[] = [
  passage(1, {
    title: "秀洲高新区：打造长三角科创高地",
    paper: "科技日报",
    date: "2021-04-26",
    page: "5",
    text: "秀洲高新区在2020年度评价中排名上升12位。",
  }),
  passage(2, {
    title: "清远高新区加快创新发展",
    paper: "科技日报",
    date: "2021-04-26",
    page: "5",
    text: "在2020年度国家高新区评价中，清远高新区综合排名第96名，较上年提升5位。",
  }),
  // A page of unknown origin: no paper, date, page or title.
  passage(3, { source: "misc/page.txt", text: "中关村软件园总经理为某某。" }),
];

/** The edge stand-in for the extractive answerer: records calls and returns a fixed draft. */
function fakeFallback() {
  const calls: { question: string; passages: Passage[] }[] = [];
  const draft: AnswerDraft = {
    text: "在2020年度国家高新区评价中，清远高新区综合排名第96名[2]。",
    abstained: false,
    cited: [2],
    answerer: "extractive",
  };
  const answerer: Answerer = {
    id: "extractive",
    async answer(question, passages) {
      calls.push({ question, passages });
      return draft;
    },
  };
  return { answerer, calls, draft };
}

const useFake = useFakeOpenAi();
let fake: FakeOpenAi;
beforeEach(() => {
  fake = useFake();
});

async function setup(overrides: Partial<LlmAnswererOptions> = {}) {
  const fallback = fakeFallback();
  const log = memoryLogger();
  const answerer = createLlmAnswerer({
    client: createOpenAiClient({ baseURL: fake.baseURL, apiKey: KEY, timeoutMs: 5_000 }),
    model: "qwen-test",
    temperature: 0,
    timeoutMs: 5_000,
    prompts: await loadAnswerPrompts(),
    fallback: fallback.answerer,
    logger: log.logger,
    ...overrides,
  });
  return { answerer, fallback, log };
}

describe("LLM answerer over an OpenAI-compatible endpoint", () => {
  it("answers with the valid citation and removes one that points to no passage", async () => {
    const { answerer, fallback, log } = await setup();
    fake.chat.reply({ chat: "清远高新区在2020年度国家高新区评价中综合排名第96名[2]，较上年提升5位[9]。" });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft).toEqual({
      text: "清远高新区在2020年度国家高新区评价中综合排名第96名[2]，较上年提升5位。",
      abstained: false,
      cited: [2],
      quotes: { 2: RANKING_SENTENCE },
      answerer: "openai",
    });
    expect(answerer.id).toBe("openai");
    expect(fallback.calls).toHaveLength(0);
    expect(log.records().some((r) => r.msg === "removed dangling citation markers")).toBe(true);
  });

  it("sends the question and the numbered passages with their paper, date and page, to the configured model", async () => {
    const { answerer } = await setup({ temperature: 0.2 });
    fake.chat.reply({ chat: "第96名[2]。" });

    await answerer.answer(QUESTION, PASSAGES);

    const [req] = fake.requestsTo("/v1/chat/completions");
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body.model).toBe("qwen-test");
    expect(req!.body.temperature).toBe(0.2);
    expect(req!.body.stream).toBeFalsy();
    const [system, user] = req!.body.messages as { role: string; content: string }[];
    expect(system!.role).toBe("system");
    expect(system!.content).toContain("Answer only from the numbered passages");
    expect(system!.content).toContain("没有在语料中找到");
    expect(user!.role).toBe("user");
    expect(user!.content).toContain(QUESTION);
    expect(user!.content).toContain(
      "[1] 《秀洲高新区：打造长三角科创高地》 (科技日报, 2021-04-26, page 5)\n秀洲高新区在2020年度评价中排名上升12位。",
    );
    expect(user!.content).toContain("[2] 《清远高新区加快创新发展》 (科技日报, 2021-04-26, page 5)\n");
    expect(user!.content).toContain("[3]\n中关村软件园总经理为某某。");
    expect(user!.content).toContain("Answer in Chinese");
    expect(user!.content).not.toContain("undefined");
    expect(user!.content).not.toMatch(/\{\{\w+\}\}/);
  });

  it("asks for an English answer to an English question", async () => {
    const { answerer } = await setup();
    fake.chat.reply({ chat: "The general manager is 某某 [3]." });

    const draft = await answerer.answer(
      "Who is the general manager of Zhongguancun Software Park?",
      PASSAGES,
    );

    expect(draft).toMatchObject({ abstained: false, cited: [3], answerer: "openai" });
    const user = fake.requestsTo("/v1/chat/completions")[0]!.body.messages[1].content as string;
    expect(user).toContain("English for an English question");
  });

  it("abstains when the model says the paper does not cover the question", async () => {
    const { answerer } = await setup();
    fake.chat.reply(
      { chat: "The paper does not say who founded the park." },
      { chat: "没有在语料中找到清远高新区2019年的排名。" },
    );

    const english = await answerer.answer("Who founded the park?", PASSAGES);
    const chinese = await answerer.answer("清远高新区2019年排名第几？", PASSAGES);

    expect(english).toMatchObject({ abstained: true, cited: [], answerer: "openai" });
    expect(english.text).toBe("The paper does not say who founded the park.");
    expect(chinese).toMatchObject({ abstained: true, cited: [], answerer: "openai" });
  });

  it("abstains when the only citation points to no passage", async () => {
    const { answerer } = await setup();
    fake.chat.reply({ chat: "排名第3名[7]。" });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft).toEqual({ text: "排名第3名。", abstained: true, cited: [], answerer: "openai" });
  });

  it("re-points a claim that cites the wrong passage to the one that says it, and quotes it", async () => {
    const { answerer, log } = await setup();
    fake.chat.reply({ chat: "清远高新区综合排名第96名[1]，较上年提升5位[1]。" });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft).toEqual({
      text: "清远高新区综合排名第96名[2]，较上年提升5位[2]。",
      abstained: false,
      cited: [2],
      quotes: { 2: RANKING_SENTENCE },
      answerer: "openai",
    });
    const note = log.records().find((r) => r.msg?.toString().startsWith("citations not supported"));
    expect(note?.fixed).toEqual([
      { claim: "清远高新区综合排名第96名", from: 1, to: 2, reason: "number 96 not in passage" },
      { claim: "较上年提升5位", from: 1, to: 2, reason: "number 5 not in passage" },
    ]);
  });

  it("drops the citation of a fabricated figure and keeps the supported claim", async () => {
    const { answerer } = await setup();
    fake.chat.reply({ chat: "清远高新区综合排名第96名[2]，较上年提升15位[2]。" });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft.text).toBe("清远高新区综合排名第96名[2]，较上年提升15位。");
    expect(draft).toMatchObject({ abstained: false, cited: [2] });
  });

  it("abstains, in the question's language, when no claim is supported by the passage it cites", async () => {
    const { answerer, fallback } = await setup();
    fake.chat.reply(
      { chat: "清远高新区综合排名第3名[2]，总经理为王五[3]。" },
      { chat: "Qingyuan ranked 3rd [2]; its general manager is 王五 [3]." },
    );

    const chinese = await answerer.answer(QUESTION, PASSAGES);
    const english = await answerer.answer("What was Qingyuan's ranking?", PASSAGES);

    expect(chinese).toEqual({
      text: "没有在语料中找到能回答这个问题的内容。",
      abstained: true,
      cited: [],
      answerer: "openai",
    });
    expect(english).toMatchObject({ abstained: true, cited: [], answerer: "openai" });
    expect(english.text).toMatch(/^The paper doesn't say/);
    expect(fallback.calls).toHaveLength(0);
  });

  it("ignores a local reasoning model's <think> block", async () => {
    const { answerer } = await setup();
    fake.chat.reply({ chat: "<think>passage [2] has it, not [5]</think>\n综合排名第96名[2]。" });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft.text).toBe("综合排名第96名[2]。");
    expect(draft.cited).toEqual([2]);
  });

  it("retries once after a 500 and then answers", async () => {
    const { answerer, fallback } = await setup();
    fake.chat.reply({ error: 500 }, { chat: "第96名[2]。" });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft.answerer).toBe("openai");
    expect(fake.requestsTo("/v1/chat/completions")).toHaveLength(2);
    expect(fallback.calls).toHaveLength(0);
  });

  it("falls back to the extractive answer when the endpoint keeps failing with 500", async () => {
    const { answerer, fallback, log } = await setup();
    fake.chat.handle(() => ({ error: 500, message: "model overloaded" }));

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft).toEqual({ ...fallback.draft, answerer: FALLBACK_ANSWERER });
    expect(draft.answerer).toBe("extractive (fallback)");
    expect(fallback.calls).toEqual([{ question: QUESTION, passages: PASSAGES }]);
    const warning = log.records().find((r) => r.level === 40);
    expect(warning).toMatchObject({ reason: "HTTP 500", model: "qwen-test" });
  });

  it("falls back when the endpoint does not answer within the timeout", async () => {
    const { answerer, fallback, log } = await setup({ timeoutMs: 400 });
    fake.chat.handle(() => ({ hang: true }));

    const started = Date.now();
    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(draft).toEqual({ ...fallback.draft, answerer: FALLBACK_ANSWERER });
    expect(log.records().find((r) => r.level === 40)).toMatchObject({ reason: "timeout after 400 ms" });
  });

  it("falls back on an empty reply", async () => {
    const { answerer, fallback, log } = await setup();
    fake.chat.reply({ chat: "   " });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft.answerer).toBe(FALLBACK_ANSWERER);
    expect(fallback.calls).toHaveLength(1);
    expect(log.records().find((r) => r.level === 40)).toMatchObject({ reason: "empty reply" });
  });

  it("never logs the API key, even when the endpoint echoes it back", async () => {
    const { answerer, log } = await setup();
    fake.chat.reply({
      error: 401,
      message: `Incorrect API key provided: ${KEY}. Find yours at example.com.`,
    });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft.answerer).toBe(FALLBACK_ANSWERER);
    const logged = log.lines.join("");
    expect(logged).toContain("HTTP 401");
    expect(logged).not.toContain(KEY);
    expect(logged).not.toContain("SECRET");
  });

  it("never logs the API key when the endpoint quotes it base64-encoded or URL-encoded", async () => {
    const { answerer, log } = await setup();
    fake.chat.reply({ echoKey: "error", status: 401 });

    const draft = await answerer.answer(QUESTION, PASSAGES);

    expect(draft.answerer).toBe(FALLBACK_ANSWERER);
    const logged = log.lines.join("");
    expect(logged).toContain("HTTP 401");
    expect(logged).toContain("invalid credentials for");
    for (const form of keyForms(KEY)) expect(logged).not.toContain(form);
  });

  it("keeps a key the model echoes out of the answer and out of every streamed text, even half-written", async () => {
    const { answerer } = await setup();
    const cited = "清远高新区综合排名第96名[2]。";
    fake.chat.reply({ echoKey: "chat", before: `${cited}\n` }, { echoKey: "chat", before: `${cited}\n` });
    const seen: string[] = [];

    const streamed = await answerer.answer(QUESTION, PASSAGES, { onToken: (t) => seen.push(t) });
    const whole = await answerer.answer(QUESTION, PASSAGES);

    expect(seen.length).toBeGreaterThan(10);
    for (const text of [...seen, streamed.text, whole.text]) {
      for (const form of keyForms(KEY)) expect(text).not.toContain(form);
      // Not even the key's first characters while the rest is still on its way.
      expect(text).not.toContain(KEY.slice(0, 6));
    }
    for (const draft of [streamed, whole]) {
      expect(draft.text).toContain(cited);
      expect(draft.text).toContain("key [redacted] base64 [redacted]");
    }
  });

  it("rethrows the caller's abort instead of answering with the fallback", async () => {
    const { answerer, fallback } = await setup();
    fake.chat.handle(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 100);

    await expect(answerer.answer(QUESTION, PASSAGES, { signal: controller.signal })).rejects.toThrow(
      "user left",
    );
    expect(fallback.calls).toHaveLength(0);
  });

  it("streams growing text without dangling or half-written markers, and returns the same draft", async () => {
    const { answerer } = await setup();
    const reply = "清远高新区综合排名第96名[2]，较上年提升5位[9]。";
    fake.chat.reply({ chat: reply });
    const seen: string[] = [];

    const draft = await answerer.answer(QUESTION, PASSAGES, { onToken: (t) => seen.push(t) });

    expect(fake.requestsTo("/v1/chat/completions")[0]!.body.stream).toBe(true);
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.startsWith(seen[i - 1]!.replace(/\[\d+\]$/, ""))).toBe(true);
    for (const t of seen) expect(t).not.toMatch(/\[9|\[$|\[\d+$/);
    expect(seen.at(-1)).toBe("清远高新区综合排名第96名[2]，较上年提升5位。");
    expect(draft).toEqual({
      text: "清远高新区综合排名第96名[2]，较上年提升5位。",
      abstained: false,
      cited: [2],
      quotes: { 2: RANKING_SENTENCE },
      answerer: "openai",
    });
  });
});

describe("createOpenAiClient", () => {
  it("works against a local server configured with only a base URL", async () => {
    const client = createOpenAiClient({ baseURL: fake.baseURL, timeoutMs: 5_000 });
    fake.chat.reply({ chat: "ok" });

    const completion = await client.chat.completions.create({
      model: "llama3",
      messages: [{ role: "user", content: "hi" }],
    });

    expect(completion.choices[0]!.message.content).toBe("ok");
    const auth = fake.requestsTo("/v1/chat/completions")[0]!.headers.authorization;
    expect(auth).toMatch(/^Bearer \S+$/);
    expect(auth).not.toContain("undefined");
  });

  it("refuses to build a client with neither key nor base URL", () => {
    expect(() => createOpenAiClient({ timeoutMs: 1_000 })).toThrow(/apiKey or a baseURL/);
  });
});

describe("answer prompt templates", () => {
  it("fails with an error naming the missing template file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prompts-"));
    try {
      await writeFile(join(dir, "answer.system.md"), "Answer from the passages.");
      const err = await loadAnswerPrompts(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PromptTemplateError);
      expect((err as Error).message).toContain(join(dir, "answer.user.md"));
      expect((err as Error).message).toContain("missing");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects a user template without the passages placeholder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prompts-"));
    try {
      await writeFile(join(dir, "answer.system.md"), "Answer from the passages.");
      await writeFile(join(dir, "answer.user.md"), "Question: {{question}}");
      await expect(loadAnswerPrompts(dir)).rejects.toThrow(/answer\.user\.md: needs \{\{passages\}\}/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
