/**
 * Build step 3b, for EMBEDDINGS=lsa only: the projection the new chunks are embedded with. A build
 * that reuses the live generation reuses its projection (checked against its checksum with the
 * rest, build-previous.ts), so old and new vectors share one space; a full build fits a new one on
 * an even sample of its chunks. Either way it is written into the new generation as lsa.bin and
 * listed, with its sum, in the manifest.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { embeddingText } from "../chunk/chunker.js";
import { fitLsa } from "../embed/lsa-fit.js";
import { decodeProjection, encodeProjection, type LsaProjection } from "../embed/lsa-projection.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Chunk } from "../types.js";
import type { BuildOptions, PreviousGeneration } from "./build-options.js";
import type { FreshPage } from "./build-read.js";
import { readSpooled } from "./chunk-spool.js";
import { durableWrite, type FileSums } from "./durable-write.js";
import type { WorkerPool } from "./pool.js";
import { GEN_FILES } from "./store.js";

const LSA_FILE = GEN_FILES.lsa;

/** A projection and its file's bytes (what workers are sent). */
export interface FittedLsa {
  projection: LsaProjection;
  bytes: Uint8Array;
}

export interface LsaBuildContext {
  opts: BuildOptions;
  tokenizer: Tokenizer;
  pool: WorkerPool | undefined;
  dictionary: string[];
  /** The folder of the generation being written. */
  genPath: string;
  /** Latent dimensions, fitChunks and vocabulary, as configured. */
  settings: { dimensions: number; fitChunks: number; vocabulary: number };
}

/**
 * The previous generation's projection, else one fitted on `fresh`; written to the new generation
 * and its sum added to `files`.
 */
export async function lsaProjectionFor(
  fresh: FreshPage[],
  prev: PreviousGeneration | undefined,
  files: FileSums,
  ctx: LsaBuildContext,
): Promise<FittedLsa> {
  const path = join(ctx.genPath, LSA_FILE);
  if (prev) {
    const bytes = await readFile(join(prev.path, LSA_FILE));
    const projection = decodeProjection(bytes, `${prev.generation}/${LSA_FILE}`);
    files[LSA_FILE] = await durableWrite(path, [bytes]);
    return { projection, bytes };
  }
  const started = Date.now();
  // Sampled by reference, so only the sample is read from the spool and parsed.
  const each = fresh.flatMap((f) => f.spooled.lines.map((l) => ({ file: f.spooled.file, lines: [l] })));
  const chunks = await readSpooled(evenSample(each, ctx.settings.fitChunks));
  const docs = await tokenize(chunks, ctx);
  const tokenized = Date.now();
  const projection = fitLsa(docs, { k: ctx.settings.dimensions, vocabulary: ctx.settings.vocabulary });
  ctx.opts.logger?.info(
    {
      chunks: chunks.length,
      terms: projection.terms.length,
      k: projection.k,
      tokenizeMs: tokenized - started,
      fitMs: Date.now() - tokenized,
    },
    "LSA projection fitted",
  );
  const bytes = encodeProjection(projection);
  files[LSA_FILE] = await durableWrite(path, [bytes]);
  return { projection, bytes };
}

/** At most `n` items spread evenly over `all`, in order (all of them when there are fewer). */
export function evenSample<T>(all: T[], n: number): T[] {
  if (all.length <= n) return all;
  return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]!);
}

/** The chunks' tokens as their segments will see them: split over the workers when there are any. */
async function tokenize(chunks: Chunk[], ctx: LsaBuildContext): Promise<string[][]> {
  const texts = chunks.map(embeddingText);
  if (!ctx.pool) return texts.map((t) => ctx.tokenizer.tokens(t));
  const size = Math.ceil(texts.length / ctx.pool.size);
  const parts = await Promise.all(
    Array.from({ length: ctx.pool.size }, (_, i) =>
      ctx.pool!.run<string[][]>({
        kind: "tokens",
        texts: texts.slice(i * size, (i + 1) * size),
        dictionary: ctx.dictionary,
      }),
    ),
  );
  return parts.flat();
}
