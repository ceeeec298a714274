/**
 * Reads page files from a corpus directory tree into pages with metadata and articles. Every
 * failure is a {@link PageReadError} for that one file, so indexing can skip it and go on.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PageReadError, PageUnreadableError } from "../errors.js";
import { normalizeText } from "../text/normalize.js";
import type { Page } from "../types.js";
import { decodePage } from "./decode.js";
import { loadPageMeta, toSource } from "./metadata.js";
import { readPageHeader, withoutHeaderLines } from "./page-header.js";
import { extractPdfText } from "./pdf.js";
import { readPageFileSync, scanCorpus } from "./scan-corpus.js";
import { segmentPage } from "./segment.js";

/**
 * Every `.txt` and `.pdf` page under `root` that indexing reads, sorted by path, ready for
 * {@link readPage}. {@link scanCorpus} gives the same list with the reasons anything else is left
 * out (hidden entries, links out of the corpus, unreadable folders, FIFOs).
 */
export async function listPageFiles(root: string): Promise<string[]> {
  return (await scanCorpus(root)).files;
}

export interface ReadPageOptions {
  /** The metadata files a scan of the corpus found: others are not opened (metadata.ts loadPageMeta). */
  metaFiles?: ReadonlySet<string>;
  /**
   * Read the page's bytes without the thread pool. A build worker has nothing to do while it
   * waits, and each of an asynchronous read's open, stat, read and close is a round trip through
   * the pool (with the metadata files' failed opens gone too, a 68k build's system CPU went from
   * 37-39 s to 17 s).
   */
  sync?: boolean;
}

/**
 * Reads one page: decodes it (UTF-8 or GB18030) or extracts a PDF's text layer, normalises the text, reads its
 * metadata from the path and metadata files, and segments it into articles. `source` is the path relative to `root`.
 */
export async function readPage(file: string, root: string, options: ReadPageOptions = {}): Promise<Page> {
  const source = toSource(file, root);
  let bytes: Buffer;
  try {
    bytes = options.sync ? readPageFileSync(file) : await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new PageUnreadableError(
      source,
      `cannot read the file (${code}). Check that it exists and is readable.`,
      {
        cause: err,
      },
    );
  }
  const extracted = /\.pdf$/i.test(file)
    ? (await extractPdfText(bytes, source)).text
    : decodePage(bytes, source);
  // Every format meets here, so pages are normalised as questions are (text/normalize.ts): a
  // zero-width space in a name on the page must not keep a question from finding it.
  const raw = normalizeText(extracted, { page: true });
  const header = readPageHeader(raw);
  // The page's own running head fills in what the path leaves unknown; metadata files still win.
  const meta = await loadPageMeta(file, root, header.meta, options.metaFiles);
  const articles = segmentPage(withoutHeaderLines(raw, header));
  if (articles.length === 0) {
    throw new PageReadError(
      source,
      "no article text found: the page has no prose paragraphs. Check that it is a newspaper page's extracted text.",
    );
  }
  return { source, meta, articles, hash: createHash("sha256").update(bytes).digest("hex") };
}
