/**
 * The learned part of the extractive answerer, in two small linear models over the candidate
 * features of candidates.ts:
 *
 * - the ranker scores every candidate of a question; a softmax over those scores says how likely
 *   each is the one holding the asked-for fact (trained listwise: the right candidate against the
 *   others of its question);
 * - the confidence model reads the winner (its softmax share, its lead over the runner-up, its own
 *   features) and gives the probability that it holds the fact: below `answerThreshold` the
 *   answerer declines, from `spanThreshold` on the typed short answer leads.
 *
 * Both are written by `npm run train:answerer` (scripts/train-answerer.ts) into ranker.json, with
 * a record of how they were made. No hidden state: the same file gives the same answers.
 */
import { readFileSync } from "node:fs";
import { ModelMismatchError } from "../errors.js";
import { FEATURES } from "./candidates.js";

/** What the confidence model reads: the winner's softmax share and lead, then its own features. */
export const CONFIDENCE_FEATURES = ["share", "lead", ...FEATURES] as const;

export interface LinearModel {
  weights: number[];
  bias: number;
}

export interface RankerModel {
  /** Candidate feature names, in the order of `ranker.weights`; must match FEATURES. */
  features: string[];
  ranker: LinearModel;
  /** Over CONFIDENCE_FEATURES. */
  confidence: LinearModel;
  /** Below this confidence the answerer declines. */
  answerThreshold: number;
  /** From this confidence on, the typed short answer leads the quoted sentence. */
  spanThreshold: number;
  /** How the model was made: command, data, split, commit, figures. Informational. */
  meta?: Record<string, unknown>;
}

export const DEFAULT_MODEL_PATH = new URL("./ranker.json", import.meta.url);

export function loadRankerModel(path: string | URL = DEFAULT_MODEL_PATH): RankerModel {
  let model: RankerModel;
  try {
    model = JSON.parse(readFileSync(path, "utf8")) as RankerModel;
  } catch (err) {
    throw new ModelMismatchError(
      `Cannot read the answer model ${String(path)}: ${(err as Error).message}. Restore it from git or retrain it with npm run train:answerer.`,
    );
  }
  if (
    model.features?.join(",") !== FEATURES.join(",") ||
    model.ranker?.weights?.length !== FEATURES.length ||
    model.confidence?.weights?.length !== CONFIDENCE_FEATURES.length
  )
    throw new ModelMismatchError(
      `The answer model ${String(path)} was trained on other features than this code computes. ` +
        "Retrain it with npm run train:answerer.",
    );
  return model;
}

export function linear(model: LinearModel, features: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += model.weights[i]! * features[i]!;
  return z;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The softmax of scores, stable for large ones. */
export function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/**
 * Ranks a question's candidates: the index of the winner and the confidence model's inputs for
 * it. Ties go to the earlier candidate, which retrieval ranked higher.
 */
export function pickBest(
  model: Pick<RankerModel, "ranker">,
  candidates: { features: number[] }[],
): { index: number; confidenceInput: number[] } | undefined {
  if (candidates.length === 0) return undefined;
  const shares = softmax(candidates.map((c) => linear(model.ranker, c.features)));
  let index = 0;
  for (let i = 1; i < shares.length; i++) if (shares[i]! > shares[index]!) index = i;
  const runnerUp = Math.max(0, ...shares.filter((_, i) => i !== index));
  return {
    index,
    confidenceInput: [shares[index]!, shares[index]! - runnerUp, ...candidates[index]!.features],
  };
}
