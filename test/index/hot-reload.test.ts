import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { seedQaService } from "../support/seed-index.js";

const NEW_PAGE = [
  "本报讯（记者 王明）近日，衡水高新区举行重点项目签约仪式，",
  "共有27个重点项目签约，总投资达86亿元。",
  "",
  "衡水高新区27个重点项目签约",
].join("\n");

describe("hot reload", () => {
  it("picks up a generation another builder published, without a restart", async () => {
    const qa = await seedQaService();
    const before = qa.status().chunks;
    const dir = join(qa.dirs.corpusDir, "科技日报", "2021-05-10");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "03.txt"), NEW_PAGE);

    // Another builder (as `npm run index` would be): its own tokenizer and embedder.
    const tokenizer = createTokenizer();
    const inFlight = qa.ask("德沃康项目一期占地多少亩？");
    await buildIndex({
      corpusDir: qa.dirs.corpusDir,
      indexDir: qa.dirs.indexDir,
      embeddings: new HashedTfidfEmbeddings({ tokenizer }),
      chunking: { size: 300, overlap: 1 },
      tokenizer,
      workers: 0,
      onProgress: () => undefined,
    });
    expect((await inFlight).answer).toContain("158");

    for (let i = 0; i < 200 && qa.status().chunks === before; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(qa.status().chunks).toBeGreaterThan(before);
    const a = await qa.ask("衡水高新区有多少个重点项目签约？");
    expect(a.answer).toContain("27");
  });
});
