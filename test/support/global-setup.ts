/**
 * One temporary folder per test run. Tests make their corpora, indexes and uploads with
 * `mkdtemp(tmpdir())` and most leave them there (a test that fails half way could not clean up
 * anyway), so each run left some 45 folders in /tmp: 12 GB over a few days on the dev machine.
 * Here TMPDIR points into a folder of this run's own before any test file starts (the test
 * processes and the CLI children they spawn inherit it), and the folder goes when the run ends.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "newsqa-test-run-"));
  // As /tmp is: the lock test runs a child as another user, which writes here too (tsx's cache).
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
