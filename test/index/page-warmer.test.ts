import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WARM_FROM_PAGES, warmPages } from "../../src/index/page-warmer.js";

describe("reading a build's pages ahead of its workers", () => {
  let root: string;
  let files: string[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "newsqa-warm-"));
    files = [];
    for (let i = 0; i < WARM_FROM_PAGES + 6; i++) {
      const file = join(root, `${i}.txt`);
      await writeFile(file, `第${i}版\n${"高新区".repeat(i % 50)}\n`);
      files.push(file);
    }
    await mkdir(join(root, "a-folder"));
    execFileSync("mkfifo", [join(root, "a-fifo")]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads every regular file in the list, past a missing one, a FIFO and a folder", async () => {
    const odd = ["missing.txt", "a-fifo", "a-folder"].map((f) => join(root, f));
    const list = [...files.slice(0, 10), ...odd, ...files.slice(10)];
    // cachedMs 0: never taken for a cached corpus, so it reads to the end.
    const warmer = warmPages(list, { cachedMs: 0 });
    expect(await warmer.done).toBe(files.length);
    await warmer.stop();
  });

  it("stops after its first pages when they come from the cache", async () => {
    // Just written, so cached: its 64 probe pages average far under the 1 s a page allowed here.
    const warmer = warmPages(files, { cachedMs: 1000 });
    expect(await warmer.done).toBe(64);
    await warmer.stop();
  });

  it("starts no thread for a build of a few pages", async () => {
    expect(await warmPages(files.slice(0, 100)).done).toBe(0);
  });
});
