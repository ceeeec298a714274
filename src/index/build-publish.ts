/**
 * Build step 6: the generation-wide files and the manifest (whole, or as a delta against the
 * previous generation's: manifest-file.ts), each written and fsynced, then the generation's folder
 * fsynced, and only then CURRENT flipped to it (store.ts publishGeneration). A crash at any point
 * before the flip leaves the previous generation live and whole.
 */
import { join } from "node:path";
import type { BuildOptions, PreviousGeneration } from "./build-options.js";
import { type FileSums, fsyncDir } from "./durable-write.js";
import { settledStamp } from "./file-stamp.js";
import {
  type FailedSource,
  type HnswParams,
  INDEX_FORMAT_VERSION,
  type Manifest,
  type SegmentEntry,
  type SourceEntry,
} from "./manifest.js";
import { assembleManifest } from "./manifest-delta.js";
import { writeManifest } from "./manifest-file.js";
import { type NamesToWrite, writeNames } from "./name-parts.js";
import { publishGeneration } from "./store.js";

export interface Contents {
  hnsw: HnswParams;
  dimensions: number;
  /** The dictionary and the names, with what this build adds to the previous generation's. */
  names: NamesToWrite;
  /** The generation this build reuses, whose dictionary and lexicon files are linked. */
  prev: PreviousGeneration | undefined;
  sources: SourceEntry[];
  failed: FailedSource[];
  segments: SegmentEntry[];
  /**
   * Whether old segments were rewritten (a compaction): the manifest is then written whole, as
   * most sources point at a new segment and a delta would be nearly as large.
   */
  compacted: boolean;
  /** Sums of the segment files already written or linked; the generation-wide ones are added. */
  files: FileSums;
  /** When the build started (ms since the epoch), for the manifest's buildMs. */
  started: number;
}

/** Writes the rest of generation `gen` durably and makes it the live one; returns its counts. */
export async function publish(
  opts: BuildOptions,
  gen: { name: string; path: string },
  c: Contents,
): Promise<Manifest["counts"]> {
  const { files } = c;
  const parts = await writeNames(c.prev, gen.path, gen.name, files, c.names);
  const counts = {
    pages: c.sources.length,
    articles: c.sources.reduce((n, s) => n + s.articles, 0),
    chunks: c.sources.reduce((n, s) => n + s.chunks, 0),
    duplicates: c.sources.reduce((n, s) => n + (s.duplicates ?? 0), 0),
    failed: c.failed.length,
  };
  await stampFiles(gen.path, files);
  const head = {
    formatVersion: INDEX_FORMAT_VERSION,
    embedder: { id: opts.embeddings.id, dimensions: c.dimensions },
    hnsw: c.hnsw,
    chunking: { size: opts.chunking.size, overlap: opts.chunking.overlap },
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - c.started,
    counts,
    failed: c.failed,
    ...(parts ? { parts } : {}),
  };
  const manifest = assembleManifest(head, c.sources, c.segments, files);
  // The manifest last of the generation's files and the folder after it: CURRENT may only name a
  // generation whose every file is on disk.
  await writeManifest(gen.path, gen.name, manifest, c.prev, {
    whole: c.compacted,
    maxDeltas: opts.maxManifestDeltas,
  });
  await fsyncDir(gen.path);
  await publishGeneration(opts.indexDir, gen.name);
  return counts;
}

/**
 * Records each file's stamp as the generation is published: every file is written, fsynced and
 * hashed (or reused after its check) by now, so the next build may trust an unchanged stamp. A
 * file written in the last moments gets none (file-stamp.ts SETTLED_MS): the next build hashes it.
 */
async function stampFiles(genPath: string, files: FileSums): Promise<void> {
  const now = Date.now();
  for (const [name, sums] of Object.entries(files)) {
    const stamp = await settledStamp(join(genPath, name), now);
    if (stamp) sums.stamp = stamp;
    else delete sums.stamp;
  }
}
