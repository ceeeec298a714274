/**
 * The offline answerer's acceptance is a setting: ANSWER_THRESHOLD moves where it declines,
 * SHORT_ANSWER_THRESHOLD where the typed short answer leads. Unset, the answer model's own apply.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import { seedQaService } from "../support/seed-index.js";

const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";

async function answer(env: Record<string, string>) {
  const qa = await seedQaService(env);
  try {
    return await qa.ask(QUESTION);
  } finally {
    await rm(join(qa.dirs.corpusDir, ".."), { recursive: true, force: true });
  }
}

describe("answer acceptance settings", () => {
  it("answers with the model's thresholds, declines everything at 1, and drops the short answer's lead at 1", async () => {
    const plain = await answer({});
    expect(plain.abstained).toBe(false);
    expect(plain.answer).toContain("第96名");
    const strict = await answer({ ANSWER_THRESHOLD: "1" });
    expect(strict.abstained).toBe(true);
    const noLead = await answer({ ANSWER_THRESHOLD: "0", SHORT_ANSWER_THRESHOLD: "1" });
    expect(noLead.abstained).toBe(false);
    expect(noLead.answer).not.toMatch(/^第96名。/);
    const alwaysLead = await answer({ SHORT_ANSWER_THRESHOLD: "0" });
    expect(alwaysLead.answer).toMatch(/^第96名。/);
  });

  it("refuses a threshold outside 0–1 with the setting's name", () => {
    expect(() => loadConfig({ ANSWER_THRESHOLD: "1.5" })).toThrow(ConfigError);
    expect(() => loadConfig({ ANSWER_THRESHOLD: "1.5" })).toThrow(/ANSWER_THRESHOLD/);
  });
});
