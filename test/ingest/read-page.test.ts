import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PageReadError } from "../../src/errors.js";
import { listPageFiles, readPage } from "../../src/ingest/read-page.js";

const SEED = "corpus/科技日报/2021-04/000_f28b1bf4d582b9a4.txt";

describe("reading pages from a corpus tree", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "newsqa-pages-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const put = async (rel: string, content: string | Buffer) => {
    await mkdir(join(root, rel, ".."), { recursive: true });
    await writeFile(join(root, rel), content);
  };

  it("lists every .txt at any depth in path order, skipping metadata files and hidden folders", async () => {
    await put("科技日报/2021-04-26/05.txt", "x");
    await put("科技日报/2021-04-26/05.meta.json", "{}");
    await put("科技日报/2021-04-26/meta.json", "{}");
    await put("a/b/c/deep.txt", "x");
    await put(".git/notes.txt", "x");
    await put("科技日报/.cache/old.txt", "x");
    await put("readme.md", "x");
    const files = await listPageFiles(root);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual([
      "a/b/c/deep.txt",
      "科技日报/2021-04-26/05.txt",
    ]);
  });

  it("reads the seed page with its source, hash, path metadata and articles", async () => {
    await put("科技日报/2021-04/000_f28b1bf4d582b9a4.txt", await readFile(SEED));
    const [file] = await listPageFiles(root);
    const page = await readPage(file!, root);
    expect(page.source).toBe("科技日报/2021-04/000_f28b1bf4d582b9a4.txt");
    expect(page.hash).toBe(
      createHash("sha256")
        .update(await readFile(SEED))
        .digest("hex"),
    );
    expect(page.meta).toEqual({ paper: "科技日报", date: "2021-04" });
    expect(page.articles).toHaveLength(8);
  });

  it("reads a GB18030 page like a UTF-8 one", async () => {
    await mkdir(join(root, "科技日报/2021-04-26"), { recursive: true });
    await copyFile("test/fixtures/pages/gb18030-page.txt", join(root, "科技日报/2021-04-26/03-区域.txt"));
    const page = await readPage(join(root, "科技日报/2021-04-26/03-区域.txt"), root);
    expect(page.meta).toEqual({ paper: "科技日报", date: "2021-04-26", page: "3", pageName: "区域" });
    expect(page.articles.map((a) => [a.title, a.authors])).toEqual([
      ["苏州高新区新增3家国家级孵化器", ["王小明"]],
    ]);
    expect(page.articles[0]!.text).toContain("苏州高新区3家孵化器入选，总数达到12家");
  });

  it("fails per file with the page's relative path and a reason", async () => {
    await put("bad/empty.txt", "");
    await put("bad/binary.txt", Buffer.from([0x00, 0x01, 0x02, 0xff]));
    await put("bad/headline-only.txt", "苏州高新区新增国家级孵化器\n");
    for (const [rel, reason] of [
      ["bad/empty.txt", /empty/],
      ["bad/binary.txt", /binary/],
      ["bad/headline-only.txt", /no article text/],
      ["bad/missing.txt", /cannot read the file \(ENOENT\)/],
    ] as const) {
      const error = await readPage(join(root, rel), root).catch((e: unknown) => e);
      expect(error, rel).toBeInstanceOf(PageReadError);
      expect((error as PageReadError).file).toBe(rel);
      expect((error as Error).message).toMatch(reason);
    }
  });
});
