/**
 * Where a build's new chunks wait between reading and a segment write: one file of JSON lines per
 * read batch, in the index folder's `.spool/`. The build removes it when it ends, however it ends;
 * what a killed build left goes at the end of the next.
 *
 * Why not in memory: the chunks went worker → main thread → worker, and the main thread held all
 * of them, with the garbage of deserialising them, through the whole embedding phase. At 68,000
 * news articles that was 0.6 GB of committed heap (its live part ~300 MB) beside the two workers,
 * and the build's peak RSS. The main thread now sees a page's chunk ids and where its lines are.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { NewsQaError } from "../errors.js";
import type { Chunk } from "../types.js";

/** The spool folder of the index in `indexDir`. */
export function spoolDir(indexDir: string): string {
  return join(indexDir, ".spool");
}

/** Some of a page's chunks: lines of a spool file, in the page's order. */
export interface SpooledChunks {
  file: string;
  lines: number[];
}

/**
 * Writes the chunks of a batch's pages (undefined: a page that could not be read) to `file`, one
 * JSON line each; returns each page's first line. A line is the chunk as a segment's
 * chunks.jsonl stores it.
 */
export async function spoolChunks(file: string, pages: (Chunk[] | undefined)[]): Promise<number[]> {
  const firsts: number[] = [];
  const lines: string[] = [];
  for (const chunks of pages) {
    firsts.push(lines.length);
    for (const c of chunks ?? []) lines.push(JSON.stringify(c));
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, lines.length ? `${lines.join("\n")}\n` : "");
  return firsts;
}

/**
 * The chunks `refs` name, in order, a spool file's worth at a time. Each file is read once: the
 * pages of a read batch are consecutive.
 */
export async function* spooledBatches(refs: readonly SpooledChunks[]): AsyncGenerator<Chunk[]> {
  let batch: Chunk[] = [];
  let file: string | undefined;
  let lines: string[] = [];
  for (const ref of refs) {
    if (ref.lines.length === 0) continue;
    if (ref.file !== file) {
      if (batch.length) yield batch;
      batch = [];
      file = ref.file;
      lines = (await readFile(file, "utf8")).split("\n");
    }
    for (const l of ref.lines) {
      const line = lines[l];
      if (!line)
        throw new NewsQaError(
          `Build spool file ${file} has no line ${l}: something changed the build's folder under it. Run the build again.`,
        );
      batch.push(JSON.parse(line) as Chunk);
    }
  }
  if (batch.length) yield batch;
}

/** How many chunks `refs` name. */
export function spooledCount(refs: readonly SpooledChunks[]): number {
  return refs.reduce((n, r) => n + r.lines.length, 0);
}

/** All the chunks `refs` name, in order. */
export async function readSpooled(refs: readonly SpooledChunks[]): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const batch of spooledBatches(refs)) for (const c of batch) out.push(c);
  return out;
}
