/**
 * Build step 2: which page files are new, changed, gone or unchanged since the live generation,
 * by the sha256 of their bytes, and which chunks that deletes. A page that cannot be read is
 * skipped with its reason; the rest still index.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { toSource } from "../ingest/metadata.js";
import { readPageFile, unreadableReason } from "../ingest/scan-corpus.js";
import type { BuildOptions, PreviousGeneration, Progress, RepairedPart } from "./build-options.js";
import { idsOfLabels } from "./build-read.js";
import type { DamagedFile } from "./checksums.js";
import type { CorpusStamps } from "./corpus-stamps.js";
import { settled } from "./file-stamp.js";
import type { FailedSource, SegmentEntry, SourceEntry } from "./manifest.js";

export interface CorpusDiff {
  /** Pages (and folders) that cannot be indexed, with their reasons. Later steps add to it. */
  failed: FailedSource[];
  /** Sources unreadable for now whose indexed text stays. */
  unreadable: Set<string>;
  /** Entries of the previous generation carried over as they are. */
  kept: SourceEntry[];
  /** Entries of the previous generation whose chunks are deleted. */
  gone: SourceEntry[];
  /** Page files to read, chunk and embed. */
  toRead: string[];
  /** Pages re-read because their segment is damaged, by segment. */
  repairing: Map<string, number>;
  /** Each hashed page's settled stamp by source (file-stamp.ts), for its manifest entry. */
  stamps: Map<string, string>;
  /** The metadata files the scan found (scan-corpus.ts), which reading a page looks for. */
  metaFiles: ReadonlySet<string>;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

interface Hashed {
  files: string[];
  /** By file; none for a page the previous generation lacks, read without being hashed first. */
  hashes: Map<string, string>;
  stamps: Map<string, string>;
  unreadable: Set<string>;
  failed: FailedSource[];
}

/**
 * What changed in the corpus since `prev`, from the pages and stamps `stamped` (stampCorpus's,
 * taken already or under way).
 */
export async function diffCorpus(
  opts: BuildOptions,
  prev: PreviousGeneration | undefined,
  damaged: Map<string, DamagedFile>,
  progress: Progress,
  stamped: Promise<CorpusStamps>,
): Promise<CorpusDiff> {
  const previous = prev?.manifest.sources ?? [];
  const prevBySource = new Map(previous.map((s) => [s.source, s]));
  const inDamaged = (s: SourceEntry) => s.segment !== undefined && damaged.has(s.segment);
  const scan = await stamped;
  const { files, hashes, stamps, unreadable, failed } = await hashPages(
    opts,
    scan,
    { prevBySource, inDamaged },
    progress,
  );
  const current = new Set([...files.map((f) => toSource(f, opts.corpusDir)), ...unreadable]);
  const kept: SourceEntry[] = previous.filter((s) => unreadable.has(s.source));
  const gone: SourceEntry[] = [];
  let added = 0;
  let changed = 0;
  const toRead: string[] = [];
  const repairing = new Map<string, number>();
  for (const file of files) {
    const before = prevBySource.get(toSource(file, opts.corpusDir));
    if (before && before.hash === hashes.get(file)) {
      if (!inDamaged(before)) kept.push(withStamp(before, stamps.get(before.source)));
      else {
        toRead.push(file);
        repairing.set(before.segment!, (repairing.get(before.segment!) ?? 0) + 1);
      }
    } else {
      toRead.push(file);
      if (before) {
        changed++;
        gone.push(before);
      } else added++;
    }
  }
  const removedSources = previous.filter((s) => !current.has(s.source));
  gone.push(...removedSources);
  const unchanged = kept.length;
  // A page that skipped content as a duplicate of a page now gone must be read again to get it back.
  if (gone.length > 0) await readAgain({ opts, prev, kept, gone, toRead, unreadable });
  const removed = removedSources.length;
  const metaFiles = new Set(scan.metaFiles);
  return {
    failed,
    unreadable,
    kept,
    gone,
    toRead,
    repairing,
    stamps,
    metaFiles,
    added,
    changed,
    removed,
    unchanged,
  };
}

