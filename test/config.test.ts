import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { ConfigError } from "../src/errors.js";

describe("configuration", () => {
  it("runs offline with no settings at all", () => {
    const c = loadConfig({});
    expect(c.embeddings.provider).toBe("hashed");
    expect(c.llm.answerer).toBe("extractive");
    expect(c.corpusDir).toBe("corpus");
    expect(c.indexDir).toBe("embeddings");
    expect(c.retrieval.topK).toBe(5);
    // 256 MB of chunk text held in memory: 68,210 news articles' 166 MB fit, a million chunks' do not.
    expect(c.retrieval.chunkMemoryBytes).toBe(256 * 1024 * 1024);
    expect(loadConfig({ CHUNK_MEMORY_MB: "0" }).retrieval.chunkMemoryBytes).toBe(0);
    expect(c.telegram.token).toBeUndefined();
    expect(Object.isFrozen(c.llm)).toBe(true);
  });

  it.each([
    [{ TOP_K: "many" }, "TOP_K"],
    [{ EMBEDDINGS: "bert" }, "EMBEDDINGS"],
    [{ LSA_FIT_CHUNKS: "10" }, "LSA_FIT_CHUNKS"],
    [{ CHUNK_MEMORY_MB: "-1" }, "CHUNK_MEMORY_MB"],
    [{ TELEGRAM_BOT_TOKEN: "not a token" }, "TELEGRAM_BOT_TOKEN"],
    [{ ADMIN_USER_IDS: "alice,bob" }, "ADMIN_USER_IDS"],
    [{ OPENAI_BASE_URL: "localhost:11434" }, "OPENAI_BASE_URL"],
    [{ ANSWERER: "openai" }, "OPENAI_API_KEY"],
    [{ EMBEDDINGS: "openai" }, "EMBEDDING_API_KEY"],
  ])("names the variable when a value is wrong: %o", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`Setting ${variable} is invalid`));
  });

  it("parses admin ids and lets a local endpoint stand in for an API key", () => {
    const c = loadConfig({
      ADMIN_USER_IDS: "12, 34",
      ANSWERER: "openai",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
    });
    expect(c.telegram.adminIds).toEqual([12, 34]);
    expect(c.llm.baseURL).toBe("http://127.0.0.1:11434/v1");
    expect(c.embeddings.baseURL).toBe("http://127.0.0.1:11434/v1");
  });

  it("searches real embeddings' graph wider than the offline vectors', unless HNSW_EF_SEARCH says", () => {
    expect(loadConfig({}).hnsw).toEqual({ M: 16, efConstruction: 100, efSearch: 64 });
    expect(loadConfig({ EMBEDDINGS: "lsa" }).hnsw.efSearch).toBe(64);
    const remote = { EMBEDDINGS: "openai", EMBEDDING_BASE_URL: "http://127.0.0.1:11434/v1" };
    expect(loadConfig(remote).hnsw.efSearch).toBe(256);
    expect(loadConfig({ ...remote, HNSW_EF_SEARCH: "100" }).hnsw.efSearch).toBe(100);
    expect(() => loadConfig({ HNSW_M: "2" })).toThrow(/Setting HNSW_M is invalid/);
  });

  it("treats empty values as unset, as .env files often leave them", () => {
    const c = loadConfig({ TOP_K: "", TELEGRAM_BOT_TOKEN: "", OPENAI_BASE_URL: "" });
    expect(c.retrieval.topK).toBe(5);
    // 256 MB of chunk text held in memory: 68,210 news articles' 166 MB fit, a million chunks' do not.
    expect(c.retrieval.chunkMemoryBytes).toBe(256 * 1024 * 1024);
    expect(loadConfig({ CHUNK_MEMORY_MB: "0" }).retrieval.chunkMemoryBytes).toBe(0);
    expect(c.telegram.token).toBeUndefined();
  });
});
