import { describe, expect, it } from "vitest";
import { reflowLines, reflowText } from "../../src/ingest/reflow.js";

describe("reflowing extracted lines into paragraphs", () => {
  it("joins CJK lines without spaces and rejoins numbers split across lines", () => {
    expect(
      reflowLines(["引进高质量项目 7个、亿元以上内资项目 20", "个，其中总投资超亿美元项目 1", "个。"]),
    ).toEqual(["引进高质量项目7个、亿元以上内资项目20个，其中总投资超亿美元项目1个。"]);
  });

  it("treats blank lines as spacing, not paragraph breaks", () => {
    const text =
      "该公司的成长见证着清远高新区\n\n的崛起。从 1992 年全国第一个扶贫开\n\n发试验区，到 2015 年升级为国家高新\n\n区。";
    expect(reflowText(text)).toBe(
      "该公司的成长见证着清远高新区的崛起。从1992年全国第一个扶贫开发试验区，到2015年升级为国家高新区。",
    );
  });

  it("ends a paragraph where a sentence ends on a short line or the next line is indented", () => {
    const lines = [
      "料许多都出自这里，公司产品从清远高", // full
      "新区走向全国，走向世界。", // short, ends a sentence: paragraph ends
      "该公司的成长见证着清远高新区", // indented first line
      "的崛起。从 1992 年全国第一个扶贫开",
      "发试验区，清远高新区一直在努力奔跑。", // full, but the next line is indented
      "今年 2 月，广东嘉博制药有限公司",
      "扛回了“全国就业与社会保障先进民营",
      "企业”的荣誉。",
    ];
    expect(reflowLines(lines)).toEqual([
      "料许多都出自这里，公司产品从清远高新区走向全国，走向世界。",
      "该公司的成长见证着清远高新区的崛起。从1992年全国第一个扶贫开发试验区，清远高新区一直在努力奔跑。",
      "今年2月，广东嘉博制药有限公司扛回了“全国就业与社会保障先进民营企业”的荣誉。",
    ]);
  });

  it("does not break after a sentence that ends mid-paragraph on a full line of a 16-em column", () => {
    const lines = [
      "于不可以做创新工作。”对此，清远高新区",
      "管委会主任周岐贤有着清醒的认识。",
      "清远高新区立足自身优势，不断练好",
      "内功。同时，主动对外伸出橄榄枝，以校",
      "地合作为抓手，把创新要素集聚了起来。",
    ];
    expect(reflowLines(lines, { width: 16 })).toHaveLength(1);
    // The same lines in a wider column are short lines: there the sentence end is a paragraph end.
    expect(reflowLines(lines, { width: 18 })).toHaveLength(2);
  });

  it("keeps the space between two Latin words", () => {
    expect(reflowLines(["导师代表无限基金SEE", "Fund合伙人贺静。"])).toEqual([
      "导师代表无限基金SEE Fund合伙人贺静。",
    ]);
  });
});
