/**
 * Times the manifest's part of adding an issue, on a real index's manifest, without building:
 * written whole (as every build did before deltas) against written as a delta, with what the
 * delta costs besides (freezing the previous manifest, hashing the base as it is read). For the
 * million-chunk index, whose full bench takes an hour, this is the manifest's share of an add.
 *
 *   npx tsx scripts/bench-manifest.ts --index DIR [--rounds N]
 *
 * The issue is made up: eight new sources (copies of the last eight under new names) in a new
 * segment of 172 chunks, as the bench's 8-page issue. The index is only read: everything is
 * written under a temporary folder, removed at the end.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Manifest } from "../src/index/manifest.js";
import { assembleManifest, frozen } from "../src/index/manifest-delta.js";
import { readManifestChain, readManifestFile, writeManifest } from "../src/index/manifest-file.js";
import { SEGMENT_FILES } from "../src/index/segment.js";
import { currentGeneration } from "../src/index/store.js";
import { scriptArgs } from "./lib/script-args.js";

const { values } = scriptArgs(import.meta.url, {
  options: { index: { type: "string" }, rounds: { type: "string", default: "3" } },
});
const generation = values.index ? await currentGeneration(values.index) : undefined;
if (!values.index || !generation) {
  console.error(
    "Usage: npx tsx scripts/bench-manifest.ts --index DIR [--rounds N] (DIR holds a built index)",
  );
  process.exit(2);
}

/** `prev` with an 8-page issue added in a new segment. */
function withIssue(prev: Manifest): Manifest {
  const { sources, segments, files, ...head } = prev;
  const fresh = sources
    .slice(-8)
    .map((s, i) => ({ ...s, source: `new-issue/${i}.txt`, segment: "seg-new", first: i * 21 }));
  const newFiles = Object.fromEntries(
    SEGMENT_FILES.map((f) => [`seg-new/${f}`, { bytes: 1000, sha256: "0".repeat(64) }]),
  );
  return assembleManifest(
    { ...head, builtAt: new Date().toISOString() },
    [...sources, ...fresh],
    [...segments, { name: "seg-new", chunks: 172, deleted: [] }],
    { ...files, ...newFiles },
  );
}

const ms = (since: number) => Math.round(performance.now() - since);
const root = await mkdtemp(join(tmpdir(), "newsqa-bench-manifest-"));
try {
  let t = performance.now();
  const live = await readManifestFile(values.index, generation);
  console.log(`${values.index}: ${live.sources.length} sources, read in ${ms(t)} ms`);
  console.log(
    "| round | whole: write ms, bytes | read + hash ms | freeze ms | delta: write ms, bytes | read base + delta ms | same manifest |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (let round = 1; round <= Number(values.rounds); round++) {
    const [base, next] = [join(root, `base-${round}`), join(root, `next-${round}`)];
    await mkdir(base);
    await mkdir(next);
    t = performance.now();
    const wholeBytes = await writeManifest(base, "base", live, undefined, { whole: true });
    const wholeMs = ms(t);
    t = performance.now();
    const { manifest, chain } = await readManifestChain(root, `base-${round}`);
    const readMs = ms(t);
    t = performance.now();
    frozen(manifest);
    const freezeMs = ms(t);
    const added = withIssue(manifest);
    t = performance.now();
    const prev = { path: base, manifest, chain };
    const deltaBytes = await writeManifest(next, `next-${round}`, added, prev, { whole: false });
    const deltaMs = ms(t);
    t = performance.now();
    const back = await readManifestFile(root, `next-${round}`);
    const backMs = ms(t);
    const same = JSON.stringify(back) === JSON.stringify(added);
    console.log(
      `| ${round} | ${wholeMs}, ${wholeBytes} | ${readMs} | ${freezeMs} | ${deltaMs}, ${deltaBytes} | ${backMs} | ${same} |`,
    );
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
