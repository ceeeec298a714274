import { Embeddings } from "@langchain/core/embeddings";
import { beforeEach, describe, expect, it } from "vitest";
import { OpenAiEmbeddings, type OpenAiEmbeddingsOptions } from "../../src/embed/openai-embeddings.js";
import { UpstreamError } from "../../src/errors.js";
import { createOpenAiClient } from "../../src/openai-client.js";
import { type FakeOpenAi, type RecordedRequest, useFakeOpenAi } from "../support/fake-openai.js";

const KEY = "sk-embed-SECRET-abcdef0123456789";

const useFake = useFakeOpenAi();
let fake: FakeOpenAi;
beforeEach(() => {
  fake = useFake();
});

function embeddings(overrides: Partial<OpenAiEmbeddingsOptions> = {}) {
  return new OpenAiEmbeddings({
    client: createOpenAiClient({ baseURL: fake.baseURL, apiKey: KEY, timeoutMs: 5_000, maxRetries: 0 }),
    model: "text-embedding-3-small",
    ...overrides,
  });
}

/** "doc-17" embeds as [18, 1, 0, 0]: unnormalised, and its first/second ratio tells which input it was. */
function vectorFor(input: string): number[] {
  return [Number(input.split("-")[1]) + 1, 1, 0, 0];
}
const byInput = (req: RecordedRequest) => ({ embeddings: (req.body.input as string[]).map(vectorFor) });

const norm = (v: number[]) => Math.hypot(...v);

describe("OpenAI-compatible embeddings", () => {
  it("is a LangChain Embeddings with an id naming the model", () => {
    const e = embeddings({ dimensions: 4 });
    expect(e).toBeInstanceOf(Embeddings);
    expect(e.id).toBe("openai:text-embedding-3-small");
    expect(e.dimensions).toBe(4);
  });

  it("sends 150 inputs as three batches of at most 64 and returns vectors in input order", async () => {
    fake.embeddings.handle(byInput);
    const inputs = Array.from({ length: 150 }, (_, i) => `doc-${i}`);

    const vectors = await embeddings().embedDocuments(inputs);

    const requests = fake.requestsTo("/v1/embeddings");
    expect(requests.map((r) => r.body.input.length).sort((a: number, b: number) => b - a)).toEqual([
      64, 64, 22,
    ]);
    expect(requests.flatMap((r) => r.body.input).sort()).toEqual([...inputs].sort());
    expect(vectors).toHaveLength(150);
    vectors.forEach((v, i) => {
      expect(v[0]! / v[1]!).toBeCloseTo(i + 1, 6);
    });
  });

  it("honours a configured batch size", async () => {
    fake.embeddings.handle(byInput);
    await embeddings({ batchSize: 10 }).embedDocuments(Array.from({ length: 25 }, (_, i) => `doc-${i}`));
    expect(fake.requestsTo("/v1/embeddings")).toHaveLength(3);
  });

  it("returns unit-length vectors", async () => {
    fake.embeddings.reply({ embeddings: [[3, 4]] });
    expect(await embeddings().embedQuery("清远高新区")).toEqual([0.6, 0.8]);
  });

  it("normalises every vector of a batch", async () => {
    fake.embeddings.handle(byInput);
    const vectors = await embeddings().embedDocuments(["doc-0", "doc-5", "doc-99"]);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 12);
  });

  it("sends the model, the configured dimensions, float encoding and the key", async () => {
    fake.embeddings.handle(byInput);

    await embeddings({ dimensions: 4 }).embedQuery("doc-1");

    const [req] = fake.requestsTo("/v1/embeddings");
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.body).toMatchObject({
      model: "text-embedding-3-small",
      dimensions: 4,
      encoding_format: "float",
      input: ["doc-1"],
    });
  });

  it("does not send dimensions when none is configured, and learns it from the first response", async () => {
    fake.embeddings.handle((req) => ({ embeddings: req.body.input.map(() => [1, 2, 3, 4]) }));
    const e = embeddings();
    expect(e.dimensions).toBeUndefined();

    expect(await e.resolveDimensions()).toBe(4);
    expect(await e.resolveDimensions()).toBe(4);

    const requests = fake.requestsTo("/v1/embeddings");
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).not.toHaveProperty("dimensions");
  });

  it("refuses a later response whose size differs from the learned one", async () => {
    fake.embeddings.reply({ embeddings: [[1, 0, 0, 0]] }, { embeddings: [[1, 0]] });
    const e = embeddings();
    await e.embedQuery("first");
    await expect(e.embedQuery("second")).rejects.toThrow(
      /returned 2-dimensional vectors, but 4 are expected/,
    );
  });

  it("fails clearly when the endpoint returns a different dimension than configured", async () => {
    fake.embeddings.reply({ embeddings: [[1, 2, 3]] });

    const err = await embeddings({ dimensions: 4 })
      .embedQuery("doc-1")
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/returned 3-dimensional vectors, but 4 are expected/);
    expect((err as Error).message).toContain("EMBEDDING_DIMENSIONS");
  });

  it("fails when vectors in one response disagree in size", async () => {
    fake.embeddings.reply({
      embeddings: [
        [1, 0, 0, 0],
        [1, 0, 0],
      ],
    });
    await expect(embeddings().embedDocuments(["a", "b"])).rejects.toThrow(
      /returned 3-dimensional vectors, but 4/,
    );
  });

  it("matches vectors to inputs by index when the server lists them out of order", async () => {
    fake.embeddings.reply({
      embeddings: [
        [0, 1],
        [1, 0],
      ],
      indices: [1, 0],
    });
    expect(await embeddings().embedDocuments(["first", "second"])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it("fails when the server returns fewer vectors than inputs", async () => {
    fake.embeddings.reply({ embeddings: [[1, 0]] });
    await expect(embeddings().embedDocuments(["a", "b"])).rejects.toThrow(/returned 1 vectors for 2 inputs/);
  });

  it("wraps an HTTP error in UpstreamError saying what to check, without the key", async () => {
    fake.embeddings.reply({ error: 401, message: `Incorrect API key provided: ${KEY}` });

    const err = await embeddings()
      .embedQuery("doc-1")
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(UpstreamError);
    const message = (err as Error).message;
    expect(message).toContain("HTTP 401");
    expect(message).toContain(fake.baseURL);
    expect(message).toMatch(
      /EMBEDDING_BASE_URL.*EMBEDDING_MODEL "text-embedding-3-small".*EMBEDDING_API_KEY/,
    );
    expect(message).not.toContain(KEY);
    expect(message).not.toContain("SECRET");
  });

  it("makes no request for no inputs", async () => {
    expect(await embeddings().embedDocuments([])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});
