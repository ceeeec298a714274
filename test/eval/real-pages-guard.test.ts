/**
 * The segmentation guard on real pages: the report half of the real People's Daily dev pages
 * (../shared/eval/real-pages), which no rule was chosen on, scored as `npm run eval:segment` scores
 * it. A change that reads them worse than the README's figures (less a small margin for ties
 * between near-equal placements), or no better than the naive baseline, fails the build.
 *
 * The pages are third-party text and never enter the repository; where ../shared/eval is absent
 * (a clone outside this workplace) the guard cannot run and says so.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRealPages, scoreRealPages } from "../../src/eval/real-pages.js";
import type { Article } from "../../src/types.js";

const REAL_PAGES = resolve(import.meta.dirname, "../../../shared/eval/real-pages");
const available = existsSync(join(REAL_PAGES, "gold"));
if (!available) console.warn(`real-page guard skipped: ${REAL_PAGES} is not on this machine`);

/** The README's report-half figures (precision, recall, titles, authors), less 0.01. */
const FLOOR = { precision: 0.828, recall: 0.889, titles: 0.9, authors: 0.979 };

/** The naive baseline of eval:segment: each blank-line block an article with no title. */
function naive(text: string): Article[] {
  return text
    .split(/\n[\t \u3000]*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => ({ title: "", authors: [], kind: "article" as const, text: b }));
}

describe.skipIf(!available)("segmentation on real pages (report half)", () => {
  it("finds the true articles, their titles and authors at least as well as the README says", () => {
    const pages = loadRealPages(REAL_PAGES, "report");
    expect(pages.length).toBeGreaterThan(90);
    const ours = scoreRealPages(pages);
    const baseline = scoreRealPages(pages, naive);
    console.info(
      `real-page guard (${pages.length} pages): P ${ours.precision.toFixed(3)} R ${ours.recall.toFixed(3)} titles ${ours.titleAccuracy.toFixed(3)} authors ${ours.authorAccuracy.toFixed(3)}; naive P ${baseline.precision.toFixed(3)} R ${baseline.recall.toFixed(3)}`,
    );
    expect(ours.precision).toBeGreaterThanOrEqual(FLOOR.precision);
    expect(ours.recall).toBeGreaterThanOrEqual(FLOOR.recall);
    expect(ours.titleAccuracy).toBeGreaterThanOrEqual(FLOOR.titles);
    expect(ours.authorAccuracy).toBeGreaterThanOrEqual(FLOOR.authors);
    expect(ours.precision).toBeGreaterThan(baseline.precision);
    expect(ours.recall).toBeGreaterThan(baseline.recall);
  }, 120_000);
});
