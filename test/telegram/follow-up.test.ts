/**
 * Follow-up questions: "那它的总经理是谁？" after a question about a company asks about that
 * company. The chat's last turns complete the question before retrieval (offline by carrying the
 * name over, or by an LLM when one is configured); /new forgets them.
 */
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createOpenAiClient } from "../../src/openai-client.js";
import { createMemorySessions, type Turn } from "../../src/state/sessions.js";
import { createLlmFollowUp, createOfflineFollowUp, parseQuestion } from "../../src/telegram/follow-up.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import type { QaService } from "../../src/types.js";
import { type FakeOpenAi, startFakeOpenAi } from "../support/fake-openai.js";
import { seedQaService } from "../support/seed-index.js";
import { ALICE, BOB, GROUP, type Harness, mentionEntity, startHarness, textMessage } from "./helpers.js";

const COMPANY_Q = "广东师大维智信息科技有限公司是由谁创办的？";
const COMPANY_EN = "Who founded Guangdong Shida Weizhi Information Technology Co., Ltd.?";
const ZONE_Q = "嘉兴秀洲高新区高新技术产业投资同比增长多少？";
/** A reader of her own, so the end-to-end cases below start from an empty history. */
const CAROL = { id: 1003, is_bot: false, first_name: "Carol", language_code: "zh-hans" };
const turn = (question: string, at = 0): Turn => ({ question, resolved: question, answer: "", at });

describe("completing a follow-up offline", () => {
  const offline = createOfflineFollowUp(createTokenizer());

  it.each([
    [COMPANY_Q, "那它的总经理是谁？", "广东师大维智信息科技有限公司的总经理是谁？"],
    [COMPANY_Q, "其总经理是谁？", "广东师大维智信息科技有限公司总经理是谁？"],
    [COMPANY_Q, "总经理是谁？", "广东师大维智信息科技有限公司的总经理是谁？"],
    [COMPANY_Q, "那总经理呢？", "广东师大维智信息科技有限公司的总经理呢？"],
    [
      "广东嘉博制药有限公司获得了什么荣誉？",
      "该公司的营收增长率是多少？",
      "广东嘉博制药有限公司的营收增长率是多少？",
    ],
    ["邱建华主导研发什么药物？", "她是哪一年回国的？", "邱建华是哪一年回国的？"],
  ])("after %s, reads %s as %s", async (before, asked, expected) => {
    expect(await offline.resolve(asked, [turn(before)])).toBe(expected);
  });

  it.each([
    ["a question that names its own subject", "清远高新区综合排名第几？"],
    ["a longer question with no pronoun", "2020年度考核评价当中新增高企多少家？"],
    ["a question about the others", "其他企业呢？"],
    ["words that only contain 其", "其中有多少家企业？"],
    ["a statement that is not a question", "这个问题会让服务出错"],
  ])("leaves %s as asked", async (_what, asked) => {
    expect(await offline.resolve(asked, [turn(COMPANY_Q)])).toBe(asked);
  });

  it.each([
    ["a place of its own (F6)", "海淀区委书记是谁？"],
    ["a person of its own, even one starting with 于", "于军是谁？"],
    ["a place jieba knows", "北京的GDP是多少？"],
    ["其 pointing back to a name the question gives", "清远高新区及其企业有多少家？"],
    ["an English question naming its own subject", "Who is the general manager of Huawei?"],
  ])("after another zone's question, leaves %s as asked", async (_what, asked) => {
    expect(await offline.resolve(asked, [turn(ZONE_Q)])).toBe(asked);
    expect(offline.read(asked)).toBe("standalone");
  });

  it.each([
    [ZONE_Q, "营收呢？", "嘉兴秀洲高新区营收呢？"],
    [ZONE_Q, "排名第几？", "嘉兴秀洲高新区排名第几？"],
    [ZONE_Q, "那它排名第几？谢谢", "嘉兴秀洲高新区排名第几？"],
    [COMPANY_Q, "这家企业的总经理是谁？", "广东师大维智信息科技有限公司的总经理是谁？"],
    [ZONE_Q, "What about revenue?", "What about revenue of 嘉兴秀洲高新区?"],
    [ZONE_Q, "What is its ranking?", "What is 嘉兴秀洲高新区's ranking?"],
    [
      COMPANY_EN,
      "Who is its general manager?",
      "Who is Guangdong Shida Weizhi Information Technology Co., Ltd.'s general manager?",
    ],
    [
      COMPANY_EN,
      "When was it founded?",
      "When was Guangdong Shida Weizhi Information Technology Co., Ltd. founded?",
    ],
    [
      COMPANY_EN,
      "Who is the general manager?",
      "Who is the general manager of Guangdong Shida Weizhi Information Technology Co., Ltd.?",
    ],
  ])("after %s, still completes the follow-up %s as %s", async (before, asked, expected) => {
    expect(await offline.resolve(asked, [turn(before)])).toBe(expected);
  });

  it("does not put a place where a person is meant", async () => {
    // 他 is the secretary, whose name the chat has not given; 海淀 would be wrong.
    expect(await offline.resolve("他是哪年上任的？", [turn("海淀区委书记是谁？")])).toBe("他是哪年上任的？");
  });

  it("leaves a question alone when there is no history, or the history names nothing", async () => {
    expect(await offline.resolve("那它的总经理是谁？", [])).toBe("那它的总经理是谁？");
    expect(await offline.resolve("那它的总经理是谁？", [turn("你好")])).toBe("那它的总经理是谁？");
  });

  it("carries a name through a chain of follow-ups", async () => {
    const first = turn(COMPANY_Q);
    const second = { ...turn("那它的总经理是谁？"), resolved: "广东师大维智信息科技有限公司的总经理是谁？" };
    expect(await offline.resolve("它依托什么成果？", [first, second])).toBe(
      "广东师大维智信息科技有限公司依托什么成果？",
    );
  });
});

