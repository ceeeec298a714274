/**
 * Measures segmentation against synthetic pages with known truth:
 *   tsx scripts/eval-segmentation.ts --pages 200 --seed 7 [--json] [--misses 20]
 * Scores two generators: src/synth (new vocabulary, templates, bylines, headlines before or after
 * their bodies, captions) and the seed-story generator of the tests (the seed page's own prose in
 * new layouts; `--pages` of them, from `--seed`). Precision and recall count articles whose body
 * matches exactly (whitespace ignored); title and author accuracy are over all expected articles.
 */
import { parseArgs } from "node:util";
import { type SegmentationScore, scoreSegmentation } from "../src/eval/segmentation.js";
import { corpusPages } from "../src/synth/index.js";
import { seedStoryPages } from "../test/ingest/synthetic-page.js";

const { values } = parseArgs({
  options: {
    pages: { type: "string", default: "200" },
    seed: { type: "string", default: "7" },
    json: { type: "boolean", default: false },
    misses: { type: "string", default: "0" },
  },
});

function int(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

// Piped into head: stop quietly once the reader has gone.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

try {
  const pages = int("pages", values.pages);
  const seed = int("seed", values.seed);
  const showMisses = int("misses", values.misses);
  const results: Record<string, SegmentationScore> = {
    synth: scoreSegmentation(corpusPages({ pages, seed })),
    "seed-stories": scoreSegmentation(seedStoryPages(pages, seed)),
  };
  if (values.json) {
    const summary = Object.fromEntries(
      Object.entries(results).map(([name, { misses, ...figures }]) => [
        name,
        { ...figures, misses: misses.slice(0, showMisses) },
      ]),
    );
    console.log(JSON.stringify({ pages, seed, ...summary }, null, 2));
  } else {
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `${name}: ${r.pages} pages, ${r.expected} articles expected, ${r.predicted} found, ${r.matched} matched\n` +
          `  precision ${r.precision.toFixed(3)}  recall ${r.recall.toFixed(3)}  ` +
          `title accuracy ${r.titleAccuracy.toFixed(3)}  author accuracy ${r.authorAccuracy.toFixed(3)}`,
      );
      for (const miss of r.misses.slice(0, showMisses)) console.log(`  ${miss}`);
    }
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
