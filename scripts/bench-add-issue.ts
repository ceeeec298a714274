/**
 * Times adding one issue to an index that is already built, and removing it again, several
 * rounds in a row: the admin's everyday job, measured apart from the hour a million-chunk full
 * build takes (`npm run bench` builds and adds once, right after the full build).
 *
 *   npm run bench:add -- --corpus DIR --index DIR [--issue DIR] [--rounds N] [--max-segments N]
 *                        [--compact-at F] [--edit N]
 *
 * --corpus and --index: a corpus and its index, built here (once, timed) when the index is
 * missing; `npm run bench` leaves its synthetic corpora in $TMPDIR/newsqa-bench/corpus-<pages>.
 * --issue: the pages to add (default: the bench's 8-page issue, $TMPDIR/newsqa-bench/issue).
 * Each round removes the issue (a build), then copies it into the corpus as new-issue/ and
 * builds again; both are timed, with the longest the event loop was held at a stretch while each
 * ran (what a bot re-indexing in-process would keep a question waiting). --max-segments lowers the
 * segment count past which a build compacts the small segments (default 8), and --compact-at the
 * deleted share past which a segment is rewritten (default 0.2), to time compaction; --edit N also
 * appends a line to N pages of the corpus with each add (a correction to past issues), so their old
 * chunks are deleted from the big segments. An add whose compaction falls due publishes first and
 * compacts in a second pass: the table gives both times. The table also gives the bytes of manifest
 * each build wrote (a whole manifest, or a delta and its head: src/index/manifest-file.ts).
 * Offline defaults (hashed vectors) unless the environment says otherwise (EMBEDDINGS, ...).
 */
import { existsSync } from "node:fs";
import { appendFile, cp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadConfig } from "../src/config.js";
import { createEmbeddings } from "../src/embed/create-embeddings.js";
import { buildIndex } from "../src/index/build.js";
import { readManifest } from "../src/index/store.js";
import { createTokenizer } from "../src/text/tokenizer.js";
import { scriptArgs } from "./lib/script-args.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    corpus: { type: "string" },
    index: { type: "string" },
    issue: { type: "string", default: join(tmpdir(), "newsqa-bench", "issue") },
    rounds: { type: "string", default: "2" },
    "max-segments": { type: "string" },
    "compact-at": { type: "string" },
    edit: { type: "string", default: "0" },
  },
});
if (!values.corpus || !values.index) {
  console.error(
    "Usage: npm run bench:add -- --corpus DIR --index DIR [--issue DIR] [--rounds N] [--max-segments N] [--compact-at F] [--edit N]",
  );
  process.exit(2);
}
if (!existsSync(values.issue)) {
  console.error(`No issue at ${values.issue}: run npm run bench once (it writes one), or pass --issue DIR.`);
  process.exit(2);
}
const corpusDir = values.corpus;
const config = { ...loadConfig({ ...process.env, LOG_LEVEL: "silent" }), corpusDir, indexDir: values.index };
const tokenizer = createTokenizer();
const embeddings = createEmbeddings(config, tokenizer);
const build = {
  corpusDir,
  indexDir: values.index,
  embeddings,
  chunking: config.chunking,
  hnsw: { space: "cosine" as const, ...config.hnsw },
  tokenizer,
  onProgress: () => undefined,
  ...(values["max-segments"] ? { maxSegments: Number(values["max-segments"]) } : {}),
  ...(values["compact-at"] ? { compactAt: Number(values["compact-at"]) } : {}),
};
/** Pages of the corpus edited along with each add (--edit N): a correction to past issues. */
const edited = (await readdir(corpusDir, { recursive: true }))
  .filter((f) => f.endsWith(".txt") && !f.startsWith("new-issue"))
  .sort()
  .slice(0, Number(values.edit));
const timed = async (full: boolean) => {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t = performance.now();
  const summary = await buildIndex({ ...build, full });
  const ms = Math.round(performance.now() - t);
  loop.disable();
  return { ms, summary, held: Math.round(loop.max / 1e6) };
};
/**
 * Bytes of manifest written by the build that published `generation`: its manifest files not
 * hard-linked from an earlier generation (one link: written by this build).
 */
const manifestBytes = async (generation: string) => {
  const dir = join(values.index!, generation);
  let bytes = 0;
  for (const f of await readdir(dir)) {
    if (!/^manifest.*\.json$/.test(f)) continue;
    const info = await stat(join(dir, f));
    if (info.nlink === 1) bytes += info.size;
  }
  return bytes;
};
const issueDir = join(corpusDir, "new-issue");
await rm(issueDir, { recursive: true, force: true });
if (!existsSync(join(values.index, "CURRENT"))) {
  const { ms, summary } = await timed(true);
  console.log(`full build: ${summary.chunks} chunks in ${ms} ms`);
}
// "live": until the build's first generation was published (the change searchable); "all": until
// the build returned, a compaction that fell due included (build.ts compacts in a second pass).
console.log(
  "| round | remove the issue ms, live / all | longest event-loop hold ms | add the issue ms, live / all | longest hold ms | manifest bytes written, remove / add | compacted | chunks embedded | index chunks | segments |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
const live = (t: { ms: number; summary: { ms: number } }) => `${t.summary.ms} / ${t.ms}`;
const compacted = (t: { summary: { compaction?: { ms: number } } }) =>
  t.summary.compaction ? `${t.summary.compaction.ms} ms` : "no";
for (let round = 1; round <= Number(values.rounds); round++) {
  await rm(issueDir, { recursive: true, force: true });
  const removed = await timed(false);
  await cp(values.issue, issueDir, { recursive: true, filter: (src) => !src.endsWith(".jsonl") });
  for (const page of edited) await appendFile(join(corpusDir, page), `\n（第${round}次更正）\n`);
  const removedBytes = await manifestBytes(removed.summary.generation);
  const added = await timed(false);
  const addedBytes = await manifestBytes(added.summary.generation);
  const manifest = await readManifest(values.index, added.summary.generation);
  console.log(
    `| ${round} | ${live(removed)} | ${removed.held} | ${live(added)} | ${added.held} | ${removedBytes} / ${addedBytes} | ${[removed, added].map(compacted).join(", ")} | ${added.summary.embedded} | ${added.summary.chunks} | ${manifest.segments.length} |`,
  );
}
await rm(issueDir, { recursive: true, force: true });
