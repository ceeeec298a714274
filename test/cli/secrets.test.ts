/**
 * The CLI never prints a configured key, to stdout or stderr, however a careless server echoes it
 * (raw, base64, as basic auth, URL-encoded): in an answer, in a rewrite, in an error body. Real
 * processes against the fake OpenAI server.
 */
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAi, keyForms, startFakeOpenAi } from "../support/fake-openai.js";
import { tempDirs } from "../support/seed-index.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const KEY = "vllm-7f3a9c2e/5b1d+k=";
const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";

let fake: FakeOpenAi;
let dirs: { corpusDir: string; indexDir: string; root: string };

/** Runs the CLI as `npm run --silent cli -- …` does, with only these settings in its environment. */
async function cli(env: Record<string, string>, ...args: string[]) {
  const result = await run(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    maxBuffer: 16 << 20,
  }).catch((err: { stdout: string; stderr: string; code: number }) => err);
  return { stdout: result.stdout, stderr: result.stderr, code: "code" in result ? result.code : 0 };
}

const expectNoKey = (text: string) => {
  for (const form of keyForms(KEY)) expect(text).not.toContain(form);
};

beforeAll(async () => {
  fake = await startFakeOpenAi();
  dirs = await tempDirs();
});
afterAll(async () => {
  await fake?.close();
  if (dirs) await rm(dirs.root, { recursive: true, force: true });
});

describe("the CLI and a server that echoes its API key", () => {
  const llm = {
    ANSWERER: "openai",
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: "",
    QUERY_REWRITE: "llm",
    REWRITE_MODEL: "rewriter",
    LLM_MODEL: "answerer",
  };

  it("keeps the key out of a completion's answer on stdout and out of the rewrite logged on stderr", async () => {
    fake.chat.handle((req) =>
      // The rewrite reply holds no Chinese query, so it is logged as a warning.
      req.body.model === "rewriter"
        ? { echoKey: "chat" }
        : { echoKey: "chat", before: "清远高新区综合排名第96名[1]。" },
    );
    const { stdout, stderr, code } = await cli(
      { ...llm, OPENAI_BASE_URL: fake.baseURL },
      "ask",
      "--corpus",
      dirs.corpusDir,
      "--index",
      dirs.indexDir,
      "--json",
      QUESTION,
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.answerer).toBe("openai");
    expect(out.answer).toContain("key [redacted] base64 [redacted]");
    expect(stderr).toContain("held no Chinese queries");
    expectNoKey(stdout);
    expectNoKey(stderr);
  }, 120_000);

  it("keeps the key out of the warning when the answer call fails with the key base64-encoded", async () => {
    fake.reset();
    fake.chat.handle((req) =>
      req.body.model === "rewriter"
        ? { chat: '{"queries": ["清远高新区 排名"]}' }
        : { echoKey: "error", status: 400 },
    );
    const { stdout, stderr, code } = await cli(
      { ...llm, OPENAI_BASE_URL: fake.baseURL },
      "ask",
      "--index",
      dirs.indexDir,
      "--json",
      QUESTION,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).answerer).toBe("extractive (fallback)");
    expect(stderr).toContain("invalid credentials for");
    expectNoKey(stdout);
    expectNoKey(stderr);
  }, 120_000);

  it("keeps the key out of the error message when indexing fails on the embeddings endpoint", async () => {
    fake.reset();
    fake.embeddings.handle(() => ({ echoKey: "error", status: 400 }));
    const { stderr, code } = await cli(
      { EMBEDDINGS: "openai", EMBEDDING_API_KEY: KEY, EMBEDDING_BASE_URL: fake.baseURL },
      "index",
      "--corpus",
      dirs.corpusDir,
      "--index",
      join(dirs.root, "openai-index"),
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain("invalid credentials for");
    expectNoKey(stderr);
  }, 120_000);
});
