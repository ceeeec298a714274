import { beforeEach, describe, expect, it } from "vitest";
import { createRemoteReranker, type RemoteRerankOptions } from "../../src/retrieve/remote-rerank.js";
import { type FakeOpenAi, useFakeOpenAi } from "../support/fake-openai.js";
import { memoryLogger } from "../support/memory-logger.js";

const KEY = "jina-test-SECRET-0123456789";
const QUERY = "清远高新区 综合排名";
const DOCS = [
  "秀洲高新区在2020年度评价中排名上升12位。",
  "在2020年度国家高新区评价中，清远高新区综合排名第96名。",
  "中关村软件园总经理为某某。",
];

const useFake = useFakeOpenAi();
let fake: FakeOpenAi;
beforeEach(() => {
  fake = useFake();
});

function setup(overrides: Partial<RemoteRerankOptions> = {}) {
  const log = memoryLogger();
  const rerank = createRemoteReranker({
    baseURL: fake.baseURL,
    model: "bge-reranker-v2-m3",
    apiKey: KEY,
    timeoutMs: 3_000,
    logger: log.logger,
    ...overrides,
  });
  return { rerank, log };
}

describe("remote reranking through a /rerank endpoint", () => {
  it("sends the query and documents and returns one score per document in the order given", async () => {
    const { rerank } = setup();
    fake.rerank.reply({
      json: {
        model: "bge-reranker-v2-m3",
        results: [
          { index: 1, relevance_score: 0.97, document: { text: DOCS[1] } },
          { index: 0, relevance_score: 0.2 },
          { index: 2, relevance_score: 0.01 },
        ],
      },
    });

    const scores = await rerank(QUERY, DOCS);

    expect(scores).toEqual([0.2, 0.97, 0.01]);
    const [req] = fake.requestsTo("/v1/rerank");
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body).toEqual({ model: "bge-reranker-v2-m3", query: QUERY, documents: DOCS, top_n: 3 });
  });

  it("accepts a URL that already ends in /rerank, no key, and TEI-style `score` fields", async () => {
    const { rerank } = setup({ baseURL: `${fake.baseURL}/rerank/`, apiKey: undefined });
    fake.rerank.reply({ json: [{ index: 2, score: 0.5 }] });

    const scores = await rerank(QUERY, DOCS);

    // Documents the endpoint left out rank below every returned one.
    expect(scores).toEqual([-0.5, -0.5, 0.5]);
    expect(fake.requestsTo("/v1/rerank")[0]!.headers.authorization).toBeUndefined();
  });

  it("cuts long documents to the configured length", async () => {
    const { rerank } = setup({ maxDocumentChars: 10 });
    fake.rerank.reply({ json: { results: [{ index: 0, relevance_score: 1 }] } });

    await rerank(QUERY, ["一".repeat(50)]);

    expect(fake.requestsTo("/v1/rerank")[0]!.body.documents).toEqual(["一".repeat(10)]);
  });

  it("makes no call for no documents", async () => {
    const { rerank } = setup();
    expect(await rerank(QUERY, [])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it("returns nothing, so the caller keeps its order, on an HTTP error, logging without the key", async () => {
    const { rerank, log } = setup();
    fake.rerank.reply({ error: 401, message: `invalid key ${KEY}` });

    expect(await rerank(QUERY, DOCS)).toBeUndefined();
    expect(log.records().find((r) => r.level === 40)).toMatchObject({ reason: "HTTP 401" });
    expect(log.lines.join("")).not.toContain(KEY);
  });

  it("returns nothing on a reply of the wrong shape", async () => {
    const { rerank, log } = setup();
    fake.rerank.reply(
      { json: { results: [{ index: 7, relevance_score: 0.9 }] } },
      { json: { data: [] } },
      { json: { results: [{ index: 0, relevance_score: "high" }] } },
    );

    expect(await rerank(QUERY, DOCS)).toBeUndefined();
    expect(await rerank(QUERY, DOCS)).toBeUndefined();
    expect(await rerank(QUERY, DOCS)).toBeUndefined();
    expect(log.records().filter((r) => r.reason === "unexpected reply shape")).toHaveLength(3);
  });

  it("returns nothing within its budget when the endpoint does not answer", async () => {
    const { rerank, log } = setup({ timeoutMs: 300 });
    fake.rerank.handle(() => ({ hang: true }));

    const started = Date.now();
    expect(await rerank(QUERY, DOCS)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(log.records().find((r) => r.level === 40)).toMatchObject({ reason: "timeout after 300 ms" });
  });

  it("returns nothing when nothing listens at the URL", async () => {
    const { rerank, log } = setup({ baseURL: "http://127.0.0.1:1/v1" });

    expect(await rerank(QUERY, DOCS)).toBeUndefined();
    expect(log.records().find((r) => r.level === 40)).toMatchObject({ reason: "connection failed" });
  });

  it("rethrows the caller's abort", async () => {
    const { rerank } = setup();
    fake.rerank.handle(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 100);

    await expect(rerank(QUERY, DOCS, { signal: controller.signal })).rejects.toThrow("user left");
  });
});
