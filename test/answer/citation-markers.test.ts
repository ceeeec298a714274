import { describe, expect, it } from "vitest";
import {
  dropTrailingPartialMarker,
  extractMarkers,
  renumberMarkers,
  stripDanglingMarkers,
} from "../../src/answer/citation-markers.js";

describe("extractMarkers", () => {
  it("reads [n], 【n】, lists, ranges and runs of markers, once each in order of appearance", () => {
    expect(extractMarkers("综合排名第96名[2]，位于广东【1】。")).toEqual([2, 1]);
    expect(extractMarkers("both [1, 3] and [2，4] and [5、6]")).toEqual([1, 3, 2, 4, 5, 6]);
    expect(extractMarkers("A[1][2] B [2][1]")).toEqual([1, 2]);
    expect(extractMarkers("see [1-3]")).toEqual([1, 2, 3]);
  });

  it("leaves bracketed years and plain text alone", () => {
    expect(extractMarkers("国发[2020]12号文件 [a] [] 【说明】")).toEqual([]);
  });
});

describe("stripDanglingMarkers", () => {
  it("drops a marker that points past the passages and keeps the valid one", () => {
    const r = stripDanglingMarkers("清远高新区综合排名第96名[1]，较上年提升5位[9]。", 3);
    expect(r.text).toBe("清远高新区综合排名第96名[1]，较上年提升5位。");
    expect(r.cited).toEqual([1]);
    expect(r.removed).toEqual([9]);
  });

  it("drops [0] and keeps only the valid numbers of a list, writing them canonically", () => {
    const r = stripDanglingMarkers("答案[0]在这里【2，7】。", 3);
    expect(r.text).toBe("答案在这里[2]。");
    expect(r.cited).toEqual([2]);
    expect(r.removed).toEqual([0, 7]);
  });

  it("tidies the space a removed marker leaves in English text", () => {
    expect(stripDanglingMarkers("It ranked 96th [9]. It rose [4] five places [1].", 3).text).toBe(
      "It ranked 96th. It rose five places [1].",
    );
    expect(stripDanglingMarkers("[9] Leading marker [1]\n[8] next line", 2).text).toBe(
      "Leading marker [1]\nnext line",
    );
  });

  it("keeps a run of markers readable when one of them is dropped", () => {
    expect(stripDanglingMarkers("两个来源[1][5][2]。", 3).text).toBe("两个来源[1][2]。");
    expect(stripDanglingMarkers("two sources [5] [2].", 3).text).toBe("two sources [2].");
  });

  it("leaves text without markers untouched", () => {
    const text = "没有在语料中找到该园区的排名。";
    expect(stripDanglingMarkers(text, 3)).toEqual({ text, cited: [], removed: [] });
  });
});

describe("renumberMarkers", () => {
  it("maps old numbers to new ones and drops unmapped ones", () => {
    const mapping = new Map([
      [3, 1],
      [1, 2],
    ]);
    expect(renumberMarkers("甲[3]，乙【1】，丙[2]。", mapping)).toBe("甲[1]，乙[2]，丙。");
  });

  it("merges numbers that map to the same new number", () => {
    expect(
      renumberMarkers(
        "both [1, 2].",
        new Map([
          [1, 1],
          [2, 1],
        ]),
      ),
    ).toBe("both [1].");
  });
});

describe("dropTrailingPartialMarker", () => {
  it("cuts a marker still being streamed, and only that", () => {
    expect(dropTrailingPartialMarker("第96名[")).toBe("第96名");
    expect(dropTrailingPartialMarker("第96名【1")).toBe("第96名");
    expect(dropTrailingPartialMarker("第96名[1, ")).toBe("第96名");
    expect(dropTrailingPartialMarker("第96名[1]")).toBe("第96名[1]");
  });
});
