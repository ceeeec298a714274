/**
 * `npm run eval:segment`: measures article segmentation, real pages first.
 *
 *   tsx scripts/eval-segmentation.ts [--real DIR] [--split tune|report|both] [--pages 200 --seed 7]
 *                                    [--json] [--misses 20] [--oracle] [--ablate]
 *
 * - Real: People's Daily pages with their true articles (../shared/eval/real-pages, read in place,
 *   never copied here), scored by the rule their README gives for the held-out pages
 *   (src/eval/real-pages.ts), in two halves by page id: "tune" (rules may be tuned on it) and
 *   "report" (only reported); each half also by how its pages set blank lines, and the naive
 *   baseline (blank-line blocks as articles) on it; the tune half's pages also laid out again
 *   without blanks and with a blank after every line (src/eval/relay-pages.ts). When the folder is missing, the real figures
 *   are skipped with a note.
 * - `--oracle` also scores the real halves with every subhead-or-headline call between two blocks
 *   forced to the truth (src/eval/line-gold.ts): the ceiling of those calls, not a result.
 * - `--ablate` instead prints what each switchable rule adds (src/ingest/segment-rules.ts): the tune
 *   half, its relaid pages and the generated pages segmented with that one rule off
 *   (scripts/lib/segment-ablation.ts). The report half is left out, so no rule is chosen by it.
 * - Generated (a regression check only: it measures what the generators know): scripts/lib/synth pages and
 *   the seed-story pages of the tests (`--pages` of each, from `--seed`); an article counts as found
 *   when its body matches exactly (whitespace ignored).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { lineArticles, truthOfCall } from "../src/eval/line-gold.js";
import {
  loadRealPages,
  type RealPage,
  type RealPageScore,
  type RealSplit,
  scoreRealPages,
} from "../src/eval/real-pages.js";
import { relayPages } from "../src/eval/relay-pages.js";
import { type SegmentationScore, scoreSegmentation } from "../src/eval/segmentation.js";
import { blanksMarkBlocks, toLines } from "../src/ingest/lines.js";
import { segmentPage } from "../src/ingest/segment.js";
import type { Article } from "../src/types.js";
import { seedStoryPages } from "../test/ingest/synthetic-page.js";
import { scriptArgs, usageError } from "./lib/script-args.js";
import { ablationMarkdown, segmentAblation } from "./lib/segment-ablation.js";
import { corpusPages } from "./lib/synth/index.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    real: { type: "string", default: resolve(import.meta.dirname, "../../shared/eval/real-pages") },
    split: { type: "string", default: "both" },
    pages: { type: "string", default: "200" },
    seed: { type: "string", default: "7" },
    json: { type: "boolean", default: false },
    misses: { type: "string", default: "0" },
    oracle: { type: "boolean", default: false },
    ablate: { type: "boolean", default: false },
  },
});

function int(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) usageError(`--${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

// Piped into head: stop quietly once the reader has gone.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

const f3 = (v: number) => v.toFixed(3);

/**
 * The naive baseline, scored in the same run: each block of lines between blank lines is an
 * article with no title or authors (on a page without blanks, the whole page).
 */
function naiveSegment(text: string): Article[] {
  return text
    .split(/\n[\t \u3000]*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => ({ title: "", authors: [], kind: "article" as const, text: block }));
}

/** Segments with every call between two blocks made right, by the page's true articles. */
function oracleSegment(text: string, page: RealPage): Article[] {
  const placed = lineArticles(
    text,
    page.gold.map((g) => ({ body: g.sentences.join(""), titleLines: g.title_lines })),
  );
  return segmentPage(text, { observeSection: (call) => truthOfCall(placed, call) });
}

/** Whether a page's blank lines set off layout blocks, follow (most) lines, or are absent. */
function blankLayoutOf(text: string): "blocks" | "every line" | "none" {
  const lines = toLines(text);
  if (!lines.some((l) => l.blankBefore)) return "none";
  return blanksMarkBlocks(lines) ? "blocks" : "every line";
}

