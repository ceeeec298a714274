/**
 * The npm scripts' flags (scripts/lib/script-args.ts): `--help` prints what the script's own doc
 * comment says about it, and a flag it does not know is one line on stderr with exit code 2, never a
 * stack trace out of parseArgs. Run as `npm run index -- …` runs them, through tsx.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { docComment } from "../../scripts/lib/script-args.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");

async function script(name: string, ...args: string[]) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  try {
    const r = await run(process.execPath, ["--import", "tsx", join(ROOT, "scripts", name), ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("the npm scripts' flags", () => {
  it("prints the script's doc comment for --help and -h, and does nothing else", async () => {
    const help = await script("build-index.ts", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("`npm run index`");
    expect(help.stdout).toContain("--full (rebuild everything)");
    expect(help.stdout).not.toMatch(/^\s*\*/m);
    expect(help.stderr).toBe("");
    const short = await script("segment-errors.ts", "-h");
    expect(short.code).toBe(0);
    expect(short.stdout).toContain("--set tune|relaid-none|relaid-every");
  });

  it("names an unknown flag or a missing value in one line with exit code 2", async () => {
    const unknown = await script("build-index.ts", "--ful");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("error: Unknown option '--ful'. Run with --help to see the flags.\n");
    const missing = await script("eval-real.ts", "--size");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: Option '--size <value>' argument missing. Run with --help to see the flags.\n",
    );
  });

  it("refuses a value the script cannot use, or a flag it needs left out, the same way", async () => {
    const report = await script("segment-errors.ts", "--set", "report");
    expect(report.code).toBe(2);
    expect(report.stderr).toBe(
      'error: --set must be one of tune, relaid-none, relaid-every (never the report half), got "report". Run with --help to see the flags.\n',
    );
    const noIndex = await script("bench-parts.ts");
    expect(noIndex.code).toBe(2);
    expect(noIndex.stderr).toBe(
      "error: bench:parts needs --index DIR (a built index) and --rounds N ≥ 1. Run with --help to see the flags.\n",
    );
  });

  it("reads the first doc comment of a script without its comment markers", () => {
    const source = readFileSync(join(ROOT, "scripts/eval-real.ts"), "utf8");
    const text = docComment(source);
    expect(text.startsWith("`npm run eval:real`")).toBe(true);
    expect(text).toContain("  --fresh        rebuild the indexes from scratch");
    expect(docComment("const x = 1;")).toBe("");
  });
});
