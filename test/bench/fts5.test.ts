import { afterEach, describe, expect, it } from "vitest";
import { Fts5Index, ftsMatchQuery } from "../../scripts/lib/bench/fts5.js";
import { EXTRAS_COMMAND, hasExtra } from "../../scripts/lib/extras.js";
import type { Chunk } from "../../src/types.js";

const chunk = (n: number, text: string): Chunk => ({
  id: `c${n}`,
  title: "",
  source: "科技日报/2021-04/000.txt",
  article: 0,
  seq: n,
  text,
});

describe("FTS5 MATCH expressions", () => {
  it("quotes every token, so operators, stars and quotes are searched as text", () => {
    expect(ftsMatchQuery(["AND", "NEAR", "*", 'a"b', "清远"])).toBe(
      '"AND" OR "NEAR" OR "*" OR "a""b" OR "清远"',
    );
  });

  it("asks for each token once and gives no expression when no token is left", () => {
    expect(ftsMatchQuery(["高新区", "高新区", " "])).toBe('"高新区"');
    expect(ftsMatchQuery([])).toBeUndefined();
    expect(ftsMatchQuery(["", "  "])).toBeUndefined();
  });
});

const sqlite = hasExtra("better-sqlite3");
if (!sqlite) console.warn(`FTS5 index tests skipped: better-sqlite3 is a dev extra (${EXTRAS_COMMAND})`);

describe.skipIf(!sqlite)("FTS5 index", () => {
  let index: Fts5Index | undefined;
  afterEach(() => index?.close());

  const build = (tokenize?: "whole" | "unicode61") => {
    index = new Fts5Index(":memory:", { tokenize });
    index.add([
      { chunk: chunk(0, "清远高新区综合排名第96名"), tokens: ["清远", "高新区", "综合", "排名", "96"] },
      {
        chunk: chunk(1, "嘉兴高新区增长30%，达2.7亿元"),
        tokens: ["嘉兴", "高新区", "增长", "30%", "2.7", "亿元"],
      },
      { chunk: chunk(2, "30家企业，2 7 and near"), tokens: ["30", "企业", "2", "7", "and", "near", 'a"b'] },
    ]);
    return index;
  };

  it("ranks the chunk holding the rarer query term first, with positive scores", () => {
    const hits = build().search(["嘉兴", "高新区"], 10);
    expect(hits.map((h) => h.doc)).toEqual([1, 0]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[1]!.score).toBeGreaterThan(0);
  });

  it("searches odd tokens without a syntax error and finds them as words", () => {
    const fts = build();
    for (const odd of [["AND"], ["*"], ["-"], ['"'], ["NEAR(", ")"], ["col:x"], ["^"]])
      expect(() => fts.search(odd, 5)).not.toThrow();
    expect(fts.search(["and"], 5).map((h) => h.doc)).toEqual([2]);
    expect(fts.search(['a"b'], 5).map((h) => h.doc)).toEqual([2]);
    expect(fts.search(["*"], 5)).toEqual([]);
    expect(fts.search([], 5)).toEqual([]);
    expect(fts.search(["保定"], 5)).toEqual([]);
  });

  it("keeps tokens with punctuation whole: 30% and 2.7 do not match 30 and 2 7", () => {
    const fts = build();
    expect(fts.search(["30%"], 5).map((h) => h.doc)).toEqual([1]);
    expect(fts.search(["2.7"], 5).map((h) => h.doc)).toEqual([1]);
    expect(fts.search(["30"], 5).map((h) => h.doc)).toEqual([2]);
  });

  it("with the unicode61 tokenizer, splits 30% into 30", () => {
    const docs = build("unicode61")
      .search(["30%"], 5)
      .map((h) => h.doc);
    expect(docs.sort()).toEqual([1, 2]);
  });

  it("deletes a chunk from the store and the index", () => {
    const fts = build();
    fts.delete([1]);
    expect(fts.search(["嘉兴"], 5)).toEqual([]);
    expect(fts.chunk(1)).toBeUndefined();
    expect(fts.chunk(0)?.text).toBe("清远高新区综合排名第96名");
    expect(fts.size).toBe(2);
  });
});