describe("chat sessions", () => {
  it("keep the last turns per chat, forget them after the idle time, and on /new", async () => {
    let now = 0;
    const sessions = createMemorySessions({ maxTurns: 2, ttlMs: 1_000, now: () => now });
    for (const q of ["一", "二", "三"]) await sessions.record(1, turn(q, now));
    await sessions.record(2, turn("别的聊天", now));
    expect((await sessions.history(1)).map((t) => t.question)).toEqual(["二", "三"]);
    expect((await sessions.history(2)).map((t) => t.question)).toEqual(["别的聊天"]);
    await sessions.forget(1);
    expect(await sessions.history(1)).toEqual([]);
    now = 1_000;
    expect(await sessions.history(2)).toEqual([]);
  });

  it("drop the least recently active chat beyond the chat limit", async () => {
    const sessions = createMemorySessions({ maxTurns: 3, ttlMs: 60_000, maxChats: 2, now: () => 0 });
    await sessions.record(1, turn("a"));
    await sessions.record(2, turn("b"));
    await sessions.record(1, turn("c"));
    await sessions.record(3, turn("d"));
    expect(await sessions.history(2)).toEqual([]);
    expect(await sessions.history(1)).toHaveLength(2);
    expect(await sessions.history(3)).toHaveLength(1);
  });

  it("remember nothing with 0 turns (follow-ups off)", async () => {
    const sessions = createMemorySessions({ maxTurns: 0, ttlMs: 60_000 });
    await sessions.record(1, turn("a"));
    expect(await sessions.history(1)).toEqual([]);
  });
});