/** Gives each page read in this build the stamp taken when it was hashed, so the next build may skip it. */
export function stampFresh(
  fresh: readonly { entry: SourceEntry }[],
  stamps: ReadonlyMap<string, string>,
): void {
  for (const { entry } of fresh) {
    const stamp = stamps.get(entry.source);
    if (stamp) entry.stamp = stamp;
  }
}

/**
 * Moves from `kept` to `gone` and `toRead` the pages that may have skipped content a gone page
 * held, until there are no more: a page read again gives up its content too, and a kept page that
 * skipped an article or chunk of it must then hold that itself. (Re-reading every page that
 * skipped anything, as builds did, re-read 1,500 pages of a million-chunk corpus to remove one
 * issue.)
 */
async function readAgain(c: {
  opts: BuildOptions;
  prev: PreviousGeneration | undefined;
  kept: SourceEntry[];
  gone: SourceEntry[];
  toRead: string[];
  unreadable: ReadonlySet<string>;
}): Promise<void> {
  const { kept, gone } = c;
  const goneKeys = new Set(gone.flatMap((s) => s.articleKeys ?? []));
  // Chunk ids are read from the segments only when some kept page skipped chunks.
  const ids = c.kept.some((s) => s.skippedChunks) ? segmentIds(c.prev) : undefined;
  const goneChunks = new Set<string>();
  const addChunks = async (entries: SourceEntry[]) => {
    if (ids) for (const s of entries) for (const id of await ids(s)) goneChunks.add(id);
  };
  await addChunks(gone);
  for (let more = true; more; ) {
    more = false;
    for (let i = kept.length - 1; i >= 0; i--) {
      const entry = kept[i]!;
      if (!mayHaveSkipped(entry, goneKeys, goneChunks) || c.unreadable.has(entry.source)) continue;
      gone.push(entry);
      c.toRead.push(join(c.opts.corpusDir, entry.source));
      kept.splice(i, 1);
      for (const k of entry.articleKeys ?? []) goneKeys.add(k);
      await addChunks([entry]);
      more = true;
    }
  }
}

/**
 * Whether a kept page may have skipped content that a gone page held: an article with the key of
 * one of its articles, or a chunk with the id of one of its chunks. A page recorded before
 * skipped chunks were listed may have, whenever it skipped any.
 */
function mayHaveSkipped(
  entry: SourceEntry,
  goneKeys: ReadonlySet<string>,
  goneChunks: ReadonlySet<string>,
): boolean {
  if (!entry.skipped) return false;
  const chunkSkips = entry.skipped - (entry.duplicates ?? 0);
  if (!entry.articleKeys || (chunkSkips > 0 && !entry.skippedChunks)) return true;
  return (
    entry.articleKeys.some((k) => goneKeys.has(k)) ||
    (entry.skippedChunks?.some((id) => goneChunks.has(id)) ?? false)
  );
}

/** The chunk ids a source holds in the previous generation, each segment's ids.txt read once. */
function segmentIds(prev: PreviousGeneration | undefined): (s: SourceEntry) => Promise<string[]> {
  const bySegment = new Map<string, Promise<string>>();
  return async (s) => {
    if (!prev || s.segment === undefined || s.first === undefined || s.chunks === 0) return [];
    let text = bySegment.get(s.segment);
    if (!text) {
      text = readFile(join(prev.path, s.segment, "ids.txt"), "utf8").catch(() => "");
      bySegment.set(s.segment, text);
    }
    return idsOfLabels(await text, s.first, s.chunks);
  };
}

/** The entry with the page's current stamp (a page too fresh to trust last time may be settled now). */
function withStamp(entry: SourceEntry, stamp: string | undefined): SourceEntry {
  if (entry.stamp === stamp) return entry;
  const { stamp: _old, ...rest } = entry;
  return stamp ? { ...rest, stamp } : rest;
}

/** Page files read and hashed at once while diffing. */
const HASH_CONCURRENCY = 16;

/**
 * Hashes every page file under the corpus, except one whose stamp is still the one recorded when
 * it was last hashed (file-stamp.ts): its hash is the recorded one. An unreadable file is noted in
 * `failed`.
 */
