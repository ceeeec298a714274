/** Where an admin's uploaded page goes, and that chat input can never choose a path outside the corpus. */
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fetchFile,
  pageExtension,
  parseCaption,
  placeUpload,
  resolveInCorpus,
  stagePage,
  UploadRejectedError,
  UploadTooLargeError,
} from "../../src/telegram/upload.js";

const received = new Date("2024-05-01T10:00:00Z");

describe("reading a caption", () => {
  it.each([
    ["科技日报 2021-04-26 5", { paper: "科技日报", date: "2021-04-26", page: "5" }],
    ["科技日报，2021年4月26日，第05版", { paper: "科技日报", date: "2021-04-26", page: "5" }],
    ["人民日报 20210426 A3", { paper: "人民日报", date: "2021-04-26", page: "A3" }],
    ["2021-04 科技日报", { paper: "科技日报", date: "2021-04" }],
    ["@newsqa_bot 5版", { page: "5" }],
    ["", {}],
  ])("%s", (caption, meta) => {
    expect(parseCaption(caption)).toEqual(meta);
  });
});

describe("placing an upload", () => {
  it("files a page with paper and date where the corpus layout states them", () => {
    expect(
      placeUpload({ fileName: "x.txt", ext: "txt", caption: "科技日报 2021-04-26 5", receivedAt: received }),
    ).toEqual({
      path: "科技日报/2021-04-26/5.txt",
    });
    expect(
      placeUpload({ fileName: "头版.pdf", ext: "pdf", caption: "科技日报 2021-04-26", receivedAt: received }),
    ).toEqual({
      path: "科技日报/2021-04-26/头版.pdf",
    });
  });

  it("files anything else under uploads/received-<day>, with what the caption said beside it", () => {
    expect(placeUpload({ fileName: "page.TXT", ext: "txt", receivedAt: received })).toEqual({
      path: "uploads/received-2024-05-01/page.txt",
    });
    expect(placeUpload({ fileName: "p.txt", ext: "txt", caption: "第5版", receivedAt: received })).toEqual({
      path: "uploads/received-2024-05-01/p.txt",
      meta: { page: "5" },
    });
    expect(placeUpload({ fileName: undefined, ext: "pdf", receivedAt: received }).path).toBe(
      "uploads/received-2024-05-01/page.pdf",
    );
  });

  it("cleans odd characters and hidden-file dots out of names", () => {
    const place = (fileName: string) => placeUpload({ fileName, ext: "txt", receivedAt: received }).path;
    expect(place("..hidden.txt")).toBe("uploads/received-2024-05-01/hidden.txt");
    expect(place('a<b>|c:"d*?.txt')).toBe("uploads/received-2024-05-01/a_b__c__d__.txt");
    expect(place("新闻 第5版（头版）.txt")).toBe("uploads/received-2024-05-01/新闻 第5版（头版）.txt");
    expect(place(`${"长".repeat(200)}.txt`)).toBe(`uploads/received-2024-05-01/${"长".repeat(80)}.txt`);
  });

  it.each([["../../evil.txt"], ["..\\..\\evil.txt"], ["/etc/passwd.txt"], ["sub/dir.txt"], ["C:\\evil.txt"]])(
    "rejects a file name with a path: %s",
    (fileName) => {
      expect(() => placeUpload({ fileName, ext: "txt", receivedAt: received })).toThrow(UploadRejectedError);
    },
  );

  it.each([["../etc 2021-04-26 5"], ["a/b 2021-04-26"], ["科技日报\\.. 2021-04-26"]])(
    "rejects a caption whose paper is a path: %s",
    (caption) => {
      expect(() => placeUpload({ fileName: "p.txt", ext: "txt", caption, receivedAt: received })).toThrow(
        UploadRejectedError,
      );
    },
  );

  it("knows page files by extension, or by MIME type when the name has none", () => {
    expect(pageExtension("a.PDF", "application/octet-stream")).toBe("pdf");
    expect(pageExtension("a.docx", "text/plain")).toBeUndefined();
    expect(pageExtension(undefined, "text/plain")).toBe("txt");
    expect(pageExtension("noext", "application/pdf")).toBe("pdf");
  });
});

describe("writing an upload", () => {
  let root: string;
  let corpus: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "newsqa-upload-"));
    corpus = join(root, "corpus");
    await mkdir(corpus);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("refuses paths that resolve outside the corpus", () => {
    expect(() => resolveInCorpus(corpus, "../x.txt")).toThrow(UploadRejectedError);
    expect(() => resolveInCorpus(corpus, "/tmp/x.txt")).toThrow(UploadRejectedError);
    expect(resolveInCorpus(corpus, "a/b.txt")).toBe(join(corpus, "a/b.txt"));
  });

  it("stages a page under a hidden name and moves it and its metadata into place on commit", async () => {
    const staged = await stagePage(
      corpus,
      { path: "uploads/received-2024-05-01/p.txt", meta: { paper: "科技日报" } },
      Buffer.from("正文"),
    );
    expect(staged.replaces).toBe(false);
    expect(staged.staged).toMatch(/\/\.upload-[0-9a-f]+\.txt$/);
    expect(existsSync(staged.file)).toBe(false);
    await staged.commit();
    expect(await readFile(staged.file, "utf8")).toBe("正文");
    expect(JSON.parse(await readFile(staged.file.replace(/\.txt$/, ".meta.json"), "utf8"))).toEqual({
      paper: "科技日报",
    });
    expect((await readdir(join(corpus, "uploads/received-2024-05-01"))).sort()).toEqual([
      "p.meta.json",
      "p.txt",
    ]);

    const again = await stagePage(corpus, { path: "uploads/received-2024-05-01/p.txt" }, Buffer.from("新"));
    expect(again.replaces).toBe(true);
    await again.discard();
    expect(await readFile(staged.file, "utf8")).toBe("正文");
  });

  it("refuses to write through a symlinked folder that leads out of the corpus", async () => {
    const outside = join(root, "outside");
    await mkdir(outside);
    await symlink(outside, join(corpus, "linked"));
    await expect(stagePage(corpus, { path: "linked/p.txt" }, Buffer.from("x"))).rejects.toThrow(
      UploadRejectedError,
    );
    expect(await readdir(outside)).toEqual([]);
  });
});

describe("downloading an upload", () => {
  let server: ReturnType<typeof createServer>;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      // Chunked, no content-length: the size is only known while reading.
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const n = req.url === "/big" ? 64 : 2;
      for (let i = 0; i < n; i++) res.write(Buffer.alloc(1024, 1));
      res.end();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads a file within the limit", async () => {
    expect((await fetchFile({ url: `${base}/small` }, 10_000)).length).toBe(2048);
  });

  it("stops reading once a file without a declared size passes the limit", async () => {
    await expect(fetchFile({ url: `${base}/big` }, 10_000)).rejects.toBeInstanceOf(UploadTooLargeError);
  });
});
