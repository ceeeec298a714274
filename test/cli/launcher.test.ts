/**
 * scripts/run.mjs runs the compiled dist/ only when it was built from the sources as they are now
 * (scripts/lib/dist-stamp.mjs), and the sources through tsx otherwise, so a stale build never runs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { distIsFresh, STAMP, sourceHash } from "../../scripts/lib/dist-stamp.mjs";

const ROOT = join(import.meta.dirname, "../..");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), "newsqa-launch-"));
  dirs.push(root);
  mkdirSync(join(root, "src", "cli"), { recursive: true });
  writeFileSync(join(root, "src", "cli", "main.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "tsconfig.json"), "{}\n");
  return root;
}

function stamp(root: string): void {
  mkdirSync(join(root, "dist"), { recursive: true });
  writeFileSync(join(root, "dist", STAMP), `${sourceHash(root)}\n`);
}

describe("the compiled build's freshness", () => {
  it("holds while the sources and settings are those it was built from", () => {
    const root = project();
    expect(distIsFresh(root)).toBe(false);
    stamp(root);
    expect(distIsFresh(root)).toBe(true);
  });

  it("is lost by an edited, added or renamed source, or changed compiler settings", () => {
    const root = project();
    const edits: ((r: string) => void)[] = [
      (r) => writeFileSync(join(r, "src", "cli", "main.ts"), "export const a = 2;\n"),
      (r) => writeFileSync(join(r, "src", "extra.ts"), "export {};\n"),
      (r) => {
        rmSync(join(r, "src", "cli", "main.ts"));
        writeFileSync(join(r, "src", "cli", "other.ts"), "export const a = 1;\n");
      },
      (r) => writeFileSync(join(r, "tsconfig.json"), '{"compilerOptions":{}}\n'),
    ];
    for (const edit of edits) {
      stamp(root);
      edit(root);
      expect(distIsFresh(root)).toBe(false);
    }
  });
});

/** scripts/run.mjs with `args`, from the project root, saying on stderr which code it ran. */
function launch(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, "scripts/run.mjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, NEWSQA_LAUNCH_TRACE: "1" },
    encoding: "utf8",
  });
}

describe("scripts/run.mjs", () => {
  it("runs the CLI, from dist/ exactly when dist/ is fresh", () => {
    const r = launch("cli", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: newsqa");
    expect(r.stderr).toContain(distIsFresh(ROOT) ? "run: dist/cli/main.js" : "run: src/cli/main.ts (tsx)");
  });

  it("names the programs it runs when given another", () => {
    const r = launch("nonsense");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage: node scripts/run.mjs <cli|main|index>");
  });

  it("runs `npm run index`'s program the same way, with the flags its doc comment gives", () => {
    const r = launch("index", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--full (rebuild everything)");
    expect(r.stderr).toContain(
      distIsFresh(ROOT) ? "run: dist/cli/index-script.js" : "run: src/cli/index-script.ts (tsx)",
    );
  });
});
