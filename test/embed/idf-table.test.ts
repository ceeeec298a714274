/** IDF looked up in jieba's table where it lies (src/embed/idf-table.ts). */
import { idf as jiebaIdf } from "@node-rs/jieba/dict.js";
import { describe, expect, it } from "vitest";
import { createIdfLookup, UNKNOWN_IDF } from "../../src/embed/idf-table.js";

const encode = (text: string) => new TextEncoder().encode(text);

/** The table as a Map, parsed line by line: what the lookup replaces. */
function parsed(table: Uint8Array): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of new TextDecoder().decode(table).split("\n")) {
    const space = line.lastIndexOf(" ");
    if (space > 0) map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return map;
}

describe("IDF table lookup", () => {
  it("gives every word of jieba's table the figure its line holds", () => {
    const map = parsed(jiebaIdf);
    const idf = createIdfLookup(jiebaIdf);
    let checked = 0;
    for (const [word, figure] of map) {
      expect(idf(word)).toBe(figure);
      checked++;
    }
    expect(checked).toBeGreaterThan(200_000);
  });

  it("gives a word the table does not list its 75th-percentile figure, the constant", () => {
    const sorted = [...parsed(jiebaIdf).values()].sort((a, b) => a - b);
    expect(UNKNOWN_IDF).toBe(sorted[Math.floor(sorted.length * 0.75)]);
    const idf = createIdfLookup(jiebaIdf);
    expect(idf("秀洲高新区未收录词")).toBe(UNKNOWN_IDF);
    expect(idf("")).toBe(UNKNOWN_IDF);
  });

  it("tells apart words that share bytes, keeps a repeated word's last figure, and skips malformed lines", () => {
    const table = encode("高新 2.5\n高新区 7.25\nx 1\n\nnospace\n𠀋字 9.5\n高新 3.5\n尾 4");
    const idf = createIdfLookup(table, 11);
    expect(idf("高新")).toBe(3.5);
    expect(idf("高新区")).toBe(7.25);
    expect(idf("高")).toBe(11);
    expect(idf("高新区区")).toBe(11);
    expect(idf("𠀋字")).toBe(9.5);
    expect(idf("尾")).toBe(4);
    expect(idf("nospace")).toBe(11);
    expect(idf("x")).toBe(1);
  });

  it("reads long tokens, beyond its first scratch buffer", () => {
    const word = "长".repeat(300);
    const idf = createIdfLookup(encode(`${word} 5.5\n`), 1);
    expect(idf(word)).toBe(5.5);
    expect(idf(`${word}长`)).toBe(1);
  });
});