async function hashPages(
  opts: BuildOptions,
  scan: CorpusStamps,
  {
    prevBySource,
    inDamaged,
  }: { prevBySource: Map<string, SourceEntry>; inDamaged: (s: SourceEntry) => boolean },
  progress: Progress,
): Promise<Hashed> {
  const failed: FailedSource[] = [...scan.skipped];
  const hashes = new Map<string, string>();
  const stamps = new Map<string, string>();
  const unreadable = new Set<string>();
  const files: string[] = [];
  // Several files in flight: one at a time, each open, stat, read and close waits its turn on the
  // thread pool, and a 68k-page corpus took ~23 s to hash that way instead of ~7 s (idle workers).
  const results = new Array<{ hash?: string; stamp?: string } | { err: unknown }>(scan.files.length);
  const started = scan.at;
  let done = 0;
  progress({ phase: "scan", done, total: scan.files.length });
  const current = scan.stamps;
  let next = 0;
  await Promise.all(
    Array.from({ length: HASH_CONCURRENCY }, async () => {
      while (next < scan.files.length) {
        const i = next++;
        const file = scan.files[i]!;
        try {
          // Stat before reading: a write after it changes the stamp, so the next build reads again.
          const stamp = current[i];
          const before = prevBySource.get(toSource(file, opts.corpusDir));
          // A page the previous generation lacks is read whatever its hash, and its reader hashes
          // what it reads (read-page.ts): hashing it here first had the workers of a full build of
          // 68,000 pages wait ~9 s for this thread to read every page once more.
          results[i] = !before
            ? { stamp: settled(stamp, started) }
            : stamp && before.stamp === stamp
              ? { hash: before.hash, stamp }
              : {
                  hash: createHash("sha256")
                    .update(await readPageFile(file))
                    .digest("hex"),
                  stamp: settled(stamp, started),
                };
        } catch (err) {
          results[i] = { err };
        }
        if (++done % 256 === 0) progress({ phase: "scan", done, total: scan.files.length });
      }
    }),
  );
  for (const [i, file] of scan.files.entries()) {
    const result = results[i]!;
    if (!("err" in result)) {
      if (result.hash !== undefined) hashes.set(file, result.hash);
      if (result.stamp) stamps.set(toSource(file, opts.corpusDir), result.stamp);
      files.push(file);
    } else {
      const { err } = result;
      const source = toSource(file, opts.corpusDir);
      const before = prevBySource.get(source);
      // Unreadable for now (permissions) is not gone: its indexed text stays until it reads again.
      const keep = before && (err as NodeJS.ErrnoException).code !== "ENOENT" && !inDamaged(before);
      if (keep) unreadable.add(source);
      failed.push({
        source,
        reason: `${unreadableReason(err)}${keep ? " Its previously indexed text is kept." : ""}`,
      });
      opts.logger?.warn({ file: source }, `skipped page: ${unreadableReason(err)}`);
    }
  }
  progress({ phase: "scan", done: scan.files.length, total: scan.files.length });
  return { files, hashes, stamps, unreadable, failed };
}

/**
 * Fills in what each repair re-reads: a generation-wide repair (pages 0 so far) is a rebuild of
 * everything, so every page read now; a damaged segment, the pages that lived in it.
 */
export function noteRepairs(repaired: RepairedPart[], diff: CorpusDiff, damaged: Map<string, DamagedFile>) {
  for (const r of repaired) if (r.pages === 0) r.pages = diff.toRead.length;
  for (const [segment, problem] of damaged)
    repaired.push({ ...problem, pages: diff.repairing.get(segment) ?? 0 });
}

/** Deleted labels by segment: the old ones, plus the chunks of changed and deleted pages. */
export function tombstones(
  segments: SegmentEntry[] | undefined,
  gone: SourceEntry[],
): Map<string, Set<number>> {
  const deleted = new Map<string, Set<number>>((segments ?? []).map((s) => [s.name, new Set(s.deleted)]));
  for (const s of gone) {
    if (s.segment === undefined || s.first === undefined) continue;
    const set = deleted.get(s.segment);
    for (let l = s.first; l < s.first + s.chunks; l++) set?.add(l);
  }
  return deleted;
}
