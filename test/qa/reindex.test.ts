import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { seedQaService } from "../support/seed-index.js";

describe("re-indexing while answering", () => {
  it("adds a new page, reports what changed, and answers from it without a restart", async () => {
    const qa = await seedQaService();
    const before = qa.status();
    await expect(qa.ask("衡水高新区有多少个重点项目签约？")).resolves.toMatchObject({ abstained: true });

    const dir = join(qa.dirs.corpusDir, "科技日报", "2021-05-10");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "03.txt"), NEW_ZONE_PAGE);
    const phases = new Set<string>();
    const summary = await qa.reindex({ onProgress: (p) => phases.add(p.phase) });
    expect(summary).toMatchObject({ added: 1, changed: 0, removed: 0, unchanged: 1, failed: [] });
    expect(summary.chunks).toBeGreaterThan(before.chunks);
    expect(phases.has("embed")).toBe(true);

    const a = await qa.ask("衡水高新区有多少个重点项目签约？");
    expect(a.answer).toContain("27");
    expect(a.citations[0]).toMatchObject({ paper: "科技日报", date: "2021-05-10", page: "3" });

    await rm(join(dir, "03.txt"));
    const again = await qa.reindex();
    expect(again).toMatchObject({ added: 0, removed: 1, unchanged: 1 });
    expect(qa.status().chunks).toBe(before.chunks);
  });

  it("keeps answering from the old index while a re-index runs", async () => {
    const qa = await seedQaService();
    const running = qa.reindex();
    const answers = await Promise.all([
      qa.ask("清远高新区在2020年度国家高新区评价中综合排名第几？"),
      qa.ask("德沃康项目一期占地多少亩？"),
    ]);
    await running;
    expect(answers[0]!.answer).toContain("96");
    expect(answers[1]!.answer).toContain("158");
  });
});
