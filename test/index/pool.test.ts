import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerPool, type WorkerPool } from "../../src/index/pool.js";
import type { SpooledRead } from "../../src/index/read-sources.js";

const chunking = { size: 300, overlap: 1 };

/** A one-story page about `city`. */
const page = (city: string) =>
  [
    `本报讯（记者 王明）近日，${city}高新区举行重点项目签约仪式，`,
    "共有27个重点项目签约，总投资达86亿元。",
    "",
    `${city}高新区重点项目签约`,
  ].join("\n");

describe("the build's worker pool", () => {
  const cities = ["衡水", "邢台", "沧州", "保定", "廊坊", "唐山", "承德", "张家口"];
  let root: string;
  let corpusDir: string;
  let pool: WorkerPool;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "newsqa-pool-"));
    corpusDir = join(root, "corpus");
    await mkdir(corpusDir, { recursive: true });
    await mkdir(join(root, "spool"));
    for (const city of cities) await writeFile(join(corpusDir, `${city}.txt`), page(city));
    // One worker: every read job beyond the first is handed to it while it works on another.
    pool = createWorkerPool(1);
  });

  afterAll(async () => {
    await pool.close();
    await rm(root, { recursive: true, force: true });
  });

  const read = (files: string[], b: number) =>
    pool.run<SpooledRead[]>({
      kind: "read",
      files: files.map((f) => join(corpusDir, f)),
      corpusDir,
      chunking,
      spool: join(root, "spool", `${b}.jsonl`),
      metaFiles: [],
    });

  it("gives each of many read jobs its own pages' results, though a worker holds two at once", async () => {
    const batches = cities.map((city) => [`${city}.txt`]);
    // Two jobs of two pages each, so the jobs differ in length and may end out of order.
    batches.push([`${cities[0]}.txt`, `${cities[1]}.txt`], [`${cities[2]}.txt`, "missing.txt"]);
    const results = await Promise.all(batches.map((files, b) => read(files, b)));
    for (const [b, files] of batches.entries()) {
      expect(results[b]!.map((r) => r.source)).toEqual(files);
    }
    const missing = results.at(-1)![1]!;
    expect(missing.ok).toBe(false);
    expect(results[0]![0]!.ok && results[0]![0]!.names.length).toBeGreaterThan(0);
  });

  it("fails only the job that fails, and goes on serving the jobs queued behind it", async () => {
    const failing = pool.run({
      kind: "segment",
      dir: join(root, "no-such-folder", "seg"),
      spooled: [{ file: join(root, "spool", "none.jsonl"), lines: [0] }],
      hnsw: { space: "cosine", M: 16, efConstruction: 100, efSearch: 64 },
      dictionary: { files: [], words: [] },
      dimensions: 8,
      vectors: true,
    });
    const after = read([`${cities[3]}.txt`], 100);
    await expect(failing).rejects.toThrow(/build worker failed/);
    expect((await after).map((r) => r.ok)).toEqual([true]);
  });
});
