/**
 * The configured secrets never leave the process, whatever form a remote server echoes them in.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { configSecrets, createRedactor, MIN_SECRET_LENGTH, REDACTED } from "../src/secrets.js";
import { keyForms } from "./support/fake-openai.js";

const KEY = "vllm-7f3a9c2e/5b1d+k=";
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("redacting secrets", () => {
  const r = createRedactor([KEY]);

  it("takes a key out as is, base64-encoded (both alphabets, any alignment), URL- and JSON-escaped", () => {
    const leaks = [
      `the key is ${KEY}.`,
      b64(KEY),
      Buffer.from(KEY).toString("base64url"),
      b64(`reader:${KEY}`),
      b64(`ab:${KEY}`),
      b64(JSON.stringify({ authorization: `Bearer ${KEY}` })),
      `https://example.test/?key=${encodeURIComponent(KEY)}`,
      encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      JSON.stringify({ key: `"${KEY}"` }),
    ];
    for (const text of leaks) {
      const out = r.redact(text);
      expect(out).toContain(REDACTED);
      for (const form of keyForms(KEY)) expect(out).not.toContain(form);
    }
  });

  it("leaves text without secrets alone, and secrets too short to hide safely", () => {
    const text = "清远高新区综合排名第96名 key-value pairs";
    expect(r.redact(text)).toBe(text);
    const short = "abc1234";
    expect(short.length).toBeLessThan(MIN_SECRET_LENGTH);
    expect(createRedactor([short]).redact(`password ${short}`)).toBe(`password ${short}`);
    expect(createRedactor([short]).active).toBe(false);
  });

  it("holds back the start of a key while a streamed text is still being written", () => {
    expect(r.redactPartial(`排名第96名 ${KEY.slice(0, 9)}`)).toBe("排名第96名 ");
    expect(r.redactPartial(`排名第96名 ${KEY}`)).toBe(`排名第96名 ${REDACTED}`);
  });

  it("redacts every string in a JSON value and keeps the rest", () => {
    expect(r.redactDeep({ text: KEY, n: 1, list: [KEY, null], nested: { ok: true } })).toEqual({
      text: REDACTED,
      n: 1,
      list: [REDACTED, null],
      nested: { ok: true },
    });
  });
});

describe("the secrets a config holds", () => {
  it("lists API keys, the bot token and its secret half, the webhook secret and URL passwords", () => {
    const config = loadConfig({
      ANSWERER: "openai",
      OPENAI_API_KEY: "sk-llm-key-0123456789",
      EMBEDDINGS: "openai",
      EMBEDDING_API_KEY: "emb-key-0123456789",
      EMBEDDING_BASE_URL: "https://embed:p%40ssw0rd-long@embeddings.test/v1",
      RERANK_BASE_URL: "https://rerank.test/v1",
      RERANK_API_KEY: "rerank-key-0123456789",
      TELEGRAM_BOT_TOKEN: "123456:AAH-secret-half_0123",
      WEBHOOK_URL: "https://bot.test/hook",
      WEBHOOK_SECRET: "hook-secret-0123456789",
    });
    expect(configSecrets(config)).toEqual(
      expect.arrayContaining([
        "sk-llm-key-0123456789",
        "emb-key-0123456789",
        "rerank-key-0123456789",
        "123456:AAH-secret-half_0123",
        "AAH-secret-half_0123",
        "hook-secret-0123456789",
        "p@ssw0rd-long",
        "embed:p@ssw0rd-long",
      ]),
    );
  });
});
