import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PageReadError } from "../../src/errors.js";
import { loadPageMeta, metaFromPath, parseIssueDate, parsePageFileName } from "../../src/ingest/metadata.js";

describe("metadata from the corpus path <paper>/<date>/<page>.txt", () => {
  it("reads paper, full date, page without leading zeros and the page name", () => {
    expect(metaFromPath("科技日报/2021-04-26/05-高新区.txt")).toEqual({
      paper: "科技日报",
      date: "2021-04-26",
      page: "5",
      pageName: "高新区",
    });
    expect(metaFromPath("archive/科技日报/20210426/12.txt")).toEqual({
      paper: "科技日报",
      date: "2021-04-26",
      page: "12",
    });
  });

  it("keeps a month-precision date as YYYY-MM and leaves a page it cannot read unknown (the seed)", () => {
    expect(metaFromPath("科技日报/2021-04/000_f28b1bf4d582b9a4.txt")).toEqual({
      paper: "科技日报",
      date: "2021-04",
    });
  });

  it("invents nothing for paths outside the layout", () => {
    expect(metaFromPath("loose-page.txt")).toEqual({});
    expect(metaFromPath("科技日报/05.txt")).toEqual({});
    expect(metaFromPath("科技日报/latest/05.txt")).toEqual({});
    expect(metaFromPath("科技日报/2021-02-30/05.txt")).toEqual({});
  });

  it("accepts only real dates in the three spellings", () => {
    expect(parseIssueDate("2021-04-26")).toBe("2021-04-26");
    expect(parseIssueDate("20210426")).toBe("2021-04-26");
    expect(parseIssueDate("2021-04")).toBe("2021-04");
    for (const bad of ["202104", "2021-13", "2021-0426", "2021-02-29", "26-04-2021", "2021"]) {
      expect(parseIssueDate(bad), bad).toBeUndefined();
    }
    expect(parseIssueDate("2020-02-29")).toBe("2020-02-29");
  });

  it("reads page numbers as printed and refuses ids and hashes", () => {
    expect(parsePageFileName("05.txt")).toEqual({ page: "5" });
    expect(parsePageFileName("A05.txt")).toEqual({ page: "A5" });
    expect(parsePageFileName("000_f28b1bf4d582b9a4.txt")).toBeUndefined();
    expect(parsePageFileName("05-f28b1bf4.txt")).toBeUndefined();
  });
});

describe("metadata files beside the pages", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "newsqa-meta-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const write = async (rel: string, text: string) => {
    await mkdir(join(root, rel, ".."), { recursive: true });
    await writeFile(join(root, rel), text);
  };

  it("lets meta.json fill what the path leaves unknown, for every page in its directory", async () => {
    await write("科技日报/2021-04/meta.json", JSON.stringify({ date: "2021-04-26", pageName: "高新区" }));
    const meta = await loadPageMeta(join(root, "科技日报/2021-04/page-a.txt"), root);
    expect(meta).toEqual({ paper: "科技日报", date: "2021-04-26", pageName: "高新区" });
  });

  it("lets <page>.meta.json override both the path and meta.json, and null make a value unknown", async () => {
    await write("科技日报/2021-04-26/meta.json", JSON.stringify({ pageName: "高新区" }));
    await write(
      "科技日报/2021-04-26/05.meta.json",
      JSON.stringify({ page: 6, pageName: null, paper: "科技日报（海外版）" }),
    );
    const meta = await loadPageMeta(join(root, "科技日报/2021-04-26/05.txt"), root);
    expect(meta).toEqual({ paper: "科技日报（海外版）", date: "2021-04-26", page: "6" });
  });

  it("names the malformed metadata file in the page's error", async () => {
    await write("p/2021-04-26/meta.json", JSON.stringify({ date: "April 2021", pages: 3 }));
    const error = await loadPageMeta(join(root, "p/2021-04-26/05.txt"), root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageReadError);
    expect((error as PageReadError).file).toBe("p/2021-04-26/05.txt");
    expect((error as Error).message).toContain("metadata file p/2021-04-26/meta.json is malformed");
    expect((error as Error).message).toMatch(/date: must be a date/);
    expect((error as Error).message).toMatch(/pages/);
  });

  it("reports metadata that is not JSON", async () => {
    await write("05.meta.json", "{ paper: 科技日报 ");
    await expect(loadPageMeta(join(root, "05.txt"), root)).rejects.toThrow(
      /metadata file 05\.meta\.json is not valid JSON/,
    );
  });
});
