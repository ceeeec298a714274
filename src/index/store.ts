/**
 * On-disk layout of an index directory:
 *
 *   <dir>/CURRENT            name of the live generation (replaced by atomic rename)
 *   <dir>/gen-<stamp>/       manifest.json, chunks.jsonl, vectors.hnsw
 *
 * A build writes a whole new generation beside the live one and only then flips CURRENT, so a
 * crash mid-build leaves the previous index loadable, and readers never see a half-written one.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import type { NameLexiconData } from "../answer/name-lexicon.js";
import { IndexCorruptError, IndexMismatchError, IndexMissingError } from "../errors.js";
import type { Chunk } from "../types.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
import { parseDictionary, serializeDictionary } from "./user-dictionary.js";

const { HierarchicalNSW } = hnswlib;
export type Hnsw = InstanceType<typeof HierarchicalNSW>;

const CURRENT = "CURRENT";
const FILES = {
  manifest: "manifest.json",
  chunks: "chunks.jsonl",
  vectors: "vectors.hnsw",
  dictionary: "userdict.txt",
  names: "names.json",
} as const;

export interface StoredIndex {
  dir: string;
  generation: string;
  manifest: Manifest;
  /** Chunks in label order: chunk i is HNSW label i. */
  chunks: Chunk[];
  hnsw: Hnsw;
  /** Names from the corpus to teach the segmenter before tokenising queries or chunks. */
  dictionary: string[];
  /** The corpus's proper names keyed by pinyin, for English questions. */
  names: NameLexiconData;
}

export function indexExists(dir: string): boolean {
  return existsSync(join(dir, CURRENT));
}

export async function newGeneration(dir: string): Promise<{ name: string; path: string }> {
  const stamp = new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 15);
  const name = `gen-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  return { name, path };
}

/** Writes chunks and vectors into a generation folder, then the manifest with their checksums. */
export async function writeGeneration(
  genPath: string,
  data: { chunks: Chunk[]; hnsw: Hnsw; dictionary: string[]; names: NameLexiconData },
  manifest: Omit<Manifest, "files" | "formatVersion">,
): Promise<Manifest> {
  await writeFile(join(genPath, FILES.chunks), data.chunks.map((c) => JSON.stringify(c)).join("\n"));
  await writeFile(join(genPath, FILES.dictionary), serializeDictionary(data.dictionary));
  await writeFile(join(genPath, FILES.names), JSON.stringify(data.names));
  await data.hnsw.writeIndex(join(genPath, FILES.vectors));
  const files: Manifest["files"] = {};
  for (const name of [FILES.chunks, FILES.vectors, FILES.dictionary, FILES.names]) {
    files[name] = await checksum(join(genPath, name));
  }
  const full: Manifest = { formatVersion: INDEX_FORMAT_VERSION, ...manifest, files };
  await writeFile(join(genPath, FILES.manifest), JSON.stringify(full, null, 2));
  return full;
}

/** Makes `generation` the live one, then removes all but it and the one it replaced. */
export async function publishGeneration(dir: string, generation: string): Promise<void> {
  const previous = await currentGeneration(dir);
  const tmp = join(dir, `${CURRENT}.${process.pid}.tmp`);
  await writeFile(tmp, generation);
  await rename(tmp, join(dir, CURRENT));
  const keep = new Set([generation, previous]);
  for (const entry of await readdir(dir)) {
    if (entry.startsWith("gen-") && !keep.has(entry))
      await rm(join(dir, entry), { recursive: true, force: true });
  }
}

async function currentGeneration(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, CURRENT), "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface EmbedderIdentity {
  id: string;
  dimensions?: number;
}

/** Loads the live generation, verifying checksums and that it was built by `embedder`. */
export async function loadStoredIndex(dir: string, embedder: EmbedderIdentity): Promise<StoredIndex> {
  const generation = await currentGeneration(dir);
  if (!generation) throw new IndexMissingError(dir);
  const genPath = join(dir, generation);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(genPath, FILES.manifest), "utf8")) as Manifest;
  } catch (err) {
    throw new IndexCorruptError(dir, `cannot read ${generation}/${FILES.manifest}`, { cause: err });
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexCorruptError(
      dir,
      `format version ${manifest.formatVersion}, expected ${INDEX_FORMAT_VERSION}`,
    );
  }
  const built = `${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions)`;
  if (manifest.embedder.id !== embedder.id) {
    throw new IndexMismatchError(dir, built, embedder.id);
  }
  if (embedder.dimensions !== undefined && embedder.dimensions !== manifest.embedder.dimensions) {
    throw new IndexMismatchError(dir, built, `${embedder.id} (${embedder.dimensions} dimensions)`);
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = await checksum(join(genPath, name)).catch(() => undefined);
    if (!actual || actual.sha256 !== expected.sha256) {
      throw new IndexCorruptError(dir, `${generation}/${name} is missing or does not match its checksum`);
    }
  }
  const raw = await readFile(join(genPath, FILES.chunks), "utf8");
  const chunks = raw ? raw.split("\n").map((line) => JSON.parse(line) as Chunk) : [];
  const hnsw = new HierarchicalNSW(manifest.hnsw.space, manifest.embedder.dimensions);
  if (chunks.length > 0) {
    await hnsw.readIndex(join(genPath, FILES.vectors));
    hnsw.setEf(manifest.hnsw.efSearch);
  } else {
    hnsw.initIndex(1);
  }
  const dictionary = manifest.files[FILES.dictionary]
    ? parseDictionary(await readFile(join(genPath, FILES.dictionary), "utf8"))
    : [];
  const names = manifest.files[FILES.names]
    ? (JSON.parse(await readFile(join(genPath, FILES.names), "utf8")) as NameLexiconData)
    : {};
  return { dir, generation, manifest, chunks, hnsw, dictionary, names };
}

async function checksum(path: string): Promise<{ bytes: number; sha256: string }> {
  const [data, info] = await Promise.all([readFile(path), stat(path)]);
  return { bytes: info.size, sha256: createHash("sha256").update(data).digest("hex") };
}
