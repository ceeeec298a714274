import { describe, expect, it } from "vitest";
import { createLexiconMerger } from "../../src/index/lexicon-merger.js";
import type { NameLexiconData, NameLexiconEntries } from "../../src/text/name-lexicon.js";

/**
 * The merge the build did before the merger (one object, names searched one by one, a stable sort
 * after each lexicon), kept here as the reference: the stored lexicon must not change by a byte.
 */
function referenceMerge(parts: readonly NameLexiconData[]): NameLexiconData {
  const into: NameLexiconData = {};
  for (const more of parts)
    for (const [key, names] of Object.entries(more)) {
      const have = into[key];
      if (!have) {
        into[key] = names.map(([n, c]) => [n, c]);
        continue;
      }
      for (const [name, count] of names) {
        const entry = have.find(([n]) => n === name);
        if (entry) entry[1] += count;
        else have.push([name, count]);
      }
      have.sort((a, b) => b[1] - a[1]);
    }
  return into;
}

/** A small deterministic stream of numbers in [0, 1). */
function numbers(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe("adding name lexicons together", () => {
  it("sums a name's counts, keeps each key's names most frequent first and keys in first-added order", () => {
    const merger = createLexiconMerger();
    merger.add([
      ["wang", [["王", 3]]],
      ["zhang", [["张", 1]]],
    ]);
    merger.add({ zhang: [["章", 2]], wang: [["汪", 1]] });
    merger.add([["zhang", [["张", 4]]]]);
    const data = merger.data();
    expect(Object.keys(data)).toEqual(["wang", "zhang"]);
    expect(data.zhang).toEqual([
      ["张", 5],
      ["章", 2],
    ]);
    expect(data.wang).toEqual([
      ["王", 3],
      ["汪", 1],
    ]);
  });

  it("keeps names of equal counts in the order they stood, as the stored lexicon always has", () => {
    const merger = createLexiconMerger();
    merger.add([["li", [["李", 1]]]]);
    merger.add([["li", [["黎", 2]]]]);
    // 李 catches up with 黎: the tie keeps 黎 first, where the last sort put it.
    merger.add([["li", [["李", 1]]]]);
    expect(merger.data().li).toEqual([
      ["黎", 2],
      ["李", 2],
    ]);
  });

  it("does not change the lexicon it was given", () => {
    const stored: NameLexiconData = { chen: [["陈", 2]] };
    const merger = createLexiconMerger();
    merger.add(stored);
    merger.add([["chen", [["陈", 1]]]]);
    expect(stored).toEqual({ chen: [["陈", 2]] });
    expect(merger.data().chen).toEqual([["陈", 3]]);
  });

  it("gives what the one-by-one merge gave, byte for byte, with many names under one key", () => {
    // One key gathers up to 40 names, as common surnames do.
    const next = numbers(7);
    const keys = ["wang", "zhang", "li", "liu", "chen", "yang"];
    const pages: NameLexiconEntries[] = [];
    for (let p = 0; p < 400; p++) {
      const page: NameLexiconEntries = [];
      for (const key of keys) {
        if (next() < 0.4) continue;
        const names = new Map<string, number>();
        const n = 1 + Math.floor(next() * 4);
        for (let i = 0; i < n; i++) {
          const name = `${key}${Math.floor(next() * (key === "wang" ? 40 : 6))}`;
          names.set(name, (names.get(name) ?? 0) + 1 + Math.floor(next() * 3));
        }
        page.push([key, [...names].sort((a, b) => b[1] - a[1])]);
      }
      pages.push(page);
    }
    const merger = createLexiconMerger();
    for (const page of pages) merger.add(page);
    const expected = referenceMerge(pages.map((p) => Object.fromEntries(p)));
    expect(merger.data().wang!.length).toBeGreaterThan(20);
    expect(JSON.stringify(merger.data())).toBe(JSON.stringify(expected));
  });
});
