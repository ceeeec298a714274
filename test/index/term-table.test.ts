/**
 * A segment's term table (src/index/term-table.ts): lexical.terms sorted by bytes and searched in
 * place gives every term the id its postings were written under, and a segment written before it,
 * with lexical.terms.json, still loads, answers the same and is carried over by the next build.
 */
import { createHash } from "node:crypto";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PostingsBuilder, SegmentPostings } from "../../src/index/lexical.js";
import type { Manifest } from "../../src/index/manifest.js";
import { currentGeneration, readManifest } from "../../src/index/store.js";
import {
  LEGACY_TERMS_FILE,
  SortedTerms,
  sortTerms,
  TERMS_FILE,
  termsFileBytes,
} from "../../src/index/term-table.js";
import { createLogger } from "../../src/logger.js";
import { createQaService } from "../../src/qa/create-qa-service.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { tempDirs, testConfig } from "../support/seed-index.js";

const TERMS = [
  "高新区",
  "高新",
  "高",
  "衡水",
  "a",
  "ab",
  "b",
  "Ａ",
  "𠀋",
  "𠀋字",
  "\uE000",
  "2021",
  "清远高新区",
];

describe("sorted term table", () => {
  const sorted = sortTerms(TERMS);
  const table = new SortedTerms(termsFileBytes(sorted));

  it("orders terms by their UTF-8 bytes, which a string sort gets wrong above U+FFFF", () => {
    expect(sorted).toHaveLength(TERMS.length);
    for (let i = 1; i < sorted.length; i++)
      expect(Buffer.compare(Buffer.from(sorted[i - 1]!), Buffer.from(sorted[i]!))).toBeLessThan(0);
    // UTF-16 puts 𠀋 (a surrogate pair) before Ａ (U+FF21); its bytes come after.
    expect(sorted.indexOf("Ａ")).toBeLessThan(sorted.indexOf("𠀋"));
  });

  it("finds every term at its line and no other string", () => {
    expect(table.count).toBe(TERMS.length);
    for (const [i, term] of sorted.entries()) expect(table.id(term)).toBe(i);
    for (const other of ["", "高新区区", "衡", "abc", "0", "𠀋字字", "c", "清远"])
      expect(table.id(other)).toBeUndefined();
    expect([...table.entries()]).toEqual(sorted.map((t, i) => [t, i]));
  });

  it("finds long terms, and an empty table holds nothing", () => {
    const long = "长".repeat(100);
    expect(new SortedTerms(termsFileBytes(sortTerms([long, "短"]))).id(long)).toBe(1);
    const empty = new SortedTerms(Buffer.alloc(0));
    expect(empty.count).toBe(0);
    expect(empty.id("高新区")).toBeUndefined();
  });

  it("refuses a term that cannot be a line", () => {
    expect(() => sortTerms(["高新区", ""])).toThrow(/non-empty line/);
    expect(() => sortTerms(["高新\n区"])).toThrow(/non-empty line/);
  });

  it("gives postings read through it the ids they were written under", () => {
    const builder = new PostingsBuilder();
    builder.add(["衡水", "高新区", "高新区"]);
    builder.add(["𠀋字", "Ａ", "衡水"]);
    builder.add(["高新区", "2021"]);
    const { bin, terms } = builder.finish();
    const postings = new SegmentPostings(bin, new SortedTerms(termsFileBytes(terms)));
    const docsOf = (term: string) => [...postings.list(postings.termId(term)!).docs];
    expect(docsOf("高新区")).toEqual([0, 2]);
    expect(docsOf("衡水")).toEqual([0, 1]);
    expect(docsOf("𠀋字")).toEqual([1]);
    expect(postings.df("Ａ")).toBe(1);
    expect(postings.termId("高")).toBeUndefined();
  });
});

/** Rewrites each segment of the live generation as one written before lexical.terms was. */
async function toLegacySegments(indexDir: string): Promise<string> {
  const gen = (await currentGeneration(indexDir))!;
  const manifestPath = join(indexDir, gen, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
  for (const segment of manifest.segments) {
    const dir = join(indexDir, gen, segment.name);
    const terms = (await readFile(join(dir, TERMS_FILE), "utf8")).split("\n");
    const json = Buffer.from(JSON.stringify(terms));
    await writeFile(join(dir, LEGACY_TERMS_FILE), json);
    await rm(join(dir, TERMS_FILE));
    delete manifest.files[`${segment.name}/${TERMS_FILE}`];
    manifest.files[`${segment.name}/${LEGACY_TERMS_FILE}`] = {
      bytes: json.length,
      sha256: createHash("sha256").update(json).digest("hex"),
    };
  }
  await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 3 }));
  return gen;
}

describe("segments written before lexical.terms", () => {
  it("load and answer as they did, and the next build carries them over as they are", async () => {
    const dirs = await tempDirs();
    const config = testConfig(dirs, { EMBEDDINGS: "none" });
    const logger = createLogger("silent");
    const question = "衡水高新区的德沃康项目投资多少？";
    const ids = (hits: { id: string; score: number }[]) => hits.map((h) => `${h.id} ${h.score.toFixed(6)}`);
    const fresh = await createQaService({ config, logger });
    const before = ids(await fresh.retrieve(question, { k: 5 }));
    expect(before.length).toBeGreaterThan(0);

    const gen = await toLegacySegments(dirs.indexDir);
    const legacy = await createQaService({ config, logger });
    expect(ids(await legacy.retrieve(question, { k: 5 }))).toEqual(before);

    await writeFile(join(dirs.corpusDir, "new-zone.txt"), NEW_ZONE_PAGE.replace("衡水", "秦皇岛"));
    const summary = await legacy.reindex();
    expect(summary.added).toBe(1);
    const now = (await currentGeneration(dirs.indexDir))!;
    expect(now).not.toBe(gen);
    const files = Object.keys((await readManifest(dirs.indexDir, now)).files);
    const legacyFiles = files.filter((f) => f.endsWith(`/${LEGACY_TERMS_FILE}`));
    const newFiles = files.filter((f) => f.endsWith(`/${TERMS_FILE}`));
    // The old segments as they were, the new page's segment in the new form.
    expect(legacyFiles.length).toBeGreaterThan(0);
    expect(newFiles).toHaveLength(1);
    for (const f of [...legacyFiles, ...newFiles])
      expect((await stat(join(dirs.indexDir, now, f))).size).toBeGreaterThan(0);
    expect(
      (await legacy.retrieve("秦皇岛高新区的德沃康项目", { k: 5 })).some((p) => p.text.includes("秦皇岛")),
    ).toBe(true);
  }, 60_000);
});
