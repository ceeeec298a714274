import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { PromptTemplateError } from "../../src/answer/prompts.js";
import {
  createLlmQueryRewriter,
  type LlmQueryRewriterOptions,
  loadRewritePrompts,
  parseRewriteReply,
} from "../../src/answer/query-rewriter.js";
import { createOpenAiClient } from "../../src/openai-client.js";
import { type FakeOpenAi, keyForms, useFakeOpenAi } from "../support/fake-openai.js";
import { memoryLogger } from "../support/memory-logger.js";

const KEY = "sk-test-REWRITE-0123456789abcdef";
const ENGLISH = "Who is the general manager of Zhongguancun Software Park?";
const PARAPHRASE = "研发治疗胃部细菌感染药物的是谁？";

const useFake = useFakeOpenAi();
let fake: FakeOpenAi;
beforeEach(() => {
  fake = useFake();
});

async function setup(overrides: Partial<LlmQueryRewriterOptions> = {}) {
  const log = memoryLogger();
  const rewriter = createLlmQueryRewriter({
    client: createOpenAiClient({ baseURL: fake.baseURL, apiKey: KEY, timeoutMs: 5_000 }),
    model: "qwen-rewrite",
    timeoutMs: 3_000,
    prompts: await loadRewritePrompts(),
    logger: log.logger,
    ...overrides,
  });
  return { rewriter, log };
}

describe("LLM query rewriter over an OpenAI-compatible endpoint", () => {
  it("turns an English question into the Chinese queries the model gives, and sends the question in the prompt", async () => {
    const { rewriter } = await setup();
    fake.chat.reply({ chat: '{"queries": ["中关村软件园 总经理", "中关村软件园 负责人"]}' });

    const rewrite = await rewriter.rewrite(ENGLISH);

    expect(rewrite).toEqual({ queries: ["中关村软件园 总经理", "中关村软件园 负责人"] });
    const [req] = fake.requestsTo("/v1/chat/completions");
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body.model).toBe("qwen-rewrite");
    expect(req!.body.temperature).toBe(0);
    const [system, user] = req!.body.messages as { role: string; content: string }[];
    expect(system!.content).toContain('{"queries":');
    expect(system!.content).toContain("幽门螺旋杆菌");
    expect(user!.content).toContain(`Question: ${ENGLISH}`);
    expect(user!.content).toContain("one to 3 Chinese search queries");
  });

  it("searches for a Chinese paraphrase as asked too, before the model's news-style queries", async () => {
    const { rewriter } = await setup();
    fake.chat.reply({ chat: '```json\n{"queries": ["幽门螺旋杆菌 药物 研发", "幽门螺杆菌 新药"]}\n```' });

    const rewrite = await rewriter.rewrite(PARAPHRASE);

    expect(rewrite).toEqual({ queries: [PARAPHRASE, "幽门螺旋杆菌 药物 研发", "幽门螺杆菌 新药"] });
  });

  it("gives the extractive answerer a Chinese rendering of an English question when asked to", async () => {
    const { rewriter } = await setup({ translateForAnswerer: true });
    fake.chat.reply({ chat: '{"queries": ["中关村软件园 总经理"]}' });

    expect(await rewriter.rewrite(ENGLISH)).toEqual({
      queries: ["中关村软件园 总经理"],
      answerAs: "中关村软件园 总经理",
    });
  });

  it("keeps at most the configured number of queries", async () => {
    const { rewriter } = await setup({ maxQueries: 2 });
    fake.chat.reply({ chat: '{"queries": ["清远高新区 排名", "清远高新区 评价", "清远 高新区 名次"]}' });

    expect(await rewriter.rewrite("What rank did Qingyuan get?")).toEqual({
      queries: ["清远高新区 排名", "清远高新区 评价"],
    });
  });

  it("returns nothing, and logs why, when the reply holds no queries", async () => {
    const { rewriter, log } = await setup();
    fake.chat.reply(
      { chat: "Sorry, I can only answer questions about the weather." },
      { chat: '{"queries": []}' },
    );

    expect(await rewriter.rewrite(ENGLISH)).toBeUndefined();
    expect(await rewriter.rewrite(ENGLISH)).toBeUndefined();
    const warnings = log.records().filter((r) => r.level === 40);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.msg).toContain("searching for the question as asked");
  });

  it("logs a reply that echoes the key without any part of the key, even where the log cuts it short", async () => {
    const { rewriter, log } = await setup();
    // The log keeps the reply's first 200 characters: the raw key straddles that cut.
    fake.chat.reply({ echoKey: "chat", before: `${"x".repeat(186)} ` });

    expect(await rewriter.rewrite(ENGLISH)).toBeUndefined();

    const logged = log.lines.join("");
    expect(logged).toContain("held no Chinese queries");
    for (const form of keyForms(KEY)) expect(logged).not.toContain(form);
    expect(logged).not.toContain(KEY.slice(0, 6));
  });

  it("returns nothing when the endpoint fails, without retrying into the budget", async () => {
    const { rewriter, log } = await setup();
    fake.chat.handle(() => ({ error: 500, message: "overloaded" }));

    expect(await rewriter.rewrite(PARAPHRASE)).toBeUndefined();
    expect(fake.requestsTo("/v1/chat/completions")).toHaveLength(1);
    expect(log.records().find((r) => r.level === 40)).toMatchObject({ reason: "HTTP 500" });
    expect(log.lines.join("")).not.toContain(KEY);
  });

  it("returns nothing within its budget when the endpoint does not answer", async () => {
    const { rewriter, log } = await setup({ timeoutMs: 300 });
    fake.chat.handle(() => ({ hang: true }));

    const started = Date.now();
    const rewrite = await rewriter.rewrite(ENGLISH);

    expect(rewrite).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(log.records().find((r) => r.level === 40)).toMatchObject({ reason: "timeout after 300 ms" });
  });

  it("rethrows the caller's abort rather than pretending the rewrite failed", async () => {
    const { rewriter } = await setup();
    fake.chat.handle(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 100);

    await expect(rewriter.rewrite(ENGLISH, { signal: controller.signal })).rejects.toThrow("user left");
  });
});

