/**
 * CURRENT names a generation only once everything in it is on disk: the manifest and every file it
 * lists fsynced, the generation's folder fsynced, and CURRENT's own new content fsynced before the
 * rename. Seen from outside the build's code: the build runs in its own process with its
 * file-system calls traced (fixtures/fs-trace.mjs) and is killed at exact points.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/lib/synth/index.js";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { openSearchIndex } from "../../src/index/search-index.js";
import { loadStoredIndex, readManifest, verifyGeneration } from "../../src/index/store.js";
import { createRetriever } from "../../src/retrieve/retriever.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { tempDirs } from "../support/seed-index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CHILD = join(import.meta.dirname, "fixtures", "build-child.ts");
const TRACE = join(import.meta.dirname, "fixtures", "fs-trace.mjs");
const tokenizer = createTokenizer();
const embeddings = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });

/** Runs a build in its own process with its file-system calls traced; `kill` as in fs-trace.mjs. */
async function tracedBuild(dirs: { corpusDir: string; indexDir: string; root: string }, kill?: string) {
  const log = join(dirs.root, `trace-${Date.now()}.log`);
  await writeFile(log, "");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", TRACE, CHILD, dirs.corpusDir, dirs.indexDir],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FS_TRACE_LOG: log, ...(kill ? { FS_TRACE_KILL: kill } : {}) },
    },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("exit", (_c, s) => resolve(s)),
  );
  const calls = (await readFile(log, "utf8")).split("\n").filter(Boolean);
  return { signal, calls, built: out.includes("built\n") };
}

/** The live generation loads with every file checked, and answers from the seed page. */
async function expectServable(indexDir: string, where: string) {
  const generation = (await readFile(join(indexDir, "CURRENT"), "utf8")).trim();
  expect(await verifyGeneration(indexDir), where).toBeUndefined();
  const stored = await loadStoredIndex(indexDir, embeddings);
  const passages = await createRetriever(openSearchIndex(stored, tokenizer), embeddings, tokenizer).retrieve(
    "德沃康项目一期占地多少亩",
    5,
  );
  stored.close();
  expect(passages.map((p) => p.text).join(""), where).toContain("158");
  return generation;
}

describe("publishing a generation", () => {
  it("names in CURRENT only a generation whose manifest and files were all fsynced first", async () => {
    const dirs = await tempDirs();
    const run = await tracedBuild(dirs, "publish");
    expect(run.signal).toBe("SIGKILL");

    // What CURRENT names is complete: its manifest reads, every file matches, it answers.
    const generation = await expectServable(dirs.indexDir, "killed as CURRENT appeared");
    const gen = join(dirs.indexDir, generation);
    const manifest = await readManifest(dirs.indexDir, generation);

    // And it got there in the durable order: each file, then the manifest, then the folder, then CURRENT.
    const at = (line: string) => run.calls.indexOf(line);
    const published = run.calls.findIndex(
      (c) => c.startsWith("rename ") && c.endsWith(`${dirs.indexDir}/CURRENT`),
    );
    expect(published).toBe(run.calls.length - 1);
    const tmp = run.calls[published]!.split(" ")[1]!;
    for (const file of Object.keys(manifest.files)) {
      expect(at(`sync ${join(gen, file)}`), file).toBeGreaterThanOrEqual(0);
      expect(at(`sync ${join(gen, file)}`), file).toBeLessThan(at(`sync ${join(gen, "manifest.json")}`));
    }
    const manifestSynced = at(`sync ${join(gen, "manifest.json")}`);
    expect(manifestSynced).toBeGreaterThanOrEqual(0);
    expect(run.calls.lastIndexOf(`sync ${gen}`)).toBeGreaterThan(manifestSynced);
    expect(at(`sync ${tmp}`)).toBeGreaterThan(manifestSynced);
    expect(at(`sync ${tmp}`)).toBeLessThan(published);
  }, 120_000);

  it("leaves a whole generation live wherever an incremental build is killed", async () => {
    const dirs = await tempDirs();
    await generateCorpus({ pages: 12, seed: 9, outDir: join(dirs.root, "synthetic") });
    await cp(join(dirs.root, "synthetic"), join(dirs.corpusDir, "synthetic"), {
      recursive: true,
      filter: (src) => !src.endsWith(".jsonl"),
    });
    expect((await tracedBuild(dirs)).built).toBe(true);
    const issue = join(dirs.corpusDir, "科技日报", "2021-05-10");
    await mkdir(issue, { recursive: true });
    await writeFile(join(issue, "03.txt"), NEW_ZONE_PAGE);
    const paper = join(dirs.corpusDir, "synthetic", (await readdir(join(dirs.corpusDir, "synthetic")))[0]!);
    await rm(join(paper, (await readdir(paper)).sort()[0]!), { recursive: true });
    // The same incremental build (a page added, a few removed) is killed at each point, from the
    // same starting index: the first build, kept aside.
    const pristine = join(dirs.root, "pristine-index");
    await cp(dirs.indexDir, pristine, { recursive: true });
    const whole = await tracedBuild(dirs);
    expect(whole.built).toBe(true);
    const total = whole.calls.length;
    expect(total).toBeGreaterThan(20);

    // Kill points spread over the whole build, and each of the last few calls (where it publishes).
    const points = new Set<number>();
    for (let i = 1; i <= 3; i++) points.add(Math.round((total * i) / 4));
    for (let n = total - 4; n < total; n++) points.add(n);
    let published = 0;
    for (const n of [...points].sort((a, b) => a - b)) {
      await rm(dirs.indexDir, { recursive: true, force: true });
      await cp(pristine, dirs.indexDir, { recursive: true });
      const before = (await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).trim();
      const run = await tracedBuild(dirs, String(n));
      expect(run.signal, `call ${n}`).toBe("SIGKILL");
      const live = await expectServable(dirs.indexDir, `killed after call ${n} of ${total}`);
      if (live !== before) {
        // Published before it died: the new page is in it.
        published++;
        const stored = await loadStoredIndex(dirs.indexDir, embeddings);
        expect(stored.manifest.sources.some((s) => s.source.endsWith("2021-05-10/03.txt"))).toBe(true);
        stored.close();
      }
    }
    // The last kill points come after CURRENT was renamed into place.
    expect(published).toBeGreaterThan(0);
  }, 600_000);
});
