import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PageReadError } from "../../src/errors.js";
import { decodePage } from "../../src/ingest/decode.js";

const FIXTURES = "test/fixtures/pages";
const rejection = (bytes: Buffer): PageReadError => {
  try {
    decodePage(bytes, "corpus/bad.txt");
  } catch (err) {
    expect(err).toBeInstanceOf(PageReadError);
    return err as PageReadError;
  }
  throw new Error("expected decodePage to reject the bytes");
};

describe("decoding page files", () => {
  it("reads UTF-8 and strips a byte-order mark", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("本报讯 近日，\r\n科技日报", "utf8"),
    ]);
    expect(decodePage(bytes, "a.txt")).toBe("本报讯 近日，\n科技日报");
  });

  it("detects GB18030 when the bytes are not UTF-8 (hand-encoded 科技日报 and a four-byte character)", () => {
    // 科 BFC6, 技 BCBC, 日 C8D5, 报 B1A8; U+20000 is the four-byte sequence 95 32 82 36.
    const bytes = Buffer.from([0xbf, 0xc6, 0xbc, 0xbc, 0xc8, 0xd5, 0xb1, 0xa8, 0x0a, 0x95, 0x32, 0x82, 0x36]);
    expect(decodePage(bytes, "gb.txt")).toBe("科技日报\n\u{20000}");
  });

  it("decodes a GB18030 page made by iconv to the same text as its UTF-8 source", () => {
    const encoded = readFileSync(`${FIXTURES}/gb18030-page.txt`);
    const source = readFileSync(`${FIXTURES}/gb18030-page.utf8.txt`, "utf8");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(encoded)).toThrow();
    expect(decodePage(encoded, "gb18030-page.txt")).toBe(source);
  });

  it("rejects an empty file and says so", () => {
    const err = rejection(Buffer.alloc(0));
    expect(err.file).toBe("corpus/bad.txt");
    expect(err.message).toMatch(/^corpus\/bad\.txt: the file is empty/);
  });

  it("rejects a whitespace-only file, pointing at scans without a text layer", () => {
    expect(rejection(Buffer.from(" \n\n\u3000\t\n", "utf8")).message).toMatch(/only whitespace.*text layer/);
  });

  it("rejects binary junk with NUL bytes", () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    ]);
    expect(rejection(png).message).toMatch(/NUL bytes, so it is binary/);
  });

  it("rejects valid UTF-8 that is mostly control characters", () => {
    const junk = Buffer.from(`本报讯${"\u0001\u0002\u0003".repeat(20)}近日`, "utf8");
    expect(rejection(junk).message).toMatch(/binary junk or damaged text \(60 control characters/);
  });

  it("rejects text damaged into replacement characters", () => {
    const damaged = Buffer.from("本报讯\ufffd\ufffd\ufffd近日，\ufffd\ufffd", "utf8");
    expect(rejection(damaged).message).toMatch(/replacement characters \(U\+FFFD\)/);
  });

  it("rejects bytes that are neither UTF-8 nor Chinese GB18030, suggesting a conversion", () => {
    // Random high bytes: valid GB18030 two-byte pairs would decode to a jumble of rare characters.
    const bytes = Buffer.from([0x80, 0xff, 0x80, 0xff, 0x41, 0x80]);
    expect(rejection(bytes).message).toMatch(/neither valid UTF-8 nor GB18030.*iconv/);
  });
});
