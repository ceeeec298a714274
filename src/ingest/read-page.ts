/**
 * Reads page files from a corpus directory tree into pages with metadata and articles. Every
 * failure is a {@link PageReadError} for that one file, so indexing can skip it and go on.
 */
import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { NewsQaError, PageReadError } from "../errors.js";
import { normalizeText } from "../text/normalize.js";
import type { Page } from "../types.js";
import { decodePage } from "./decode.js";
import { loadPageMeta, toSource } from "./metadata.js";
import { readPageHeader, withoutHeaderLines } from "./page-header.js";
import { extractPdfText } from "./pdf.js";
import { segmentPage } from "./segment.js";

/** Page files: extracted text, or a PDF whose text layer is read (see pdf.ts). */
const PAGE_FILE = /\.(?:txt|pdf)$/i;

/**
 * Every `.txt` and `.pdf` page under `root`, at any depth, sorted by path. Hidden files and
 * directories (".git", ".cache") are skipped; symlinked directories are not followed, so a loop
 * cannot hang indexing. Paths are `root` joined with the relative path, ready for {@link readPage}.
 */
export async function listPageFiles(root: string): Promise<string[]> {
  try {
    if (!(await stat(root)).isDirectory()) {
      throw new NewsQaError(`Corpus path ${root} is not a directory. Pass the folder that holds the pages.`);
    }
  } catch (err) {
    if (err instanceof NewsQaError) throw err;
    throw new NewsQaError(`Corpus folder ${root} cannot be read (${(err as Error).message}).`, {
      cause: err,
    });
  }
  const found: string[] = [];
  const walk = async (relDir: string) => {
    const entries: Dirent[] = await readdir(join(root, relDir), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (PAGE_FILE.test(entry.name) && (entry.isFile() || (await isFileLink(join(root, rel))))) {
        found.push(rel);
      }
    }
  };
  await walk("");
  // Code-point order, so the listing is the same on every machine and locale.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((rel) => join(root, rel));
}

async function isFileLink(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads one page: decodes it (UTF-8 or GB18030) or extracts a PDF's text layer, normalises the text, reads its
 * metadata from the path and metadata files, and segments it into articles. `source` is the path relative to `root`.
 */
export async function readPage(file: string, root: string): Promise<Page> {
  const source = toSource(file, root);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new PageReadError(source, `cannot read the file (${code}). Check that it exists and is readable.`, {
      cause: err,
    });
  }
  const extracted = /\.pdf$/i.test(file)
    ? (await extractPdfText(bytes, source)).text
    : decodePage(bytes, source);
  // Every format meets here, so pages are normalised as questions are (text/normalize.ts): a
  // zero-width space in a name on the page must not keep a question from finding it.
  const raw = normalizeText(extracted, { page: true });
  const header = readPageHeader(raw);
  // The page's own running head fills in what the path leaves unknown; metadata files still win.
  const meta = await loadPageMeta(file, root, header.meta);
  const articles = segmentPage(withoutHeaderLines(raw, header));
  if (articles.length === 0) {
    throw new PageReadError(
      source,
      "no article text found: the page has no prose paragraphs. Check that it is a newspaper page's extracted text.",
    );
  }
  return { source, meta, articles, hash: createHash("sha256").update(bytes).digest("hex") };
}
