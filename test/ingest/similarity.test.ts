import { describe, expect, it } from "vitest";
import { bigrams } from "../../src/ingest/similarity.js";

const sorted = (s: Set<string>) => [...s].sort();

describe("bigrams", () => {
  it("pairs neighbouring ideographs, across the spaces extraction leaves inside words", () => {
    expect(sorted(bigrams("高新区"))).toEqual(["新区", "高新"]);
    expect(sorted(bigrams("高 新\u3000区"))).toEqual(["新区", "高新"]);
  });

  it("takes a run of ASCII letters and digits as one unit, lower-cased", () => {
    expect(sorted(bigrams("从 1992 年"))).toEqual(["1992年", "从1992"]);
    expect(sorted(bigrams("GRB 090423"))).toEqual(["grb090423"]);
  });

  it("breaks the run at punctuation and symbols, and at characters outside the BMP", () => {
    expect(sorted(bigrams("清远，高新"))).toEqual(["清远", "高新"]);
    expect(sorted(bigrams("清远😀高新"))).toEqual(["清远", "高新"]);
    expect(sorted(bigrams("a-b"))).toEqual([]);
  });

  it("counts CJK extension A and compatibility ideographs as ideographs", () => {
    expect(sorted(bigrams("㐀豈"))).toEqual(["㐀豈"]);
  });

  it("holds each bigram once", () => {
    expect(sorted(bigrams("创新创新"))).toEqual(["创新", "新创"]);
    expect(bigrams("")).toEqual(new Set());
  });
});
