/**
 * Persisted postings read back: from a file read whole (viewed where it lies) and from a buffer
 * that starts at an odd byte (copied first), with the same answers.
 */
import { describe, expect, it } from "vitest";
import { PostingsBuilder, SegmentPostings } from "../../src/index/lexical.js";

function postingsOf(docs: string[][]) {
  const builder = new PostingsBuilder();
  for (const tokens of docs) builder.add(tokens);
  return builder.finish();
}

function read(p: SegmentPostings, term: string): [number, number][] {
  const id = p.termId(term);
  if (id === undefined) return [];
  const { docs, tfs } = p.list(id);
  return [...docs].map((doc, i) => [doc, tfs[i]!]);
}

describe("segment postings", () => {
  const docs = [
    ["清远", "高新区", "排名", "高新区"],
    ["衡水", "高新区", "项目"],
    ["德沃康", "项目", "项目", "项目"],
  ];
  const { bin, terms } = postingsOf(docs);

  it("reads document frequencies, postings and lengths back as written", () => {
    const p = new SegmentPostings(bin, terms);
    expect(p.docs).toBe(3);
    expect(p.totalLength).toBe(11);
    expect(p.df("高新区")).toBe(2);
    expect(read(p, "高新区")).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(read(p, "项目")).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect(p.df("没有")).toBe(0);
  });

  it("reads the same from a buffer that does not start on a 4-byte boundary", () => {
    const shifted = Buffer.alloc(bin.length + 1);
    bin.copy(shifted, 1);
    const odd = shifted.subarray(1);
    expect(odd.byteOffset % 4).not.toBe(0);
    const p = new SegmentPostings(odd, terms);
    const q = new SegmentPostings(bin, terms);
    for (const term of terms) expect(read(p, term)).toEqual(read(q, term));
    expect([...p.lengths]).toEqual([...q.lengths]);
  });
});
