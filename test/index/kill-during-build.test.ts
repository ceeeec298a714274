import { type ChildProcess, spawn } from "node:child_process";
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/lib/synth/index.js";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { buildIndex } from "../../src/index/build.js";
import { openSearchIndex } from "../../src/index/search-index.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createRetriever } from "../../src/retrieve/retriever.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { tempDirs } from "../support/seed-index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CHILD = join(import.meta.dirname, "fixtures", "build-child.ts");
const tokenizer = createTokenizer();
const embeddings = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });

function startBuild(corpusDir: string, indexDir: string): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, corpusDir, indexDir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let rest = "";
  child.stdout!.on("data", (d: Buffer) => {
    const parts = (rest + d.toString()).split("\n");
    rest = parts.pop()!;
    lines.push(...parts);
  });
  return { child, lines };
}

async function killWhen(
  corpusDir: string,
  indexDir: string,
  when: (lines: string[], ms: number) => boolean,
): Promise<string[]> {
  const { child, lines } = startBuild(corpusDir, indexDir);
  const started = Date.now();
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (child.exitCode !== null || when(lines, Date.now() - started)) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  child.kill("SIGKILL");
  await exited;
  return lines;
}

async function answers(indexDir: string): Promise<{ generation: string; text: string }> {
  const stored = await loadStoredIndex(indexDir, embeddings);
  const retriever = createRetriever(openSearchIndex(stored, tokenizer), embeddings, tokenizer);
  const passages = await retriever.retrieve("德沃康项目一期占地多少亩", 5);
  stored.close();
  return { generation: stored.generation, text: passages.map((p) => p.text).join("") };
}

describe("killing a build", () => {
  it("leaves the previous index loadable and answering, wherever the build is killed", async () => {
    const dirs = await tempDirs();
    const first = await buildIndex({ ...dirs, embeddings, chunking: { size: 300, overlap: 1 }, workers: 0 });
    await generateCorpus({ pages: 40, seed: 3, outDir: join(dirs.root, "synthetic") });
    await cp(join(dirs.root, "synthetic"), join(dirs.corpusDir, "synthetic"), {
      recursive: true,
      filter: (src) => !src.endsWith(".jsonl"),
    });

    const points: [string, (lines: string[], ms: number) => boolean][] = [
      ["at start-up", (_l, ms) => ms > 300],
      ["while hashing pages", (l) => l.some((x) => x.startsWith("scan"))],
      ["while reading pages", (l) => l.filter((x) => x.startsWith("read")).length >= 3],
      ["while embedding", (l) => l.filter((x) => x.startsWith("embed")).length >= 5],
      ["while writing", (l) => l.some((x) => x.startsWith("write"))],
    ];
    for (const [where, when] of points) {
      const lines = await killWhen(dirs.corpusDir, dirs.indexDir, when);
      const after = await answers(dirs.indexDir);
      // Killed before publishing: the old generation. A build that got to publish is whole.
      if (!lines.includes("built")) expect(after.generation, where).toBe(first.generation);
      expect(after.text, where).toContain("158");
    }

    // The dead builder's lock does not block the next build, which completes.
    const { child, lines } = startBuild(dirs.corpusDir, dirs.indexDir);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(lines).toContain("built");
    const rebuilt = await answers(dirs.indexDir);
    expect(rebuilt.generation).not.toBe(first.generation);
    expect(rebuilt.text).toContain("158");
    expect(await readFile(join(dirs.indexDir, "CURRENT"), "utf8")).toBe(rebuilt.generation);
  }, 120_000);
});
