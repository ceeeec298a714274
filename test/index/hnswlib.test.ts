import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import portable from "hnswlib-node";
import { describe, expect, it } from "vitest";
import { HierarchicalNSW, hnswlibBuild, nativeFits } from "../../src/index/hnswlib.js";
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
});
