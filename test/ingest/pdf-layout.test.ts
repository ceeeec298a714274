import { describe, expect, it } from "vitest";
import { orderPage, type PositionedText } from "../../src/ingest/pdf-layout.js";

/** A run of CJK text at (x, baseline y), each character one em wide. */
const cjk = (str: string, x: number, y: number, size = 10): PositionedText => ({
  str,
  x,
  y,
  width: [...str].length * size,
  size,
});

/** `rows` lines of a column starting at x, from baseline `top` down, 14 pt apart. */
const column = (label: string, x: number, top: number, rows: number, size = 10) =>
  Array.from({ length: rows }, (_, i) => cjk(`${label}栏第${i + 1}行文字`, x, top - i * 14, size));

const texts = (items: PositionedText[]) => orderPage(items, 1).map((l) => l.text);

describe("ordering a page's text into reading order", () => {
  it("reads side-by-side stories whose headlines align, each headline before its own column", () => {
    // Two one-column stories; a wide gap under their headlines crosses the whole page.
    const items = [
      cjk("左边标题", 0, 500, 16),
      cjk("右边标题", 120, 500, 16),
      ...column("左", 0, 470, 3),
      ...column("右", 120, 470, 3),
    ];
    expect(texts(items)).toEqual([
      "左边标题",
      "左栏第1行文字",
      "左栏第2行文字",
      "左栏第3行文字",
      "右边标题",
      "右栏第1行文字",
      "右栏第2行文字",
      "右栏第3行文字",
    ]);
  });

  it("finishes a story under a spanning headline before the band below it", () => {
    const items = [
      cjk("横跨两栏的大标题", 40, 600, 18),
      ...column("甲", 0, 575, 3),
      ...column("乙", 120, 575, 3),
      // Next band, 30 pt lower: its gutter is at the same place.
      ...column("丙", 0, 500, 2),
      ...column("丁", 120, 500, 2),
    ];
    expect(texts(items)).toEqual([
      "横跨两栏的大标题",
      ...["甲", "乙", "丙", "丁"].flatMap((c, k) =>
        Array.from({ length: k < 2 ? 3 : 2 }, (_, i) => `${c}栏第${i + 1}行文字`),
      ),
    ]);
  });

  it("splits a text item that pdf.js merged across a narrow gutter back into its two columns", () => {
    // pdf.js joins runs on one baseline when the gap is small, with a space for the gap: here the
    // first lines of both columns (70 pt wide each, 30 pt apart) came as one item.
    const merged = { str: "左栏首行七个字 右栏首行七个字", x: 0, y: 500, width: 170, size: 10 };
    const items = [merged, ...column("左", 0, 486, 3), ...column("右", 100, 486, 3)];
    expect(texts(items)).toEqual([
      "左栏首行七个字",
      ...[1, 2, 3].map((i) => `左栏第${i}行文字`),
      "右栏首行七个字",
      ...[1, 2, 3].map((i) => `右栏第${i}行文字`),
    ]);
  });

  it("spaces Latin words and numbers split into runs, but never CJK runs", () => {
    const line = [
      cjk("清远高新区", 0, 100),
      { str: "GDP", x: 50, y: 100, width: 18, size: 10 },
      { str: "2020", x: 71, y: 100, width: 20, size: 10 },
      cjk("年增", 91, 100),
      cjk("长", 111, 100),
    ];
    expect(texts(line)).toEqual(["清远高新区GDP 2020年增长"]);
  });

  it("keeps a headline with a word space on one line, and marks it by its font size", () => {
    const items = [cjk("老朋友更好", 0, 300, 14), cjk("新朋友更多", 82, 300, 14), ...column("正", 0, 280, 4)];
    const lines = orderPage(items, 1);
    expect(lines[0]).toMatchObject({ text: "老朋友更好 新朋友更多", headline: true, fontSize: 14 });
    expect(lines.slice(1).every((l) => !l.headline)).toBe(true);
  });
});