describe("reading queries out of a model's reply", () => {
  it("reads JSON however it is wrapped", () => {
    expect(parseRewriteReply('Here you go:\n{"queries": ["清远高新区 排名"]}\nHope it helps.')).toEqual([
      "清远高新区 排名",
    ]);
    expect(parseRewriteReply('["清远高新区 排名", "清远 评价"]')).toEqual(["清远高新区 排名", "清远 评价"]);
    expect(parseRewriteReply('{"query": "清远高新区 排名"}')).toEqual(["清远高新区 排名"]);
    expect(
      parseRewriteReply('<think>the user wants {"queries"}</think>{"queries": ["清远高新区 排名"]}'),
    ).toEqual(["清远高新区 排名"]);
  });

  it("reads a reply cut off in the middle of the JSON", () => {
    expect(parseRewriteReply('{"queries": ["中关村软件园 总经理", "中关村软件园 负')).toEqual([
      "中关村软件园 总经理",
    ]);
  });

  it("reads plain lines with bullets or numbers, skipping chatter and duplicates", () => {
    expect(
      parseRewriteReply("Queries:\n1. 中关村软件园 总经理\n2、中关村软件园 负责人\n- 中关村软件园 总经理\n"),
    ).toEqual(["中关村软件园 总经理", "中关村软件园 负责人"]);
  });

  it("finds nothing in a reply without Chinese queries", () => {
    expect(parseRewriteReply("I cannot help with that.")).toEqual([]);
    expect(parseRewriteReply('{"queries": [')).toEqual([]);
  });
});

describe("rewrite prompt templates", () => {
  it("rejects a user template without the question placeholder, naming the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prompts-"));
    try {
      await writeFile(join(dir, "rewrite.system.md"), "Write search queries.");
      await writeFile(join(dir, "rewrite.user.md"), "Give {{max}} queries.");
      const err = await loadRewritePrompts(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PromptTemplateError);
      expect((err as Error).message).toContain(join(dir, "rewrite.user.md"));
      expect((err as Error).message).toContain("needs {{question}}");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
