/**
 * `npm run eval:segment:errors`: the segmenter's failures on the real tune pages, by kind, to read
 * before changing a rule (src/eval/segment-errors.ts). Never the report half: its failures are only
 * counted, by `eval:segment`.
 *
 *   tsx scripts/segment-errors.ts [--set tune|relaid-none|relaid-every] [--show merged|split|lost|all]
 *                                 [--real DIR]
 *
 * Prints the counts of each kind and of spurious articles; with --show, one line per missed true
 * article of that kind: page, kind, title, and the share of its sentences each segmented article
 * holding any of them holds.
 */
import { resolve } from "node:path";
import { loadRealPages, type RealPage } from "../src/eval/real-pages.js";
import { relayPages } from "../src/eval/relay-pages.js";
import { pageErrors } from "../src/eval/segment-errors.js";
import { segmentPage } from "../src/ingest/segment.js";
import { scriptArgs, usageError } from "./lib/script-args.js";

const SETS = ["tune", "relaid-none", "relaid-every"] as const;
const SHOWS = ["merged", "split", "lost", "all"] as const;

const { values } = scriptArgs(import.meta.url, {
  options: {
    real: { type: "string", default: resolve(import.meta.dirname, "../../shared/eval/real-pages") },
    set: { type: "string", default: "tune" },
    show: { type: "string" },
  },
});

try {
  if (!(SETS as readonly string[]).includes(values.set))
    usageError(`--set must be one of ${SETS.join(", ")} (never the report half), got "${values.set}"`);
  if (values.show !== undefined && !(SHOWS as readonly string[]).includes(values.show))
    usageError(`--show must be one of ${SHOWS.join(", ")}, got "${values.show}"`);
  const tune = loadRealPages(values.real, "tune");
  const pages: RealPage[] =
    values.set === "relaid-none"
      ? relayPages(tune, "none")
      : values.set === "relaid-every"
        ? relayPages(tune, "every line")
        : tune;
  const counts = { merged: 0, split: 0, lost: 0, spurious: 0 };
  for (const page of pages) {
    const { missed, spurious } = pageErrors(page.gold, segmentPage(page.text));
    counts.spurious += spurious;
    for (const miss of missed) {
      counts[miss.kind]++;
      if (values.show === "all" || values.show === miss.kind)
        console.log(
          `${page.id}\t${miss.kind}\t${miss.title}\t${miss.shares.map((s) => s.toFixed(2)).join(",")}`,
        );
    }
  }
  console.log(
    `${values.set}: ${pages.length} pages; true articles missed: merged ${counts.merged}, split ${counts.split}, lost ${counts.lost}; spurious articles ${counts.spurious}`,
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
