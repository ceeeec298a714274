/**
 * Finds the page files under a corpus folder, and says why any entry that looks like a page is
 * left out, so one bad file (unreadable, vanished, a FIFO, a link out of the corpus) is a line in
 * the build summary instead of the end of the build.
 */
import { closeSync, constants, type Dirent, fstatSync, openSync, readdirSync, readFileSync } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { NewsQaError } from "../errors.js";
import { isMetaFileName } from "./metadata.js";

/** Page files: extracted text, or a PDF whose text layer is read (see pdf.ts). */
export const PAGE_FILE = /\.(?:txt|pdf)$/i;

/** Folders listed between two turns of the event loop. */
const LIST_BATCH = 64;

export interface SkippedPath {
  /** Path relative to the corpus folder (a folder ends in "/"). */
  source: string;
  reason: string;
}

export interface CorpusScan {
  /** Page files, `root` joined with the relative path, sorted by path. */
  files: string[];
  /** Entries that look like pages (or folders of them) but are not read, each with why. */
  skipped: SkippedPath[];
  /** Metadata files (metadata.ts: meta.json, `<page>.meta.json`), `root` joined with the relative path. */
  metaFiles: string[];
}

/**
 * Every `.txt` and `.pdf` page under `root`, at any depth. Hidden files and folders (".git",
 * ".cache") are ignored. A symlink is followed only when it resolves to a page file inside the
 * corpus: one that points outside is not followed (a corpus should not pull in arbitrary files
 * from elsewhere on the machine) and is listed, as are broken links. Symlinked folders are not
 * walked, so a loop cannot hang indexing. A folder that cannot be listed and a page that is not a
 * regular file (a FIFO would block the reader forever) are listed too; everything else is indexed.
 */
export async function scanCorpus(root: string): Promise<CorpusScan> {
  let realRoot: string;
  try {
    if (!(await stat(root)).isDirectory()) {
      throw new NewsQaError(`Corpus path ${root} is not a directory. Pass the folder that holds the pages.`);
    }
    realRoot = await realpath(root);
  } catch (err) {
    if (err instanceof NewsQaError) throw err;
    throw new NewsQaError(`Corpus folder ${root} cannot be read (${(err as Error).message}).`, {
      cause: err,
    });
  }
  const found: string[] = [];
  const skipped: SkippedPath[] = [];
  const metaFiles: string[] = [];
  // Folders are listed synchronously, a batch at a time between turns of the event loop: at 47,000
  // pages in 2,400 folders, awaiting each listing in turn took 0.4 s of an incremental build, and a
  // bot that indexes in-process keeps answering between batches.
  let listed = 0;
  const walk = async (relDir: string) => {
    let entries: Dirent[];
    try {
      if (++listed % LIST_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
      entries = readdirSync(join(root, relDir), { withFileTypes: true });
    } catch (err) {
      skipped.push({
        source: `${relDir}/`,
        reason: `cannot list this folder (${errorCode(err)}), so none of its pages are indexed. Make it readable by the user running the indexer (e.g. chmod a+rx), or remove it.`,
      });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const isPage = PAGE_FILE.test(entry.name);
      if (isMetaFileName(entry.name)) metaFiles.push(join(root, rel));
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isSymbolicLink()) {
        const why = await linkProblem(join(root, rel), realRoot, isPage);
        if (why === undefined) found.push(rel);
        else if (why) skipped.push({ source: rel, reason: why });
      } else if (isPage) {
        if (entry.isFile()) found.push(rel);
        else skipped.push({ source: rel, reason: notRegular(entry) });
      }
    }
  };
  await walk("");
  // Code-point order, so the listing is the same on every machine and locale.
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  skipped.sort((a, b) => byPath(a.source, b.source));
  return { files: found.sort(byPath).map((rel) => join(root, rel)), skipped, metaFiles };
}

/**
 * Why a symlink is not followed: undefined to follow it (a page file inside the corpus), "" to
 * ignore it quietly (a folder inside the corpus, whose pages are found at their real path, or a
 * link that is not named like a page), or the reason to list.
 */
async function linkProblem(path: string, realRoot: string, isPage: boolean): Promise<string | undefined> {
  let target: string;
  try {
    target = await realpath(path);
  } catch (err) {
    if (!isPage) return "";
    return `broken symlink (${errorCode(err)}: its target does not exist), not indexed. Point it at the page or remove it.`;
  }
  const inside = relative(realRoot, target);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    const info = await stat(target).catch(() => undefined);
    if (!isPage && !info?.isDirectory()) return "";
    return `symlink to ${target}, outside the corpus folder: not followed. Copy what belongs in the archive into the corpus folder.`;
  }
  if (!isPage) return "";
  const info = await stat(target).catch(() => undefined);
  if (info?.isFile()) return undefined;
  return info?.isDirectory() ? "" : `symlink to something that is not a regular file (${target}), not read.`;
}

function notRegular(entry: Dirent): string {
  const kind = entry.isFIFO()
    ? "a FIFO (named pipe)"
    : entry.isSocket()
      ? "a socket"
      : entry.isCharacterDevice() || entry.isBlockDevice()
        ? "a device"
        : "not a regular file";
  return `${kind}, not a page file: not read, since reading it could block the build. Remove it from the corpus folder.`;
}

const FIX_PERMISSIONS = "Make it readable by the user running the indexer (e.g. chmod a+r), or remove it.";

/**
 * A page file's bytes. Opened without blocking and checked to be a regular file first, so a file
 * swapped for a FIFO after the scan cannot hang the build.
 */
export async function readPageFile(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) {
      throw Object.assign(new Error(`${path} is not a regular file`), { code: "ENOTREGULAR" });
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** {@link readPageFile} without the thread pool: for a thread that has nothing else to do meanwhile. */
export function readPageFileSync(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) {
      throw Object.assign(new Error(`${path} is not a regular file`), { code: "ENOTREGULAR" });
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Why a page file could not be read, and what to do about it, from the error reading it threw. */
export function unreadableReason(err: unknown): string {
  const code = errorCode(err);
  switch (code) {
    case "EACCES":
    case "EPERM":
      return `permission denied (${code}): the indexer cannot read it. ${FIX_PERMISSIONS}`;
    case "ENOENT":
      return "the file disappeared while the corpus was being read (moved or deleted); the next index run picks it up if it is back.";
    case "EISDIR":
      return "it turned into a folder while the corpus was being read; the next index run reads what it holds.";
    case "ENOTREGULAR":
      return "it is no longer a regular file (a FIFO or device?), so it was not read. Remove it from the corpus folder.";
    case "ELOOP":
      return "it is a symlink loop. Remove the link.";
    default:
      return `cannot read the file (${code}). Check that it exists and is readable.`;
  }
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);
}
