import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodePage } from "../../src/ingest/decode.js";
import { readPage } from "../../src/ingest/read-page.js";

const TEXT =
  "本报讯（记者 王明）近日，衡水高新区举行重点项目签约仪式，\r\n共有27个重点项目签约，总投资达86亿元。\r\n\r\n衡水高新区27个重点项目签约 \u{20000}\r\n";

/** UTF-16 as Windows Notepad writes it ("Unicode" is little-endian, "Unicode big endian" is not), with the BOM. */
function utf16(text: string, order: "le" | "be"): Buffer {
  const le = Buffer.from(text, "utf16le");
  if (order === "le") return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

describe("UTF-16 pages with a byte-order mark", () => {
  it.each(["le", "be"] as const)("decodes UTF-16%s in the byte order its BOM gives", (order) => {
    const bytes = utf16(TEXT, order);
    // The two orders differ in every byte pair, so only the right one yields the text.
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]));
    expect(decodePage(bytes, `page-${order}.txt`)).toBe(TEXT.replace(/\r\n/g, "\n"));
  });

  it("reads a little-endian and a big-endian page file into the same articles as their UTF-8 text", async () => {
    const root = await mkdtemp(join(tmpdir(), "newsqa-utf16-"));
    await mkdir(join(root, "科技日报", "2021-05-10"), { recursive: true });
    const files = {
      utf8: join(root, "科技日报", "2021-05-10", "01.txt"),
      le: join(root, "科技日报", "2021-05-10", "02.txt"),
      be: join(root, "科技日报", "2021-05-10", "03.txt"),
    };
    await writeFile(files.utf8, TEXT);
    await writeFile(files.le, utf16(TEXT, "le"));
    await writeFile(files.be, utf16(TEXT, "be"));
    const articles = async (file: string) =>
      (await readPage(file, root)).articles.map((a) => ({ title: a.title, text: a.text }));
    const expected = await articles(files.utf8);
    expect(expected.map((a) => a.title)).toEqual(["衡水高新区27个重点项目签约\u{20000}"]);
    expect(await articles(files.le)).toEqual(expected);
    expect(await articles(files.be)).toEqual(expected);
  });
});
