/**
 * Persisted postings read back: from a file read whole (viewed where it lies), from a buffer that
 * starts at an odd byte (copied first), and list by list from the file itself, with the same answers.
 */

import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PostingsBuilder, PostingsFile, SegmentedBm25, SegmentPostings } from "../../src/index/lexical.js";
import { ListArena } from "../../src/index/list-arena.js";

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
  it("refuses a second finish(), whose postings the first let go of", () => {
    const builder = new PostingsBuilder();
    builder.add(["清远", "高新区"]);
    builder.finish();
    expect(() => builder.finish()).toThrow(/called twice/);
  });

  it("reads back every posting of a builder that filled several blocks (2^18 postings each)", () => {
    // 4,000 documents of 90 distinct terms: 360,000 postings, over one block and into a second.
    const vocabulary = Array.from({ length: 500 }, (_, t) => `词${t}`);
    const docs = Array.from({ length: 4000 }, (_, d) =>
      Array.from({ length: 90 }, (_, k) => vocabulary[(d * 7 + k * 11) % 500]!).concat(
        d % 3 === 0 ? [vocabulary[d % 500]!] : [],
      ),
    );
    const expected = new Map<string, [number, number][]>();
    docs.forEach((tokens, d) => {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) expected.set(t, [...(expected.get(t) ?? []), [d, n]]);
    });
    const postings = [...expected.values()].reduce((n, list) => n + list.length, 0);
    expect(postings).toBeGreaterThan(1 << 18);
    const { bin, terms } = postingsOf(docs);
    const p = new SegmentPostings(bin, terms);
    expect(p.docs).toBe(4000);
    for (const [term, list] of expected) expect(read(p, term), term).toEqual(list);
  });

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

  it("reads each list from the file when asked, with the same postings, lengths and BM25 ranking", () => {
    // Many documents, so lists start at offsets that are not multiples of anything convenient.
    const many = Array.from({ length: 500 }, (_, d) =>
      Array.from({ length: 3 + (d % 7) }, (_, k) => `词${(d * 31 + k * 17) % 97}`),
    );
    const written = postingsOf(many);
    const dir = mkdtempSync(join(tmpdir(), "newsqa-lexical-"));
    const path = join(dir, "lexical.bin");
    writeFileSync(path, written.bin);
    const fd = openSync(path, "r");
    try {
      const onDisk = new SegmentPostings(new PostingsFile(fd), written.terms);
      const inMemory = new SegmentPostings(written.bin, written.terms);
      expect(onDisk.docs).toBe(500);
      expect(onDisk.totalLength).toBe(inMemory.totalLength);
      expect([...onDisk.lengths]).toEqual([...inMemory.lengths]);
      for (const term of written.terms) {
        expect(onDisk.df(term)).toBe(inMemory.df(term));
        expect(read(onDisk, term)).toEqual(read(inMemory, term));
      }
      const part = (postings: SegmentPostings) => ({ postings, base: 0, deleted: new Uint8Array(500) });
      const query = ["词3", "词40", "词96", "没有"];
      const ranked = new SegmentedBm25([part(onDisk)]).search(query, 10);
      expect(ranked.length).toBe(10);
      expect(ranked).toEqual(new SegmentedBm25([part(inMemory)]).search(query, 10));
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the same rankings question after question over two segments read into one reused arena", () => {
    const docsOf = (seed: number) =>
      Array.from({ length: 300 }, (_, d) =>
        Array.from({ length: 2 + ((d + seed) % 9) }, (_, k) => `词${(d * (31 + seed) + k * 17) % 89}`),
      );
    const dir = mkdtempSync(join(tmpdir(), "newsqa-lexical-"));
    const fds: number[] = [];
    try {
      const segments = [docsOf(1), docsOf(2)].map((docs, i) => {
        const written = postingsOf(docs);
        const path = join(dir, `lexical-${i}.bin`);
        writeFileSync(path, written.bin);
        const fd = openSync(path, "r");
        fds.push(fd);
        const deleted = new Uint8Array(300);
        return {
          onDisk: {
            postings: new SegmentPostings(new PostingsFile(fd), written.terms),
            base: i * 300,
            deleted,
          },
          inMemory: { postings: new SegmentPostings(written.bin, written.terms), base: i * 300, deleted },
        };
      });
      const onDisk = new SegmentedBm25(segments.map((s) => s.onDisk));
      const inMemory = new SegmentedBm25(segments.map((s) => s.inMemory));
      for (let q = 0; q < 20; q++) {
        const query = [`词${q}`, `词${(q * 7) % 89}`, `词${(q * 13 + 5) % 89}`];
        const ranked = onDisk.search(query, 15);
        expect(ranked.length).toBe(15);
        expect(ranked).toEqual(inMemory.search(query, 15));
      }
    } finally {
      for (const fd of fds) closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps an arena's earlier views intact when it grows, and reuses its memory after a reset", () => {
    const arena = new ListArena(64);
    const first = arena.uint32(10).fill(7);
    const grown = arena.uint8(100).fill(9);
    expect([...first]).toEqual(Array(10).fill(7));
    expect(grown.buffer).not.toBe(first.buffer);
    arena.reset();
    const again = arena.uint32(3);
    expect(again.buffer).toBe(grown.buffer);
    expect(again.byteOffset % 4).toBe(0);
    const odd = arena.uint8(3);
    expect(arena.uint32(2).byteOffset % 4).toBe(0);
    expect(odd.byteOffset).toBe(12);
  });

  it("names the file when it ends before its postings do", () => {
    const dir = mkdtempSync(join(tmpdir(), "newsqa-lexical-"));
    const path = join(dir, "lexical.bin");
    writeFileSync(path, bin.subarray(0, 20));
    const fd = openSync(path, "r");
    try {
      expect(() => new SegmentPostings(new PostingsFile(fd), terms)).toThrow(/lexical\.bin ends at byte/);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
