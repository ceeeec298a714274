import { describe, expect, it } from "vitest";
import { ablationMarkdown, segmentAblation } from "../../scripts/lib/segment-ablation.js";
import { type RealPage, scoreRealPages } from "../../src/eval/real-pages.js";
import { SEGMENT_RULES } from "../../src/ingest/segment-rules.js";

// Written for this test, in the form of an encyclopaedia page: the title alone, then the article,
// which opens by naming its subject again (the rule headlineBlocksByForm reads that).
const BODY =
  "《停下！！小海鸥》是一部虚构的少年漫画，讲述海边小镇一群中学生的故事。它在本地颇有名气，许多读者都听说过它。";
const PAGE: RealPage = {
  id: "written-1",
  text: `停下！！小海鸥\n\n${BODY}\n`,
  gold: [
    {
      title_lines: ["停下！！小海鸥"],
      authors: [],
      sentences: BODY.split("。").filter((s) => s.length >= 6),
      kind: "article",
    },
  ],
};

describe("eval:segment --ablate (what each switchable rule adds)", () => {
  const table = segmentAblation([PAGE], {});

  it("measures every rule on the tune pages and their two relaid layouts, each with that rule off", () => {
    expect(table.sets).toEqual(["tune", "relaid none", "relaid every line"]);
    expect(table.rows.map((r) => r.off)).toEqual([undefined, ...SEGMENT_RULES]);
    const all = scoreRealPages([PAGE]);
    expect(table.rows[0]!.counts[0]).toEqual([all.correct, all.predicted, all.correct]);
  });

  it("shows a title the rule keeps as lost with it off", () => {
    const off = table.rows.find((r) => r.off === "headlineBlocksByForm")!;
    expect(table.rows[0]!.counts[0]).toEqual([1, 1, 1]);
    expect(off.counts[0]).toEqual([1, 1, 0]);
  });

  it("prints each set's counts and, where a rule moved them, the change", () => {
    const md = ablationMarkdown({
      sets: ["tune", "synth"],
      rows: [
        {
          off: undefined,
          counts: [
            [10, 12, 9],
            [5, 5, 5],
          ],
        },
        {
          off: "panels",
          counts: [
            [8, 13, 9],
            [5, 5, 5],
          ],
        },
      ],
    });
    expect(md.split("\n")).toEqual([
      "| rule off | tune: right / found / titled | synth: right / found / titled |",
      "| --- | --- | --- |",
      "| none (every rule on) | 10 / 12 / 9 | 5 / 5 / 5 |",
      "| panels | 8 / 13 / 9 (−2 / +1 / 0) | 5 / 5 / 5 |",
    ]);
  });
});
