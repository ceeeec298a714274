/**
 * The seed page among look-alike stories: other companies' growth rates told in the seed's words.
 * The bot must match the company the question names, even when that name appears in the corpus
 * only inside a longer one (嘉博 in 广东嘉博制药有限公司).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createQaService, type QaServiceHandle } from "../../src/qa/create-qa-service.js";
import { tempDirs, testConfig } from "../support/seed-index.js";

const story = (zone: string, company: string, year: number, rate: number) =>
  [
    `${zone}高新区企业发展势头强劲`,
    "",
    `本报讯（记者 王明）${year}年，${company}落户${zone}高新区，近年来营业收入、税收、利润保持${rate}%年增长率，发展态势强劲。`,
    `${zone}高新区持续优化营商环境，为企业提供全周期服务。`,
    "",
  ].join("\n");

let qa: QaServiceHandle;
let root: string;

beforeAll(async () => {
  const dirs = await tempDirs();
  root = dirs.root;
  const page = [
    story("呼和浩特", "海南热泰朗制药集团有限公司", 2009, 27),
    story("玉溪", "云南鑫辰信制药科技有限公司", 2010, 12),
    story("晋江", "南宁信新制药有限公司", 2012, 10),
  ].join("\n");
  await mkdir(join(dirs.corpusDir, "科技日报", "2021-05"), { recursive: true });
  await writeFile(join(dirs.corpusDir, "科技日报", "2021-05", "look-alikes.txt"), page);
  qa = await createQaService({ config: testConfig(dirs), logger: createLogger("silent") });
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("answering among look-alike stories", () => {
  it("answers about the company named, not one whose sentence matches better", async () => {
    const a = await qa.ask("嘉博制药近年来营业收入、税收、利润的年增长率是多少？");
    expect(a.abstained).toBe(false);
    // The short answer leads only when the model is sure; either way the first sentence holds it.
    expect(a.answer.split("。")[0]).toContain("30%");
    expect(a.citations[0]!.text).toContain("广东嘉博制药有限公司");
  });

  it("declines for a company no story names", async () => {
    const a = await qa.ask("鑫华制药近年来营业收入、税收、利润的年增长率是多少？");
    expect(a.abstained).toBe(true);
  });
});

describe("passages from later in a long article", () => {
  it("carry the article's opening, which says who 双方 are", async () => {
    const a = await qa.ask("广东聚石化学股份有限公司的总经理是谁？");
    const later = a.passages.filter((p) => p.seq > 0);
    expect(later.length).toBeGreaterThan(0);
    for (const p of later) {
      const first = a.passages.find((q) => q.source === p.source && q.article === p.article && q.seq === 0);
      expect(p.lead).toBeTruthy();
      if (first) expect(first.text.startsWith(p.lead!)).toBe(true);
    }
    expect(a.passages.filter((p) => p.seq === 0).every((p) => p.lead === undefined)).toBe(true);
  });
});
