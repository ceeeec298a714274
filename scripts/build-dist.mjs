/**
 * `npm run build` (and `prepare`, which npm runs on install): compiles src/ into dist/ with
 * tsconfig.build.json, copies the files beside the sources that are not TypeScript (the ranker's
 * weights, the worker's source-mode entry), and stamps dist/ with the hash of the sources it came
 * from (scripts/lib/dist-stamp.mjs). `npm run ask`, `npm start` and the rest run dist/ when the stamp
 * matches and the TypeScript sources through tsx when not, so a build is only ever a speed-up: Node
 * loads the compiled modules in about half the time tsx takes to transform them.
 *
 * With --if-possible (what `prepare` passes), a failed compile warns and exits 0: the install goes
 * on and the scripts run the sources.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { STAMP, sourceHash } from "./lib/dist-stamp.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const lenient = process.argv.includes("--if-possible");

// The hash is of the sources as the compiler reads them: an edit during the build leaves dist/ stale.
const hash = sourceHash(root);
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (tsc.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  const message = "the TypeScript build failed (see above); npm scripts will run the sources through tsx";
  if (lenient) {
    process.stderr.write(`warning: ${message}\n`);
    process.exit(0);
  }
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function copyAssets(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, e.name);
    if (e.isDirectory()) copyAssets(from);
    else if (e.isFile() && !e.name.endsWith(".ts")) {
      const to = join(dist, relative(join(root, "src"), from));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    }
  }
}
copyAssets(join(root, "src"));
writeFileSync(join(dist, STAMP), `${hash}\n`);
