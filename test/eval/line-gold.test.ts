import { describe, expect, it } from "vitest";
import { lineArticles } from "../../src/eval/line-gold.js";

// Two short reports that share a phrase, as two vice-premiers' visits on one page do; written for
// this test.
const A = "国务院副总理甲某到河北考察冬奥备战工作，看望运动员和教练员。";
const B = "国务院副总理乙某到山东调研春耕生产工作，走进田间察看麦苗长势。";

describe("lineArticles", () => {
  it("places each body line in its article and leaves headline lines and datelines unplaced", () => {
    const text = ["冬奥备战", "国务院副总理甲某到", "河北考察冬奥备战工作，", "看望运动员和教练员。"].join(
      "\n",
    );
    expect(lineArticles(text, [{ body: A, titleLines: ["冬奥备战"] }])).toEqual([-1, 0, 0, 0]);
  });

  it("places a line both bodies hold by the neighbour it runs on into, not in the first article", () => {
    const text = [
      "国务院副总理甲某到河北考察",
      "冬奥备战工作，看望运动员和",
      "教练员。",
      "春耕生产",
      "新华社济南电",
      "国务院副总理",
      "乙某到山东调研春耕生产",
      "工作，走进田间察看麦苗长势。",
    ].join("\n");
    const placed = lineArticles(text, [
      { body: A, titleLines: [] },
      { body: B, titleLines: ["春耕生产"] },
    ]);
    // "国务院副总理" opens both bodies; it runs on into "乙某到山东…", so it is B's.
    expect(placed).toEqual([0, 0, -1, -1, -1, 1, 1, 1]);
  });
});
