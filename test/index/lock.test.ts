import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../src/index/lock.js";
import { runChild } from "../support/run-child.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CHILD = join(import.meta.dirname, "fixtures", "lock-child.ts");

/** Runs lock-child.ts as the user nobody (from root, through setpriv); undefined when that is impossible. */
async function asNobody(
  indexDir: string,
  home: string,
): Promise<{ acquired: boolean; error?: string; message?: string }> {
  const args = [
    "--reuid=nobody",
    "--regid=nogroup",
    "--clear-groups",
    process.execPath,
    "--import",
    "tsx",
    CHILD,
    indexDir,
  ];
  const { code, out, err } = await runChild("setpriv", args, {
    cwd: ROOT,
    env: { ...process.env, HOME: home },
  });
  if (code !== 0) throw new Error(`lock child exited ${code}: ${err}`);
  return JSON.parse(out);
}

function canRunAsNobody(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("id", ["nobody"], { stdio: "ignore" });
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("the build lock", () => {
  it("is held, not stale, when its process lives but belongs to another user (EPERM)", async () => {
    const root = await mkdtemp(join(tmpdir(), "newsqa-lock-"));
    const indexDir = join(root, "index");
    await mkdir(indexDir);
    // Anyone may create and delete files here: only the lock's own logic can keep the builder out.
    await chmod(root, 0o777);
    await chmod(indexDir, 0o777);
    const holder = canRunAsNobody() ? process.pid : 1;
    const lock = JSON.stringify({ pid: holder, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z" });
    await writeFile(join(indexDir, "LOCK"), lock);

    let result: { acquired: boolean; error?: string; message?: string };
    if (canRunAsNobody()) {
      // nobody may not signal this root process: process.kill(pid, 0) fails with EPERM, not ESRCH.
      result = await asNobody(indexDir, root);
    } else if (process.getuid?.() !== 0) {
      // Not root: pid 1 belongs to root and lives, and signalling it fails with EPERM.
      result = await acquireLock(indexDir).then(
        async (l) => {
          await l.release();
          return { acquired: true };
        },
        (err: Error) => ({ acquired: false, error: err.name, message: err.message }),
      );
    } else {
      console.warn("skipped: running as root without setpriv or the user nobody");
      return;
    }
    expect(result).toMatchObject({ acquired: false, error: "IndexLockedError" });
    expect(result.message).toContain(`pid ${holder} on ${hostname()}`);
    expect(await readFile(join(indexDir, "LOCK"), "utf8")).toBe(lock);
  });
});
