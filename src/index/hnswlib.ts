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
  /** Whether its addPoint and searchKnn take a Float32Array and getPoint(label, true) gives one. */
  typedVectors?: boolean;
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

function load(): { lib: Hnswlib; build: HnswlibBuild; typed?: boolean } {
  try {
    const pkg = require.resolve("hnswlib-node/package.json");
    const dir = join(dirname(pkg), "..", ".cache", "newsqa-hnswlib");
    const addon = join(dir, "build", "Release", "addon.node");
    if (!existsSync(addon)) return { lib: portable, build: "portable" };
    const record = JSON.parse(readFileSync(join(dir, "native.json"), "utf8")) as NativeRecord;
    const { version } = JSON.parse(readFileSync(pkg, "utf8")) as { version: string };
    if (!nativeFits(record, cpuFlags(), process.versions.modules, version))
      return { lib: portable, build: "portable" };
    return { lib: require(addon) as Hnswlib, build: "native", typed: record.typedVectors === true };
  } catch {
    // A missing or unreadable record, or an addon that will not load: the portable build serves.
    return { lib: portable, build: "portable" };
  }
}

const loaded = load();

export const { HierarchicalNSW } = loaded.lib;
/** The build in use in this process (and its worker threads, which load this module the same way). */
export const hnswlibBuild: HnswlibBuild = loaded.build;
/**
 * Whether the loaded addon takes and gives vectors as Float32Array (the native build,
 * scripts/native-hnswlib.mjs). hnswlib-node's own reads an Array element by element, a call into V8
 * for each number: ~30 µs of each insert and ~40 µs of each search at 512 dimensions.
 */
export const typedVectors = loaded.typed === true;

type Graph = InstanceType<typeof HierarchicalNSW>;
/** The addon's methods as the native build declares them (hnswlib-node's types know only arrays). */
interface TypedGraph {
  addPoint(point: Float32Array | number[], label: number, replaceDeleted?: boolean): void;
  searchKnn(query: Float32Array | number[], k: number): { distances: number[]; neighbors: number[] };
  getPoint(label: number, typed: true): Float32Array;
}

/** One array refilled for every insert into the portable build: an Array.from each is ~25 µs and 4 KB of garbage. */
let refilled: number[] = [];

/** Inserts `vector` under `label`, handed over in the form the loaded addon reads fastest. */
export function addVector(graph: Graph, vector: ArrayLike<number>, label: number): void {
  if (typedVectors) {
    const typed = vector instanceof Float32Array ? vector : Float32Array.from(vector);
    (graph as unknown as TypedGraph).addPoint(typed, label);
    return;
  }
  if (refilled.length !== vector.length) refilled = new Array<number>(vector.length).fill(0);
  for (let i = 0; i < vector.length; i++) refilled[i] = vector[i]!;
  graph.addPoint(refilled, label);
}

/** The `k` labels nearest to `query`, nearest first. A number[] query is converted as the addon would. */
export function searchVector(graph: Graph, query: Float32Array | readonly number[], k: number) {
  if (typedVectors)
    return (graph as unknown as TypedGraph).searchKnn(
      query instanceof Float32Array ? query : Float32Array.from(query),
      k,
    );
  return graph.searchKnn(Array.isArray(query) ? (query as number[]) : Array.from(query), k);
}

/**
 * The stored vector of `label` (unit length in the cosine space). Float32Array.from of the
 * portable build's array holds the same numbers: the graph stores float32.
 */
export function storedVector(graph: Graph, label: number): Float32Array {
  return typedVectors
    ? (graph as unknown as TypedGraph).getPoint(label, true)
    : Float32Array.from(graph.getPoint(label));
}
