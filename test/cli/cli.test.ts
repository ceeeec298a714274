import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDirs } from "../support/seed-index.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const SEED = join(ROOT, "corpus", "科技日报", "2021-04", "000_f28b1bf4d582b9a4.txt");

/** Runs the CLI the way `npm run --silent cli -- …` does, in a clean environment. */
async function cli(...args: string[]) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  return run(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: ROOT,
    env,
    maxBuffer: 16 << 20,
  });
}

let dirs: { corpusDir: string; indexDir: string; root: string };
beforeAll(async () => {
  dirs = await tempDirs();
  await cli("index", "--corpus", dirs.corpusDir, "--index", dirs.indexDir);
});

describe("CLI harness", () => {
  it("ask --json prints exactly one JSON object with the answer, citations and top-5 passages", async () => {
    const { stdout } = await cli(
      "ask",
      "--index",
      dirs.indexDir,
      "--json",
      "清远高新区在2020年度国家高新区评价中综合排名第几？",
    );
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(out.question).toBe("清远高新区在2020年度国家高新区评价中综合排名第几？");
    expect(out.answer).toContain("96");
    expect(out.abstained).toBe(false);
    expect(out.citations[0]).toMatchObject({ n: 1, source: "科技日报/2021-04/000_f28b1bf4d582b9a4.txt" });
    expect(out.citations[0].text).toContain("综合排名第96名");
    expect(out.passages).toHaveLength(5);
    expect(Object.keys(out.passages[0])).toEqual(
      expect.arrayContaining(["rank", "title", "source", "text", "score"]),
    );
  });

  it("--k changes the number of passages", async () => {
    const { stdout } = await cli(
      "ask",
      "--index",
      dirs.indexDir,
      "--json",
      "--k",
      "2",
      "德沃康项目一期占地多少亩？",
    );
    expect(JSON.parse(stdout).passages).toHaveLength(2);
  });

  it("--batch answers line by line in order and reports a malformed line in its place", async () => {
    const file = join(dirs.root, "questions.jsonl");
    await writeFile(
      file,
      [
        JSON.stringify({ id: "a", question: "德沃康项目一期占地多少亩？", extra: 1 }),
        "{not json",
        JSON.stringify({ question: "中关村软件园一共有多少员工？" }),
      ].join("\n"),
    );
    const { stdout } = await cli("ask", "--index", dirs.indexDir, "--json", "--batch", file);
    const out = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(3);
    expect(out[0].question).toBe("德沃康项目一期占地多少亩？");
    expect(out[0].answer).toContain("158");
    expect(out[1]).toMatchObject({ question: null });
    expect(out[1].error).toMatch(/questions\.jsonl:2/);
    expect(out[2].abstained).toBe(true);
  });

  it("segment --json prints the page's articles in the segmentation contract", async () => {
    const { stdout } = await cli("segment", "--json", SEED);
    const articles = JSON.parse(stdout);
    expect(articles).toHaveLength(8);
    for (const a of articles) {
      expect(Object.keys(a).sort()).toEqual(["authors", "byline", "kind", "subtitle", "text", "title"]);
    }
    expect(articles.filter((a: { kind: string }) => a.kind === "caption")).toHaveLength(1);
  });

  it("fails with a clear message and a non-zero exit when there is no question", async () => {
    await expect(cli("ask", "--index", dirs.indexDir, "--json")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Give a question"),
    });
  });

  it("eval reports figures per kind as JSON", async () => {
    const { stdout } = await cli(
      "eval",
      "--index",
      dirs.indexDir,
      "--json",
      "--qa",
      join(ROOT, "test/fixtures/qa/dev-qa.jsonl"),
    );
    const report = JSON.parse(stdout);
    expect(report.overall.questions).toBe(20);
    expect(Object.keys(report.byKind)).toEqual(expect.arrayContaining(["fact", "unanswerable"]));
    expect(report.overall.evidenceHitAtK).toBeGreaterThanOrEqual(0.9);
  });
});
