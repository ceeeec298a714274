/**
 * Build step 1: the live generation this build may reuse. Reused files are hard-linked, so damage
 * would carry into every later generation: each one is checked against its checksum first (unless
 * its stamp shows it untouched since it was published: file-stamp.ts), and a damaged segment is
 * rebuilt from its pages instead.
 */
import { join } from "node:path";
import { sameChunking } from "../chunk/chunker.js";
import { isLsa } from "../embed/lsa-embeddings.js";
import { ManifestDamagedError } from "../errors.js";
import type { BuildOptions, PreviousGeneration, RepairedPart } from "./build-options.js";
import { type DamagedFile, damagedFile } from "./checksums.js";
import { type HnswParams, type Manifest, READABLE_FORMAT_VERSIONS } from "./manifest.js";
import { frozen } from "./manifest-delta.js";
import { type ManifestChain, readManifestChain } from "./manifest-file.js";
import { currentGeneration, GEN_FILES } from "./store.js";

export interface Reusable {
  prev: PreviousGeneration | undefined;
  /** Damaged segments of the live generation by name, with their first damaged file. */
  damaged: Map<string, DamagedFile>;
}

/**
 * The previous generation, unless the settings changed, its manifest cannot be read or a
 * generation-wide file is damaged (each noted in `repaired` with pages 0: every page is read).
 */
export async function reusableGeneration(
  opts: BuildOptions,
  hnsw: HnswParams,
  repaired: RepairedPart[],
): Promise<Reusable> {
  const prev = await previousGeneration(opts, hnsw, repaired);
  if (!prev) return { prev, damaged: new Map() };
  const damaged = await damagedParts(prev);
  if (damaged.generation) {
    repaired.push({ ...damaged.generation, pages: 0 });
    opts.logger?.warn(
      { file: damaged.generation.file },
      `index file damaged (${damaged.generation.problem}): rebuilding everything`,
    );
    return { prev: undefined, damaged: damaged.segments };
  }
  return { prev, damaged: damaged.segments };
}

/** The live generation's manifest, when this build can reuse it (an unreadable one is noted in `repaired`). */
async function previousGeneration(
  opts: BuildOptions,
  hnsw: HnswParams,
  repaired: RepairedPart[],
): Promise<PreviousGeneration | undefined> {
  if (opts.full) return undefined;
  const generation = await currentGeneration(opts.indexDir);
  if (!generation) return undefined;
  let manifest: Manifest;
  let chain: ManifestChain;
  try {
    ({ manifest, chain } = await readManifestChain(opts.indexDir, generation));
  } catch (err) {
    const damaged = err instanceof ManifestDamagedError ? err : undefined;
    repaired.push({
      file: damaged?.file ?? `${generation}/${GEN_FILES.manifest}`,
      problem: damaged?.problem ?? "cannot be read",
      pages: 0,
    });
    opts.logger?.warn(
      { generation, file: damaged?.file },
      "index manifest unreadable: rebuilding everything",
    );
    return undefined;
  }
  const same =
    READABLE_FORMAT_VERSIONS.includes(manifest.formatVersion) &&
    manifest.embedder.id === opts.embeddings.id &&
    (opts.embeddings.dimensions === undefined ||
      opts.embeddings.dimensions === manifest.embedder.dimensions) &&
    sameChunking(manifest.chunking, opts.chunking) &&
    manifest.hnsw.M === hnsw.M &&
    manifest.hnsw.efConstruction === hnsw.efConstruction &&
    manifest.hnsw.space === hnsw.space &&
    // An LSA generation without its projection cannot embed new chunks in its space: refit.
    (!isLsa(opts.embeddings) || manifest.files[GEN_FILES.lsa] !== undefined);
  if (!same) {
    opts.logger?.info({ generation }, "index settings changed: rebuilding everything");
    return undefined;
  }
  return { generation, manifest: frozen(manifest), chain, path: join(opts.indexDir, generation) };
}

/**
 * Checks every file of the previous generation against its manifest, hashing those whose stamp
 * changed: the first damaged generation-wide file (dictionary, names), and the first damaged file
 * of each segment.
 */
async function damagedParts(
  prev: PreviousGeneration,
): Promise<{ generation: DamagedFile | undefined; segments: Map<string, DamagedFile> }> {
  const bySegment = new Map<string, Manifest["files"]>();
  const shared: Manifest["files"] = {};
  for (const [name, sum] of Object.entries(prev.manifest.files)) {
    const slash = name.indexOf("/");
    if (slash < 0) shared[name] = sum;
    else {
      const segment = name.slice(0, slash);
      const files = bySegment.get(segment) ?? {};
      files[name] = sum;
      bySegment.set(segment, files);
    }
  }
  const segments = new Map<string, DamagedFile>();
  for (const s of prev.manifest.segments) {
    // A segment with no listed files (never in a manifest this code wrote) cannot be trusted either.
    const files = bySegment.get(s.name) ?? {};
    const bad =
      Object.keys(files).length === 0
        ? { file: `${prev.generation}/${s.name}/`, problem: "has no checksums in the manifest" }
        : await damagedFile(prev.path, files, prev.generation, { stamps: true, crc: true });
    if (bad) segments.set(s.name, bad);
  }
  return {
    generation: await damagedFile(prev.path, shared, prev.generation, { stamps: true, crc: true }),
    segments,
  };
}
