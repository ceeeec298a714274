/**
 * The quality guard on real text: a fixed corpus of 1,500 real news articles (the dev questions'
 * sources plus others drawn with seed 1, the answers of 30% of the questions removed) from
 * ../shared/eval/news, and the report half of its questions, which no tuning read. A change that
 * makes answers worse than these floors, or no better than the naive baseline, fails the build.
 *
 * The news text is third-party and never enters the repository; where ../shared/eval is absent
 * (a clone outside this workplace) the guard cannot run and says so.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNaiveBaseline } from "../../scripts/lib/naive-baseline.js";
import { prepareSet, type RealSet, SHARED_EVAL } from "../../scripts/lib/real-sets.js";
import { loadConfig } from "../../src/config.js";
import { type Metrics, scoreItem, summarize } from "../../src/eval/evaluate.js";
import { createLogger } from "../../src/logger.js";
import { createQaService } from "../../src/qa/create-qa-service.js";

const available = existsSync(join(SHARED_EVAL, "news/news.jsonl.gz"));
if (!available) console.warn(`real-text guard skipped: ${SHARED_EVAL}/news is not on this machine`);

describe.skipIf(!available)("answers on real news (report half, 1,500 articles)", () => {
  let work: string;
  let ours: Metrics;
  let baseline: Metrics;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "newsqa-guard-"));
    const set: RealSet = prepareSet("news-drop", work, { newsSize: 1500 });
    const config = {
      ...loadConfig({ LOG_LEVEL: "silent" }),
      corpusDir: set.corpusDir,
      indexDir: join(work, "index"),
    };
    const qa = await createQaService({ config, logger: createLogger("silent") });
    const naive = createNaiveBaseline(set.corpusDir);
    const items = set.items.filter((i) => i.split === "report");
    const mine = [];
    const theirs = [];
    for (const item of items) {
      mine.push(scoreItem(item, await qa.ask(item.question, { k: 5 })));
      theirs.push(scoreItem(item, naive.ask(item.question, 5)));
    }
    ours = summarize(mine);
    baseline = summarize(theirs);
    const show = (m: Metrics) =>
      `evidence@5 ${m.evidenceHitAtK?.toFixed(3)}, answer ${m.answerAccuracy?.toFixed(3)}, answerable declined ${m.falseAbstentionRate?.toFixed(3)}, unanswerable declined ${m.abstentionRecall?.toFixed(3)}`;
    console.info(
      `real-text guard (${items.length} questions): ours ${show(ours)}; baseline ${show(baseline)}`,
    );
  }, 300_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("finds the evidence in the top 5 about as often as the baseline", () => {
    expect(ours.evidenceHitAtK!).toBeGreaterThanOrEqual(0.95);
    expect(ours.evidenceHitAtK!).toBeGreaterThanOrEqual(baseline.evidenceHitAtK! - 0.03);
  });

  it("answers with the fact more often than the naive baseline", () => {
    expect(ours.answerAccuracy!).toBeGreaterThanOrEqual(FLOOR.accuracy);
    expect(ours.answerAccuracy!).toBeGreaterThan(baseline.answerAccuracy!);
  });

  it("declines few answerable questions and many whose answers were removed", () => {
    expect(ours.falseAbstentionRate!).toBeLessThanOrEqual(FLOOR.answerableDeclined);
    expect(ours.abstentionRecall!).toBeGreaterThanOrEqual(FLOOR.unanswerableDeclined);
  });
});

/**
 * Floors a little under what the committed model measures here: answer 0.793 (baseline 0.713),
 * answerable declined 0.034, unanswerable declined 0.628.
 */
const FLOOR = { accuracy: 0.76, answerableDeclined: 0.06, unanswerableDeclined: 0.55 };
