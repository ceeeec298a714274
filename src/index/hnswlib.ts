/**
 * hnswlib, as this machine runs it fastest: the addon `npm install` compiled for this CPU
 * (scripts/native-hnswlib.mjs, node_modules/.cache/newsqa-hnswlib), when there is one that this
 * CPU can run; else hnswlib-node's own portable build. Both read and write the same graph files.
 *
 * The native addon is loaded only when the CPU has every feature flag the one it was compiled on
 * had, and Node's ABI and hnswlib-node's version are the ones it was built against: an addon built
 * with instructions the CPU lacks kills the process on its first distance, with no message.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import portable from "hnswlib-node";

type Hnswlib = typeof portable;

/** Which build is in use: "native" (compiled for this CPU) or "portable" (hnswlib-node's own). */
export type HnswlibBuild = "native" | "portable";

interface NativeRecord {
  hnswlibNode: string;
  modules: string;
  cpuFlags: string[];
}

const require = createRequire(import.meta.url);

/** The CPU's feature flags ("flags" in /proc/cpuinfo); empty where Linux does not list them. */
function cpuFlags(): Set<string> {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => /^(flags|Features)\s*:/.test(l));
    return new Set(
      line
        ? line
            .replace(/^[^:]*:\s*/, "")
            .split(/\s+/)
            .filter(Boolean)
        : [],
    );
  } catch {
    return new Set();
  }
}

/** Whether an addon compiled for `record`'s CPU, Node ABI and hnswlib-node version runs here. */
export function nativeFits(
  record: NativeRecord,
  flags: ReadonlySet<string>,
  modules: string,
  version: string,
): boolean {
  return (
    record.modules === modules &&
    record.hnswlibNode === version &&
    record.cpuFlags.length > 0 &&
    record.cpuFlags.every((f) => flags.has(f))
  );
}

function load(): { lib: Hnswlib; build: HnswlibBuild } {
  try {
    const pkg = require.resolve("hnswlib-node/package.json");
    const dir = join(dirname(pkg), "..", ".cache", "newsqa-hnswlib");
    const addon = join(dir, "build", "Release", "addon.node");
    if (!existsSync(addon)) return { lib: portable, build: "portable" };
    const record = JSON.parse(readFileSync(join(dir, "native.json"), "utf8")) as NativeRecord;
    const { version } = JSON.parse(readFileSync(pkg, "utf8")) as { version: string };
    if (!nativeFits(record, cpuFlags(), process.versions.modules, version))
      return { lib: portable, build: "portable" };
    return { lib: require(addon) as Hnswlib, build: "native" };
  } catch {
    // A missing or unreadable record, or an addon that will not load: the portable build serves.
    return { lib: portable, build: "portable" };
  }
}

const loaded = load();

export const { HierarchicalNSW } = loaded.lib;
/** The build in use in this process (and its worker threads, which load this module the same way). */
export const hnswlibBuild: HnswlibBuild = loaded.build;
