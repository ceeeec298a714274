/**
 * The answer's acceptance is a setting: ANSWER_THRESHOLD moves where the offline answerer
 * declines, SHORT_ANSWER_THRESHOLD where the typed short answer leads (unset, the answer model's
 * own apply), CITATION_MIN_OVERLAP how much of a claim an LLM's cited passage must say before the
 * citation stands (a reply left citing nothing is declined).
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";
import { useFakeOpenAi } from "../support/fake-openai.js";
import { seedQaService } from "../support/seed-index.js";

const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";

const useFake = useFakeOpenAi();

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

describe("LLM citation check settings", () => {
  // Said in other words: 0.57 of its character bigrams are in the passage that holds 第96名.
  const PARAPHRASE = "清远高新区排在第96名[1]。";
  const llm = () => ({ ANSWERER: "openai", OPENAI_BASE_URL: useFake().baseURL, QUERY_REWRITE: "off" });

  it("keeps a paraphrased claim's citation at the default overlap, and declines it when more is required", async () => {
    useFake().chat.handle(() => ({ chat: PARAPHRASE }));
    const plain = await answer(llm());
    expect(plain.abstained).toBe(false);
    expect(plain.citations[0]!.text).toContain("综合排名第96名");
    const strict = await answer({ ...llm(), CITATION_MIN_OVERLAP: "0.7", CITATION_MIN_FIX_OVERLAP: "0.7" });
    expect(strict.abstained).toBe(true);
    expect(strict.citations).toEqual([]);
    expect(strict.answer).toBe("没有在语料中找到能回答这个问题的内容。");
  });

  it("refuses an overlap outside 0–1 with the setting's name", () => {
    expect(() => loadConfig({ CITATION_MIN_OVERLAP: "2" })).toThrow(/CITATION_MIN_OVERLAP/);
    expect(() => loadConfig({ CITATION_MIN_FIX_OVERLAP: "-0.1" })).toThrow(/CITATION_MIN_FIX_OVERLAP/);
  });
});
