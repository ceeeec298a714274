/**
 * An index built with other chunk settings than the configured ones (as every index built before the
 * default CHUNK_SIZE went from 300 to 450) keeps serving as built, and the operator is told, once a
 * load, that `npm run index` rebuilds it; an index built with the configured settings says nothing.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createQaService } from "../../src/qa/create-qa-service.js";
import { memoryLogger } from "../support/memory-logger.js";
import { tempDirs, testConfig } from "../support/seed-index.js";

const QUESTION = "清远高新区在2020年度国家高新区评价中综合排名第几？";
const WARNING = /built with other chunk settings/;

describe("an index built with other chunk settings", () => {
  let dirs: Awaited<ReturnType<typeof tempDirs>>;
  beforeAll(async () => {
    dirs = await tempDirs();
    // Built as a CHUNK_SIZE=300 deployment would have built it.
    await createQaService({
      config: testConfig(dirs, { CHUNK_SIZE: "300" }),
      logger: createLogger("silent"),
    });
  });
  afterAll(async () => {
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it("still answers, and warns once with what to run", async () => {
    const { logger, records } = memoryLogger();
    const qa = await createQaService({ config: testConfig(dirs, { CHUNK_SIZE: "450" }), logger });
    const a = await qa.ask(QUESTION);
    expect(a.abstained).toBe(false);
    expect(a.answer).toContain("第96名");
    const warnings = records().filter((r) => WARNING.test(String(r.msg)));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.msg)).toContain("npm run index");
    expect(warnings[0]).toMatchObject({
      built: { size: 300, overlap: 1 },
      configured: { size: 450, overlap: 1 },
    });
  });

  it("says nothing when the settings are the ones it was built with", async () => {
    const { logger, records } = memoryLogger();
    await createQaService({ config: testConfig(dirs, { CHUNK_SIZE: "300" }), logger });
    expect(records().filter((r) => WARNING.test(String(r.msg)))).toEqual([]);
  });
});
