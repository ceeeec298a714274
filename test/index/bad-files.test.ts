/**
 * One bad file never stops a build (issue 11, F5): unreadable pages and folders, files that vanish
 * mid-build, FIFOs, broken links and links out of the corpus are each skipped with a reason, and
 * every other page is indexed.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HashedTfidfEmbeddings } from "../../src/embed/hashed-tfidf.js";
import { NewsQaError } from "../../src/errors.js";
import { type BuildSummary, buildIndex } from "../../src/index/build.js";
import { openSearchIndex } from "../../src/index/search-index.js";
import { loadStoredIndex } from "../../src/index/store.js";
import { createRetriever } from "../../src/retrieve/retriever.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { runChild } from "../support/run-child.js";
import { tempDirs } from "../support/seed-index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const tokenizer = createTokenizer();
const embeddings = new HashedTfidfEmbeddings({ tokenizer, dimensions: 256 });
const chunking = { size: 300, overlap: 1 };
/** A page only reachable through a link out of the corpus: it must never be indexed. */
const OUTSIDE_PAGE =
  "本报讯 近日，外部机密研究所公布了一份绝密报告，报告共有999页。\n\n外部机密研究所公布绝密报告\n";

async function retrieve(indexDir: string, query: string) {
  const stored = await loadStoredIndex(indexDir, embeddings);
  const passages = await createRetriever(openSearchIndex(stored, tokenizer), embeddings, tokenizer).retrieve(
    query,
    5,
  );
  stored.close();
  return passages.map((p) => p.text).join("\n");
}

/** The new-zone page about another zone, with its own number of projects. */
const zonePage = (zone: string, projects: number) =>
  NEW_ZONE_PAGE.replaceAll("衡水", zone).replaceAll("27个", `${projects}个`);

const reasonOf = (summary: BuildSummary, source: string) =>
  summary.failed.find((f) => f.source === source)?.reason;

