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
    expect(c.telegram.token).toBeUndefined();
    expect(Object.isFrozen(c.llm)).toBe(true);
  });

  it.each([
    [{ TOP_K: "many" }, "TOP_K"],
    [{ EMBEDDINGS: "bert" }, "EMBEDDINGS"],
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

  it("treats empty values as unset, as .env files often leave them", () => {
    const c = loadConfig({ TOP_K: "", TELEGRAM_BOT_TOKEN: "", OPENAI_BASE_URL: "" });
    expect(c.retrieval.topK).toBe(5);
    expect(c.telegram.token).toBeUndefined();
  });
});
