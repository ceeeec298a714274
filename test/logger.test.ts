/**
 * The log an operator reads never holds a configured secret: not in a message, not in an error's
 * message or stack, not in any field, whatever form a remote server quoted it in.
 */
import { describe, expect, it } from "vitest";
import { keyForms } from "./support/fake-openai.js";
import { memoryLogger } from "./support/memory-logger.js";

const KEY = "vllm-7f3a9c2e/5b1d+k=";
const TOKEN = "123456:AAH-secret-half_0123";

describe("the log", () => {
  it("redacts secrets in messages, errors and any field, in every form", () => {
    const log = memoryLogger({ secrets: [KEY, TOKEN] });
    const basic = Buffer.from(`reader:${KEY}`).toString("base64");
    const err = new Error(`401 invalid credentials for ${basic}`);
    log.logger.warn({ err, reply: `echo ${KEY}`, deep: { url: `/bot${TOKEN}/sendMessage` } }, "LLM failed");
    log.logger.error(
      `upstream said ${encodeURIComponent(KEY)} and ${Buffer.from(KEY).toString("base64url")}`,
    );
    log.logger.child({ service: "embeddings" }).info({ header: `Basic ${basic}` }, "retrying");

    const all = log.lines.join("");
    for (const form of [...keyForms(KEY), TOKEN, "AAH-secret-half_0123"]) expect(all).not.toContain(form);
    // Still one JSON object per line, with what was said around the secrets.
    const records = log.records();
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ msg: "LLM failed", reply: "echo [redacted]" });
    expect(String((records[0]!.err as { stack: string }).stack)).toContain("401 invalid credentials for");
  });
});
