import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPageHeader } from "../../src/ingest/page-header.js";
import { readPage } from "../../src/ingest/read-page.js";

const SEED = join(
  import.meta.dirname,
  "..",
  "..",
  "corpus",
  "科技日报",
  "2021-04",
  "000_f28b1bf4d582b9a4.txt",
);
const HEAD = "2021年4月26日 星期一 科技日报 第5版：高新区";

describe("metadata printed on the page itself", () => {
  it("reads issue date, paper, page number and page name from a running head", () => {
    const h = readPageHeader(`${HEAD}\n本报讯 近日，某某高新区举行签约仪式。\n`);
    expect(h.meta).toEqual({ date: "2021-04-26", paper: "科技日报", page: "5", pageName: "高新区" });
    expect(h.lines).toEqual([0]);
  });

  it("does not take a date inside an article for the page's date", () => {
    const h = readPageHeader(
      "2021年4月20日，记者走进广东先导先进材料股份有限公司。\n该公司的成长见证着清远高新区的崛起。",
    );
    expect(h.meta).toEqual({});
  });

  it("fills what the path leaves unknown, refines a month folder, and keeps the head out of the articles", async () => {
    const root = await mkdtemp(join(tmpdir(), "newsqa-head-"));
    const seed = await readFile(SEED, "utf8");
    await mkdir(join(root, "科技日报", "2021-04"), { recursive: true });
    await mkdir(join(root, "loose"), { recursive: true });
    await writeFile(join(root, "科技日报", "2021-04", "x.txt"), `${HEAD}\n${seed}`);
    await writeFile(join(root, "loose", "page.txt"), `${HEAD}\n${seed}`);

    const inLayout = await readPage(join(root, "科技日报", "2021-04", "x.txt"), root);
    expect(inLayout.meta).toEqual({ paper: "科技日报", date: "2021-04-26", page: "5", pageName: "高新区" });
    const loose = await readPage(join(root, "loose", "page.txt"), root);
    expect(loose.meta).toEqual({ paper: "科技日报", date: "2021-04-26", page: "5", pageName: "高新区" });
    expect(loose.articles.map((a) => a.title).join("\n")).not.toContain("星期一");
    expect(loose.articles.filter((a) => a.kind === "article")).toHaveLength(7);
  });

  it("lets a metadata file override what the page prints", async () => {
    const root = await mkdtemp(join(tmpdir(), "newsqa-head-"));
    await mkdir(join(root, "p"), { recursive: true });
    await writeFile(join(root, "p", "page.txt"), `${HEAD}\n${await readFile(SEED, "utf8")}`);
    await writeFile(join(root, "p", "page.meta.json"), JSON.stringify({ page: "6", pageName: null }));
    const page = await readPage(join(root, "p", "page.txt"), root);
    expect(page.meta).toEqual({ paper: "科技日报", date: "2021-04-26", page: "6" });
  });
});
