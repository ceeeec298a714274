/**
 * The `ask --batch` contract (F8): exactly one result per input line, blank lines included, so
 * results pair with questions by position; errors name the line they are about; a batch file that
 * cannot be read is one line on stderr saying what to do, never a stack trace.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirs } from "../support/seed-index.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");

/** Runs the CLI the way `npm run --silent cli -- …` does, in a clean environment. */
async function cli(...args: string[]) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  return run(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: ROOT,
    env,
    maxBuffer: 16 << 20,
  });
}

const ANSWERED = JSON.stringify({ id: "a", question: "德沃康项目一期占地多少亩？" });
const UNANSWERABLE = JSON.stringify({ question: "中关村软件园一共有多少员工？" });
/** Seven lines: blank ones at 2, 4 and 6 (whitespace only), a malformed one at 5. */
const LINES = [ANSWERED, "", UNANSWERABLE, "   ", "{not json", "\t", JSON.stringify({ id: 7 })];

let dirs: { corpusDir: string; indexDir: string; root: string };
beforeAll(async () => {
  dirs = await tempDirs();
  await cli("index", "--corpus", dirs.corpusDir, "--index", dirs.indexDir);
});
afterAll(async () => {
  if (dirs) await rm(dirs.root, { recursive: true, force: true });
});

describe("ask --batch", () => {
  it("--json writes one line per input line, blank lines as errors in their place", async () => {
    const file = join(dirs.root, "blanks.jsonl");
    await writeFile(file, `${LINES.join("\n")}\n`);
    const { stdout } = await cli("ask", "--index", dirs.indexDir, "--json", "--batch", file);
    const out = stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(LINES.length);
    expect(out[0].question).toBe("德沃康项目一期占地多少亩？");
    expect(out[0].answer).toContain("158");
    for (const i of [1, 3, 5]) expect(out[i]).toEqual({ question: null, error: "empty line" });
    expect(out[2].question).toBe("中关村软件园一共有多少员工？");
    expect(out[2].abstained).toBe(true);
    expect(out[4]).toMatchObject({ question: null });
    expect(out[4].error).toMatch(/blanks\.jsonl:5: not valid JSON/);
    expect(out[6].error).toMatch(/blanks\.jsonl:7: no "question" string/);
  });

  it("keeps the count with CRLF line ends, a byte-order mark and blank lines at the end", async () => {
    const file = join(dirs.root, "windows.jsonl");
    await writeFile(file, `\ufeff${[UNANSWERABLE, "", "{oops", "", ""].join("\r\n")}\r\n`);
    const { stdout } = await cli("ask", "--index", dirs.indexDir, "--json", "--batch", file);
    const out = stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0].question).toBe("中关村软件园一共有多少员工？");
    expect(out[2].error).toMatch(/windows\.jsonl:3:/);
    expect(out[4]).toEqual({ question: null, error: "empty line" });
  });

  it("in text mode writes one block per input line, headed by its line number", async () => {
    const file = join(dirs.root, "text.jsonl");
    await writeFile(file, LINES.join("\n"));
    const { stdout } = await cli("ask", "--index", dirs.indexDir, "--batch", file);
    const heads = stdout.split("\n").filter((l) => /^\[line \d+\]/.test(l));
    expect(heads).toEqual([
      "[line 1] 德沃康项目一期占地多少亩？",
      "[line 2] error: empty line",
      "[line 3] 中关村软件园一共有多少员工？",
      "[line 4] error: empty line",
      expect.stringMatching(/^\[line 5\] error: .*text\.jsonl:5: not valid JSON/),
      "[line 6] error: empty line",
      expect.stringMatching(/^\[line 7\] error: .*no "question" string/),
    ]);
    expect(stdout).toContain("158");
  });

  it.each([
    ["is missing", "missing.jsonl", /no such file/],
    ["is a folder", "a-folder", /it is a folder/],
  ])("fails in one line with exit code 1 when the file %s", async (_what, name, reason) => {
    const path = join(dirs.root, name);
    if (name === "a-folder") await mkdir(path, { recursive: true });
    const failed = await cli("ask", "--index", dirs.indexDir, "--json", "--batch", path).then(
      () => undefined,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed).toBeDefined();
    expect(failed!.code).toBe(1);
    expect(failed!.stdout).toBe("");
    const lines = failed!.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: Cannot read the batch file /);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(reason);
    expect(lines[0]).toContain("--batch");
  });
});
