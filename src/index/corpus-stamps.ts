/**
 * Build step 2's first half: the corpus's page files and their stamps (file-stamp.ts), which
 * build-diff.ts compares with the previous generation's. A build with workers takes them in one
 * while its own thread reads the previous manifest.
 */
import { type SkippedPath, scanCorpus } from "../ingest/scan-corpus.js";
import { fileStampSync } from "./file-stamp.js";

/** Page files stat'ed between two turns of the event loop. */
const STAT_BATCH = 1024;

/**
 * The corpus's page files and their stamps as a build found them. Taken before the previous
 * generation's manifest is read, in a worker when there is one: at 69,931 pages in 2,400 folders
 * listing and stat-ing them cost an add ~0.75 s of the main thread, and the manifest ~1 s more.
 */
export interface CorpusStamps {
  /** scan-corpus.ts scanCorpus's pages, skipped entries and metadata files. */
  files: string[];
  skipped: SkippedPath[];
  metaFiles: string[];
  /** Each page's stamp (file-stamp.ts), in the order of `files`; undefined where stat failed. */
  stamps: (string | undefined)[];
  /** When the stat-ing began (ms since the epoch): a stamp's mtime must be settled by then. */
  at: number;
}

/** Lists the pages under `corpusDir` and stats each, synchronously in batches between turns of the event loop. */
export async function stampCorpus(corpusDir: string): Promise<CorpusStamps> {
  const scan = await scanCorpus(corpusDir);
  const at = Date.now();
  const stamps: (string | undefined)[] = [];
  for (const [i, file] of scan.files.entries()) {
    if (i > 0 && i % STAT_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    stamps.push(fileStampSync(file));
  }
  return { ...scan, stamps, at };
}