describe("a build with bad files in the corpus", () => {
  it("says the corpus path is not a folder, with its workers as without", async () => {
    const dirs = await tempDirs();
    const file = join(dirs.corpusDir, "..", "pages.txt");
    await writeFile(file, NEW_ZONE_PAGE);
    for (const workers of [0, 2]) {
      const build = buildIndex({ ...dirs, corpusDir: file, embeddings, chunking, tokenizer, workers });
      await expect(build).rejects.toThrow(NewsQaError);
      await expect(build).rejects.toThrow(`Corpus path ${file} is not a directory`);
    }
  });

  it("skips vanished files, FIFOs and links out of the corpus, each with a reason, and indexes the rest", async () => {
    const dirs = await tempDirs();
    const outside = await mkdtemp(join(tmpdir(), "newsqa-outside-"));
    await writeFile(join(outside, "secret.txt"), OUTSIDE_PAGE);
    const issue = join(dirs.corpusDir, "科技日报", "2021-05-10");
    await mkdir(issue, { recursive: true });
    await writeFile(join(issue, "03.txt"), NEW_ZONE_PAGE);
    await writeFile(join(issue, "04.txt"), zonePage("邢台", 31));
    await writeFile(join(issue, "05.txt"), zonePage("沧州", 38));
    await symlink(join(outside, "secret.txt"), join(issue, "06.txt"));
    await symlink(outside, join(issue, "elsewhere"));
    await symlink(join(outside, "gone.txt"), join(issue, "07.txt"));
    await symlink(join(issue, "03.txt"), join(issue, "08.txt")); // inside the corpus: followed
    execFileSync("mkfifo", [join(issue, "09.txt")]);

    const summary = await buildIndex({
      ...dirs,
      embeddings,
      chunking,
      tokenizer,
      onProgress: (p) => {
        // 04.txt vanishes after the corpus was listed, before the hashing; 05.txt after it, before
        // it is read: both as a concurrent `mv` or `rm` would. A new page is hashed as it is read,
        // so both fail there, with the same reason.
        if (p.phase === "scan" && p.done === 0) rmSync(join(issue, "04.txt"));
        if (p.phase === "read" && p.done === 0) rmSync(join(issue, "05.txt"));
      },
    });

    const rel = (name: string) => `科技日报/2021-05-10/${name}`;
    expect(reasonOf(summary, rel("04.txt"))).toMatch(/disappeared while the corpus was being read/);
    expect(reasonOf(summary, rel("05.txt"))).toMatch(/disappeared while the corpus was being read/);
    expect(reasonOf(summary, rel("06.txt"))).toBe(
      `symlink to ${join(outside, "secret.txt")}, outside the corpus folder: not followed. Copy what belongs in the archive into the corpus folder.`,
    );
    expect(reasonOf(summary, rel("elsewhere"))).toMatch(
      /^symlink to .*, outside the corpus folder: not followed/,
    );
    expect(reasonOf(summary, rel("07.txt"))).toMatch(/^broken symlink/);
    expect(reasonOf(summary, rel("09.txt"))).toMatch(/^a FIFO \(named pipe\), not a page file/);
    expect(summary.failed.map((f) => f.source).sort()).toEqual(
      ["04.txt", "05.txt", "06.txt", "07.txt", "09.txt", "elsewhere"].map(rel),
    );
    // The seed page, 03.txt and the link to it inside the corpus are indexed.
    expect(summary.pages).toBe(3);
    expect(await retrieve(dirs.indexDir, "衡水高新区有多少个重点项目签约")).toContain("27个重点项目");
    expect(await retrieve(dirs.indexDir, "德沃康项目一期占地多少亩")).toContain("158");
    expect(await retrieve(dirs.indexDir, "外部机密研究所公布的绝密报告共有多少页")).not.toContain("999");
  });

  it("skips a page and a folder it may not read, with the reason, and keeps a page indexed before", async () => {
    const unprivileged = asUnprivileged();
    if (!unprivileged) {
      console.warn("skipped: needs a non-root user, or root with setpriv and the user nobody");
      return;
    }
    const dirs = await tempDirs();
    await chmod(dirs.root, 0o777);
    const issue = join(dirs.corpusDir, "科技日报", "2021-05-10");
    await mkdir(issue, { recursive: true });
    await writeFile(join(issue, "03.txt"), NEW_ZONE_PAGE);
    await writeFile(join(issue, "04.txt"), zonePage("邢台", 31));
    const first = await unprivileged(dirs);
    expect(first.failed).toEqual([]);
    expect(first.pages).toBe(3);

    const locked = join(dirs.corpusDir, "locked");
    await mkdir(locked);
    await writeFile(join(locked, "01.txt"), zonePage("沧州", 38));
    await chmod(locked, 0o000);
    // 03.txt changes (an editor saved it again) and then cannot be read. A page whose stamp (inode,
    // size, mtime) is unchanged is not read at all, so unreadable but unchanged would depend on
    // whether the first build recorded its stamp, which it does only once the mtime is 2 s old.
    await writeFile(join(issue, "03.txt"), `${NEW_ZONE_PAGE}\n`);
    await chmod(join(issue, "03.txt"), 0o000);
    await writeFile(join(issue, "05.txt"), zonePage("廊坊", 45));
    await chmod(join(issue, "05.txt"), 0o000);
    const second = await unprivileged(dirs);
    expect(reasonOf(second, "locked/")).toMatch(/^cannot list this folder \(EACCES\)/);
    expect(reasonOf(second, "科技日报/2021-05-10/05.txt")).toBe(
      "permission denied (EACCES): the indexer cannot read it. Make it readable by the user running the indexer (e.g. chmod a+r), or remove it.",
    );
    // Unreadable for now is not deleted: the page indexed before stays searchable.
    expect(reasonOf(second, "科技日报/2021-05-10/03.txt")).toMatch(
      /^permission denied \(EACCES\).*Its previously indexed text is kept\.$/,
    );
    expect(second.pages).toBe(3);
    expect(second.removed).toBe(0);
    expect(await retrieve(dirs.indexDir, "衡水高新区有多少个重点项目签约")).toContain("27个重点项目");
    expect(await retrieve(dirs.indexDir, "邢台高新区有多少个重点项目签约")).toContain("31个重点项目");
    expect(await retrieve(dirs.indexDir, "廊坊高新区有多少个重点项目签约")).not.toContain("45个重点项目");
    await chmod(locked, 0o755);
    await rm(dirs.root, { recursive: true, force: true });
  });
});

/**
 * Runs `npm run index -- --json` as a user who cannot read what root can: this one when it is not
 * root, otherwise `nobody` through setpriv. Undefined when neither is possible.
 */
function asUnprivileged():
  | ((dirs: { corpusDir: string; indexDir: string; root: string }) => Promise<BuildSummary>)
  | undefined {
  let prefix: string[] = [];
  if (process.getuid?.() === 0) {
    try {
      execFileSync("id", ["nobody"], { stdio: "ignore" });
      execFileSync("setpriv", ["--version"], { stdio: "ignore" });
    } catch {
      return undefined;
    }
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"];
  }
  return async (dirs) => {
    const args = [
      "--import",
      "tsx",
      "scripts/build-index.ts",
      "--json",
      "--corpus",
      dirs.corpusDir,
      "--index",
      dirs.indexDir,
    ];
    const [cmd, ...rest] = prefix.length
      ? [...prefix, process.execPath, ...args]
      : [process.execPath, ...args];
    const { code, out, err } = await runChild(cmd!, rest, {
      cwd: ROOT,
      env: { ...process.env, HOME: dirs.root, LOG_LEVEL: "silent", EMBEDDING_DIMENSIONS: "256" },
    });
    if (code !== 0) throw new Error(`index exited ${code}: ${err}`);
    return JSON.parse(out) as BuildSummary;
  };
}
