import { beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAi, useFakeOpenAi } from "../support/fake-openai.js";
import { seedQaService } from "../support/seed-index.js";

const useFake = useFakeOpenAi();
let fake: FakeOpenAi;
beforeEach(() => {
  fake = useFake();
});

/** The system prompt tells a rewrite request from an answer request. */
const isRewrite = (body: { messages: { role: string; content: string }[] }) =>
  body.messages.some((m) => m.role === "system" && /search quer/i.test(m.content));

describe("the whole pipeline with an LLM configured (OpenAI-compatible stand-in over HTTP)", () => {
  it("translates an English question before retrieval, answers from the passages and keeps a supported citation", async () => {
    const qa = await seedQaService({
      ANSWERER: "openai",
      OPENAI_BASE_URL: fake.baseURL,
      LLM_MODEL: "test-model",
    });
    fake.chat.handle((req) =>
      isRewrite(req.body)
        ? { chat: JSON.stringify({ queries: ["中关村软件园 总经理"] }) }
        : { chat: "The general manager of Zhongguancun Software Park is 张金辉 (Zhang Jinhui)[1]." },
    );
    const a = await qa.ask("Who is the general manager of Zhongguancun Software Park?");
    expect(a.answerer).toBe("openai");
    expect(a.abstained).toBe(false);
    expect(a.answer).toContain("张金辉");
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]!.text).toContain("中关村软件园总经理张金辉");
    // Retrieval used the rewritten Chinese query, so the evidence was passed to the model first.
    const answerRequest = fake.requestsTo("/v1/chat/completions").find((r) => !isRewrite(r.body))!;
    expect(JSON.stringify(answerRequest.body)).toContain("中关村软件园总经理张金辉");
  });

  it("falls back to the extractive answer when the endpoint fails, and still answers", async () => {
    const qa = await seedQaService({
      ANSWERER: "openai",
      OPENAI_BASE_URL: fake.baseURL,
      LLM_TIMEOUT_MS: "2000",
      REWRITE_TIMEOUT_MS: "1000",
    });
    fake.chat.handle(() => ({ error: 503, message: "overloaded" }));
    const a = await qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？");
    expect(a.answerer).toBe("extractive (fallback)");
    expect(a.answer).toContain("96");
    expect(a.citations[0]!.text).toContain("综合排名第96名");
  });

  it("drops a citation whose passage does not support the claim", async () => {
    const qa = await seedQaService({
      ANSWERER: "openai",
      OPENAI_BASE_URL: fake.baseURL,
      QUERY_REWRITE: "off",
    });
    fake.chat.handle(() => ({ chat: "清远高新区综合排名第69名[1]。" }));
    const a = await qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？");
    expect(a.citations).toEqual([]);
    expect(a.abstained).toBe(true);
  });

  it("streams the answer's text as it arrives, then returns the final cited answer", async () => {
    const qa = await seedQaService({
      ANSWERER: "openai",
      OPENAI_BASE_URL: fake.baseURL,
      QUERY_REWRITE: "off",
    });
    fake.chat.handle(() => ({ chat: "根据2020年度国家高新区评价结果，清远高新区综合排名第96名[1]。" }));
    const seen: string[] = [];
    const a = await qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？", {
      onToken: (t) => seen.push(t),
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toContain("第96名");
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.startsWith(seen[i - 1]!.replace(/\[\d*$/, ""))).toBe(true);
    expect(a.answer).toContain("第96名[1]");
    expect(a.citations[0]!.text).toContain("综合排名第96名");
  });
});
