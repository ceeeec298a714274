/**
 * One benchmark job in its own process, started by child.mjs: `node scripts/lib/bench/child.mjs <task> <args.json>`.
 * Prints the result as JSON on the last line of stdout.
 */
import { readFile } from "node:fs/promises";
import { benchBot } from "./bot.js";
import { benchDenseRecall } from "./dense-recall.js";
import { benchRealBaseline, benchRealServe } from "./real.js";
import { benchBaseline, benchBuild, benchQuality, benchRecall, benchServe, benchStartup } from "./tasks.js";

const [task, argsFile] = process.argv.slice(2) as [string, string];
const args = JSON.parse(await readFile(argsFile, "utf8"));
const tasks: Record<string, (a: never) => Promise<unknown>> = {
  build: benchBuild,
  serve: benchServe,
  recall: benchRecall,
  baseline: benchBaseline,
  quality: benchQuality,
  bot: benchBot,
  startup: benchStartup,
  "real-serve": benchRealServe,
  "real-baseline": benchRealBaseline,
  "dense-recall": benchDenseRecall,
};
const run = tasks[task];
if (!run) throw new Error(`unknown bench task ${task}`);
const result = await run(args as never);
process.stdout.write(`\n${JSON.stringify(result)}\n`);
process.exit(0);
