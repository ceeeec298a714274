/**
 * Whether a short run of headline lines between two blocks is a section subhead inside one story
 * (join) or the headline of another story (part), on pages whose blank lines do not mark layout
 * blocks. The rules of `sections.ts` read the words and the layout one decision at a time; on the
 * real dev pages they kept fighting over features whose sections carry one-line subheads. A small
 * logistic model weighs their verdict together with what they could not see: siblings, other
 * one-line runs of the same length on the page (新产业 / 新生活 / 新风尚), a short block after the
 * run (a photo caption or a brief is a story of its own), and a byline line under the run (a feature
 * gathering several reporters' pieces sets each under its subhead and its reporter). Fitted, it keeps
 * every join of the rules and adds a run with two or more siblings or a byline under it, over a block
 * of 200 ideographs or more, and one with both over any block. (The page's blank-line layout and a
 * column tag on the run were features too; leaving either out changed nothing on the tune half, so
 * they went. The byline raises the cross-validated call accuracy from 0.884 to 0.899.)
 *
 * The weights in `section-weights.ts` are fitted by `npm run train:segment` on the tune half of the
 * real dev pages only, never the report half (scripts/train-segmentation.ts).
 */

import { endsColumnTag } from "./column-tag.js";
import type { Block, HeadlineRun } from "./layout.js";
import { countIdeographs } from "./lines.js";
import { SECTION_WEIGHTS } from "./section-weights.js";

/** The features, in order; their names document the weights file. */
export const SECTION_FEATURES = ["rules", "shortNext", "alikeRuns", "byline"] as const;

export type SectionFeatures = Record<(typeof SECTION_FEATURES)[number], number>;

/** Fitted weights: one per feature, in {@link SECTION_FEATURES} order, and a bias. */
export interface SectionModel {
  features: readonly string[];
  weights: readonly number[];
  bias: number;
}

/** A block after the run shorter than this (ideographs) is a caption or a brief, not a section. */
export const SHORT_BLOCK_IDEOGRAPHS = 200;
/** Runs whose lengths differ by at most this many ideographs are set alike. */
const ALIKE_IDEOGRAPHS = 2;
/** Siblings needed: a feature's subheads come three or more to a story. */
const MIN_ALIKE_RUNS = 2;

function texts(run: HeadlineRun): string[] {
  return run.lines.map((l) => l.text.trim());
}

/** One line, no column tag, not a kicker: the shape of a section subhead. */
function isPlainLine(run: HeadlineRun): boolean {
  const [only] = texts(run);
  return run.lines.length === 1 && !endsColumnTag(only!) && !only!.endsWith("——");
}

/** Other plain one-line runs on the page set to about the same length as `run`. */
function alikeRuns(run: HeadlineRun, runs: readonly HeadlineRun[]): number {
  if (!isPlainLine(run)) return 0;
  const size = countIdeographs(run.lines[0]!.text);
  return runs.filter(
    (r) =>
      r !== run && isPlainLine(r) && Math.abs(countIdeographs(r.lines[0]!.text) - size) <= ALIKE_IDEOGRAPHS,
  ).length;
}

export interface SectionDecision {
  /** The run between the two blocks. */
  run: HeadlineRun;
  /** Every headline run of the page, `run` among them. */
  runs: readonly HeadlineRun[];
  /** The block after the run. */
  block: Block;
  /** What the rules decided: the text after the run continues the story before it. */
  rules: boolean;
}

export function sectionFeatures(d: SectionDecision): SectionFeatures {
  return {
    rules: d.rules ? 1 : 0,
    shortNext: countIdeographs(d.block.lines.map((l) => l.text).join("")) < SHORT_BLOCK_IDEOGRAPHS ? 1 : 0,
    alikeRuns: alikeRuns(d.run, d.runs) >= MIN_ALIKE_RUNS ? 1 : 0,
    byline: d.block.leadByline ? 1 : 0,
  };
}

export function featureVector(f: SectionFeatures): number[] {
  return SECTION_FEATURES.map((name) => f[name]);
}

/** Probability that the run is a subhead and the two blocks are one story. */
export function sectionProbability(f: SectionFeatures, model: SectionModel = SECTION_WEIGHTS): number {
  const x = featureVector(f);
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += (model.weights[i] ?? 0) * x[i]!;
  return 1 / (1 + Math.exp(-z));
}