try {
  const pages = int("pages", values.pages);
  const seed = int("seed", values.seed);
  const showMisses = int("misses", values.misses);
  if (!["tune", "report", "both"].includes(values.split))
    usageError(`--split must be tune, report or both, got "${values.split}"`);
  if (values.ablate) {
    if (!existsSync(resolve(values.real, "pages")))
      usageError(`--ablate needs the real pages: no ${resolve(values.real, "pages")} (pass --real DIR)`);
    const table = segmentAblation(loadRealPages(values.real, "tune"), {
      synth: [...corpusPages({ pages, seed })],
      "seed stories": [...seedStoryPages(pages, seed)],
    });
    console.log(ablationMarkdown(table));
    process.exit(0);
  }
  const splits: RealSplit[] = values.split === "both" ? ["tune", "report"] : [values.split as RealSplit];
  const real: Record<string, RealPageScore> = {};
  let realNote: string | undefined;
  if (existsSync(resolve(values.real, "pages"))) {
    for (const split of splits) {
      const pagesOfSplit = loadRealPages(values.real, split);
      real[`real-${split}`] = scoreRealPages(pagesOfSplit);
      // How each page sets its blank lines, apart: the segmenter reads the three kinds differently.
      for (const layout of ["blocks", "every line", "none"] as const) {
        const some = pagesOfSplit.filter((p) => blankLayoutOf(p.text) === layout);
        if (some.length > 0) real[`real-${split}, blanks: ${layout}`] = scoreRealPages(some);
      }
      real[`naive baseline, real-${split}`] = scoreRealPages(pagesOfSplit, naiveSegment);
      // The tune half's pages laid out again in the two harder layouts: more real text to tune
      // them on (src/eval/relay-pages.ts). Never the report half.
      if (split === "tune")
        for (const layout of ["none", "every line"] as const) {
          const relaid = relayPages(pagesOfSplit, layout);
          real[`real-tune relaid, blanks: ${layout}`] = scoreRealPages(relaid);
          if (values.oracle)
            real[`oracle section calls, real-tune relaid, blanks: ${layout}`] = scoreRealPages(
              relaid,
              oracleSegment,
            );
        }
      if (values.oracle)
        for (const layout of ["blocks", "every line", "none"] as const) {
          const some = pagesOfSplit.filter((p) => blankLayoutOf(p.text) === layout);
          if (some.length > 0)
            real[`oracle section calls, real-${split}, blanks: ${layout}`] = scoreRealPages(
              some,
              oracleSegment,
            );
        }
    }
  } else {
    realNote = `real pages skipped: no ${resolve(values.real, "pages")} (pass --real DIR, see README "Quality")`;
  }
  const generated: Record<string, SegmentationScore> = {
    synth: scoreSegmentation(corpusPages({ pages, seed })),
    "seed-stories": scoreSegmentation(seedStoryPages(pages, seed)),
  };
  if (values.json) {
    const strip = <T extends { misses: string[] }>(r: Record<string, T>) =>
      Object.fromEntries(
        Object.entries(r).map(([name, { misses, ...figures }]) => [
          name,
          { ...figures, misses: misses.slice(0, showMisses) },
        ]),
      );
    console.log(
      JSON.stringify({ real: strip(real), generated: { pages, seed, ...strip(generated) } }, null, 2),
    );
  } else {
    if (realNote) console.log(realNote);
    console.log(
      "| set | pages | articles | found | correct | precision | recall | titles right | authors right |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const [name, r] of Object.entries(real))
      console.log(
        `| ${name} | ${r.pages} | ${r.expected} | ${r.predicted} | ${r.correct} | ${f3(r.precision)} | ${f3(r.recall)} | ${f3(r.titleAccuracy)} | ${f3(r.authorAccuracy)} |`,
      );
    // Generated pages: titles and authors over all expected articles, as before.
    for (const [name, r] of Object.entries(generated))
      console.log(
        `| generated: ${name} | ${r.pages} | ${r.expected} | ${r.predicted} | ${r.matched} | ${f3(r.precision)} | ${f3(r.recall)} | ${f3(r.titleAccuracy)} | ${f3(r.authorAccuracy)} |`,
      );
    for (const [name, r] of [...Object.entries(real), ...Object.entries(generated)])
      for (const miss of r.misses.slice(0, showMisses)) console.log(`  ${name}: ${miss}`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
