/**
 * The first answer as a reader gets it from the terminal: `npm run ask`'s own command
 * (scripts/run.mjs cli ask) in a fresh process, timed from spawn to exit, so it includes Node's start,
 * loading the program (compiled dist/ when it is fresh, else the sources through tsx), the checked load
 * of the index and one answer.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

export interface CliStart {
  /** Spawn to exit, ms. */
  ms: number;
  /** What the launcher ran: the compiled dist/ or the sources through tsx. */
  ran: "dist" | "src";
}

export function timeCliAsk(
  root: string,
  indexDir: string,
  question: string,
  embeddings: string,
): Promise<CliStart> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [join(root, "scripts/run.mjs"), "cli", "ask", "--index", indexDir, question],
      {
        cwd: root,
        env: { ...process.env, EMBEDDINGS: embeddings, LOG_LEVEL: "silent", NEWSQA_LAUNCH_TRACE: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let err = "";
    p.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    p.on("error", reject);
    p.on("exit", (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`npm run ask exited with ${code}: ${err.slice(-1000)}`));
      else resolve({ ms: Math.round(ms), ran: /run: dist\//.test(err) ? "dist" : "src" });
    });
  });
}