describe("completing a follow-up with an LLM", () => {
  let llm: FakeOpenAi;
  const offline = createOfflineFollowUp(createTokenizer());
  const resolver = () =>
    createLlmFollowUp({
      client: createOpenAiClient({ baseURL: llm.baseURL, timeoutMs: 2_000, maxRetries: 0 }),
      model: "rewriter",
      timeoutMs: 2_000,
      fallback: offline,
      logger: createLogger("silent"),
    });
  beforeAll(async () => {
    llm = await startFakeOpenAi();
  });
  afterAll(() => llm.close());

  it("sends the last turns and uses the model's rewrite", async () => {
    llm.reset();
    llm.chat.reply({ chat: "改写后的问题：“广东师大维智信息科技有限公司的总经理是谁？”" });
    const history = [
      { ...turn(COMPANY_Q), answer: "由华南师范大学（清远）科技创新研究院第二批项目团队创办[1]。" },
    ];
    const out = await resolver().resolve("那它的总经理是谁？", history);
    expect(out).toBe("广东师大维智信息科技有限公司的总经理是谁？");
    const sent = JSON.stringify(llm.requestsTo("/v1/chat/completions")[0]!.body.messages);
    expect(sent).toContain(COMPANY_Q);
    expect(sent).toContain("第二批项目团队创办");
    expect(sent).toContain("那它的总经理是谁？");
  });

  it("falls back to the offline rewrite when the model fails", async () => {
    llm.reset();
    llm.chat.reply({ error: 500 });
    expect(await resolver().resolve("那它的总经理是谁？", [turn(COMPANY_Q)])).toBe(
      "广东师大维智信息科技有限公司的总经理是谁？",
    );
  });

  it("does not call the model without history", async () => {
    llm.reset();
    expect(await resolver().resolve(COMPANY_Q, [])).toBe(COMPANY_Q);
    expect(llm.requests).toHaveLength(0);
  });

  it("reads the question out of a chatty reply, and refuses a rambling one", () => {
    expect(parseQuestion("<think>嗯</think>\n\n问题：它在哪？\n", "在哪？")).toBe("它在哪？");
    expect(parseQuestion("长".repeat(500), "短问题？")).toBeUndefined();
    expect(parseQuestion("  \n", "短问题？")).toBeUndefined();
  });
});

describe("follow-ups in chats, end to end", () => {
  let root: string | undefined;
  let h: Harness;
  const asked: string[] = [];

  beforeAll(async () => {
    const seeded = await seedQaService();
    root = dirname(seeded.dirs.corpusDir);
    const qa: QaService = {
      ask: (q, o) => {
        asked.push(q);
        return seeded.ask(q, o);
      },
      chunk: (id) => seeded.chunk(id),
      status: () => seeded.status(),
    };
    h = await startHarness(qa);
  });
  afterAll(async () => {
    await h?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function ask(text: string, from = ALICE, chat?: typeof GROUP) {
    const after = h.api.calls.length;
    const entities = chat ? mentionEntity(text, h.api.botInfo.username) : undefined;
    h.api.pushUpdate(textMessage(text, { from, chat, entities }));
    const chatId = chat?.id ?? from.id;
    const reply = await h.api.waitFor("sendMessage", (c) => c.params.chat_id === chatId, { after });
    return String(reply.params.text);
  }

  it("answers 那它的总经理是谁？ about the company asked about just before, saying how it read it", async () => {
    await ask(COMPANY_Q);
    const text = await ask("那它的总经理是谁？");
    expect(asked.at(-1)).toBe("广东师大维智信息科技有限公司的总经理是谁？");
    expect(text).toMatch(/^<i>（理解为：广东师大维智信息科技有限公司的总经理是谁？）<\/i>/);
    expect(text).toContain("李卫红");
  });

  it("answers a question that names its own place as asked, not as a follow-up (F6)", async () => {
    await ask(ZONE_Q, CAROL);
    const text = await ask("海淀区委书记是谁？", CAROL);
    expect(asked.at(-1)).toBe("海淀区委书记是谁？");
    expect(text).toContain("于军");
    expect(text).not.toContain("理解为");
  });

  it("keeps each chat's history apart", async () => {
    await ask("那它的总经理是谁？", BOB);
    expect(asked.at(-1)).toBe("那它的总经理是谁？");
  });

  it("forgets the history on /new", async () => {
    await ask(COMPANY_Q);
    const reply = await ask("/new");
    expect(reply).toContain("已忘记之前的对话");
    await ask("那它的总经理是谁？");
    expect(asked.at(-1)).toBe("那它的总经理是谁？");
  });

  it("follows up in a group, where the chat (not the person) holds the history", async () => {
    const at = `@${h.api.botInfo.username}`;
    await ask(`${at} ${COMPANY_Q}`, ALICE, GROUP);
    await ask(`${at} 那它的总经理是谁？`, BOB, GROUP);
    expect(asked.at(-1)).toBe("广东师大维智信息科技有限公司的总经理是谁？");
  });
});
