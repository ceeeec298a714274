/**
 * `npm run eval:segment -- --ablate`: what each switchable segmentation rule (src/ingest/segment-rules.ts)
 * adds, measured by segmenting with it off. On the tune half, its pages laid out again and the
 * generated pages: the sets rules are chosen on. The report half is left out on purpose, so that no
 * rule is kept or dropped by it (`eval:segment` reports it with every rule on).
 */
import type { RealPage } from "../../src/eval/real-pages.js";
import { scoreRealPages } from "../../src/eval/real-pages.js";
import { relayPages } from "../../src/eval/relay-pages.js";
import { scoreSegmentation, type TruthLike } from "../../src/eval/segmentation.js";
import { segmentPage } from "../../src/ingest/segment.js";
import { type RulesOff, SEGMENT_RULES, type SegmentRule } from "../../src/ingest/segment-rules.js";

type Generated = readonly { id: string; text: string; articles: TruthLike[] }[];

/** Articles found right, found, and found right with the right title, on one set. */
type Counts = [right: number, found: number, titled: number];

/** The counts on each set, for one choice of rules off. */
interface Row {
  off: SegmentRule | undefined;
  counts: Counts[];
}

export function segmentAblation(
  tune: readonly RealPage[],
  /** Each set's pages, made once: every rule's row segments them again. */
  generated: Record<string, Generated>,
): { sets: string[]; rows: Row[] } {
  const real: [string, readonly RealPage[]][] = [
    ["tune", tune],
    ["relaid none", relayPages(tune, "none")],
    ["relaid every line", relayPages(tune, "every line")],
  ];
  const rowFor = (off: SegmentRule | undefined): Row => {
    const rulesOff: RulesOff = new Set(off ? [off] : []);
    const segment = (text: string) => segmentPage(text, { rulesOff });
    // Scores give title accuracy as a share (of the right ones on real pages, of all on generated).
    const counts: Counts[] = real.map(([, pages]) => {
      const s = scoreRealPages(pages, segment);
      return [s.correct, s.predicted, Math.round(s.titleAccuracy * s.correct)];
    });
    for (const pages of Object.values(generated)) {
      const s = scoreSegmentation(pages, segment);
      counts.push([s.matched, s.predicted, Math.round(s.titleAccuracy * s.expected)]);
    }
    return { off, counts };
  };
  return {
    sets: [...real.map(([name]) => name), ...Object.keys(generated)],
    rows: [rowFor(undefined), ...SEGMENT_RULES.map(rowFor)],
  };
}

/** The table: each set's counts with one rule off, and their change from every rule on. */
export function ablationMarkdown({ sets, rows }: { sets: string[]; rows: Row[] }): string {
  const [all, ...ablated] = rows;
  const signed = (d: number) => (d > 0 ? `+${d}` : d < 0 ? `−${-d}` : "0");
  const plain = (c: Counts) => c.join(" / ");
  const cell = (c: Counts, i: number) => {
    const base = all!.counts[i]!;
    return c.every((v, k) => v === base[k])
      ? plain(c)
      : `${plain(c)} (${c.map((v, k) => signed(v - base[k]!)).join(" / ")})`;
  };
  const out = [
    `| rule off | ${sets.map((s) => `${s}: right / found / titled`).join(" | ")} |`,
    `| --- | ${sets.map(() => "---").join(" | ")} |`,
    `| none (every rule on) | ${all!.counts.map(plain).join(" | ")} |`,
  ];
  for (const row of ablated) out.push(`| ${row.off} | ${row.counts.map(cell).join(" | ")} |`);
  return out.join("\n");
}
