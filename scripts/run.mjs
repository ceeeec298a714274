/**
 * Runs one of the project's programs: `node scripts/run.mjs cli ask "…"`, `node scripts/run.mjs main`.
 * The compiled dist/ when it was built from the sources as they are now (scripts/lib/dist-stamp.mjs),
 * else the TypeScript sources through tsx. Either way the program runs in this process, so signals
 * reach it directly (the bot's graceful stop relies on that, see src/main.ts).
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { distIsFresh } from "./lib/dist-stamp.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Program name → its entry, relative to src/ (and to dist/, compiled). */
const PROGRAMS = { cli: "cli/main", main: "main", index: "cli/index-script" };

const name = process.argv[2];
const entry = PROGRAMS[name];
if (!entry) {
  process.stderr.write(`usage: node scripts/run.mjs <${Object.keys(PROGRAMS).join("|")}> [arguments…]\n`);
  process.exit(2);
}
// The program reads its own arguments from process.argv, as if started directly.
process.argv.splice(2, 1);
if (distIsFresh(root)) {
  if (process.env.NEWSQA_LAUNCH_TRACE) process.stderr.write(`run: dist/${entry}.js\n`);
  await import(pathToFileURL(join(root, "dist", `${entry}.js`)).href);
} else {
  if (process.env.NEWSQA_LAUNCH_TRACE) process.stderr.write(`run: src/${entry}.ts (tsx)\n`);
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "src", `${entry}.ts`)).href);
}
