import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import portable from "hnswlib-node";
import { describe, expect, it } from "vitest";
import {
  addVector,
  HierarchicalNSW,
  hnswlibBuild,
  nativeFits,
  searchVector,
  storedVector,
  typedVectors,
} from "../../src/index/hnswlib.js";
import { mulberry32 } from "../../src/text/seeded-random.js";

const record = { hnswlibNode: "3.0.0", modules: "115", cpuFlags: ["avx2", "fma", "sse4_2"] };

describe("nativeFits: the addon compiled for one CPU runs only where it can", () => {
  it("runs on the same CPU or one with more features", () => {
    expect(nativeFits(record, new Set(["avx2", "fma", "sse4_2"]), "115", "3.0.0")).toBe(true);
    expect(nativeFits(record, new Set(["avx2", "fma", "sse4_2", "avx512f"]), "115", "3.0.0")).toBe(true);
  });

  it("falls back on a CPU missing any feature it was compiled with", () => {
    expect(nativeFits(record, new Set(["fma", "sse4_2"]), "115", "3.0.0")).toBe(false);
    expect(nativeFits(record, new Set(), "115", "3.0.0")).toBe(false);
  });

  it("falls back under another Node ABI or another hnswlib-node version", () => {
    const flags = new Set(record.cpuFlags);
    expect(nativeFits(record, flags, "127", "3.0.0")).toBe(false);
    expect(nativeFits(record, flags, "115", "3.0.1")).toBe(false);
  });

  it("never trusts a record that lists no flags", () => {
    expect(nativeFits({ ...record, cpuFlags: [] }, new Set(["avx2"]), "115", "3.0.0")).toBe(false);
  });
});

const nativeBuilt = existsSync(
  join(
    createRequire(import.meta.url).resolve("hnswlib-node/package.json"),
    "..",
    "..",
    ".cache",
    "newsqa-hnswlib",
    "native.json",
  ),
);

describe.skipIf(!nativeBuilt)("the build compiled for this CPU (npm install's postinstall)", () => {
  it("is the one loaded", () => {
    expect(hnswlibBuild).toBe("native");
  });

  it("reads and writes the same graph files as the portable build, with the same neighbours", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hnswlib-"));
    try {
      const random = mulberry32(7);
      const dims = 64;
      const point = () => Array.from({ length: dims }, () => random() * 2 - 1);
      const native = new HierarchicalNSW("cosine", dims);
      native.initIndex(500, 16, 100, 1);
      for (let i = 0; i < 500; i++) native.addPoint(point(), i);
      await native.writeIndex(join(dir, "vectors.hnsw"));
      const other = new portable.HierarchicalNSW("cosine", dims);
      await other.readIndex(join(dir, "vectors.hnsw"));
      native.setEf(200);
      other.setEf(200);
      for (let q = 0; q < 20; q++) {
        const query = point();
        expect(other.searchKnn(query, 10).neighbors).toEqual(native.searchKnn(query, 10).neighbors);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("takes and gives Float32Array vectors, building the graph an Array builds", async () => {
    expect(typedVectors).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "hnswlib-"));
    try {
      const random = mulberry32(11);
      const dims = 48;
      const points = Array.from({ length: 300 }, () =>
        Float32Array.from({ length: dims }, () => random() - 0.5),
      );
      const typed = new HierarchicalNSW("cosine", dims);
      const arrays = new HierarchicalNSW("cosine", dims);
      typed.initIndex(300, 16, 100, 1);
      arrays.initIndex(300, 16, 100, 1);
      for (const [i, p] of points.entries()) {
        addVector(typed, p, i);
        arrays.addPoint(Array.from(p), i);
      }
      await typed.writeIndex(join(dir, "typed.hnsw"));
      await arrays.writeIndex(join(dir, "arrays.hnsw"));
      expect(await readFile(join(dir, "typed.hnsw"))).toEqual(await readFile(join(dir, "arrays.hnsw")));
      for (const q of [0, 57, 299]) {
        const stored = storedVector(typed, q);
        expect(stored).toBeInstanceOf(Float32Array);
        expect(Array.from(stored)).toEqual(arrays.getPoint(q));
        expect(searchVector(typed, points[q]!, 5)).toEqual(arrays.searchKnn(Array.from(points[q]!), 5));
        expect(searchVector(typed, Array.from(points[q]!), 5).neighbors[0]).toBe(q);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
