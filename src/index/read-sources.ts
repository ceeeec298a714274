/**
 * The per-page half of a build: read and segment a page, key its articles, and collect the names
 * it teaches the segmenter and the English-name lexicon. Runs in build workers or in-process.
 */
import { createHash } from "node:crypto";
import { type ChunkOptions, chunkArticle } from "../chunk/chunker.js";
import { PageReadError, PageUnreadableError } from "../errors.js";
import { type ReadPageOptions, readPage } from "../ingest/read-page.js";
import { unreadableReason } from "../ingest/scan-corpus.js";
import { type NameLexiconEntries, nameLexiconEntries } from "../text/name-lexicon.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Page } from "../types.js";
import { spoolChunks } from "./chunk-spool.js";
import { extractNames } from "./user-dictionary.js";

export type ReadResult =
  | { ok: true; page: Page; articleKeys: string[]; names: string[]; lexicon: NameLexiconEntries }
  | { ok: false; source: string; reason: string };

export async function readSource(
  file: string,
  corpusDir: string,
  tokenizer: Tokenizer,
  options?: ReadPageOptions,
): Promise<ReadResult> {
  let page: Page;
  try {
    page = await readPage(file, corpusDir, options);
  } catch (err) {
    if (!(err instanceof PageReadError)) throw err;
    // A new page is first opened here, not when the build hashes the corpus (build-diff.ts), so
    // it fails with the reasons a hashed page would have.
    const reason = err instanceof PageUnreadableError ? unreadableReason(err.cause) : err.reason;
    return { ok: false, source: err.file, reason };
  }
  // One tagging pass per article serves both the user dictionary and the name lexicon.
  const tagged = new Map<string, { word: string; tag: string }[]>();
  const tag = (text: string) => {
    let t = tagged.get(text);
    if (!t) {
      t = tokenizer.tag(text);
      tagged.set(text, t);
    }
    return t;
  };
  const caching: Tokenizer = { ...tokenizer, tag };
  const texts = page.articles.map((a) => `${a.title}\n${a.text}`);
  const names = new Set<string>();
  for (const text of texts) for (const n of extractNames(text, caching)) names.add(n);
  return {
    ok: true,
    page,
    articleKeys: page.articles.map((a) => articleKey(a.text)),
    names: [...names],
    lexicon: nameLexiconEntries(texts, { tag }),
  };
}

/** A page as read and chunked, its chunks spooled: what the main thread of a build sees of it. */
export type SpooledRead =
  | { ok: false; source: string; reason: string }
  | {
      ok: true;
      source: string;
      hash: string;
      articles: number;
      articleKeys: string[];
      names: string[];
      lexicon: NameLexiconEntries;
      /** Per article, its chunks' ids. */
      chunked: string[][];
      /** The page's chunks are lines first, first + 1, … of `file`, in article order. */
      spool: { file: string; first: number };
    };

/**
 * Cuts the pages' articles into chunks where they were read (a build worker) and writes the chunks
 * to the batch's spool file (chunk-spool.ts); what comes back names them by id.
 */
export async function spoolRead(
  read: ReadResult[],
  chunking: ChunkOptions,
  file: string,
): Promise<SpooledRead[]> {
  const chunked = read.map((r) =>
    r.ok ? r.page.articles.map((a, i) => chunkArticle(a, i, r.page, chunking)) : undefined,
  );
  const firsts = await spoolChunks(
    file,
    chunked.map((c) => c?.flat()),
  );
  return read.map((r, i) => {
    if (!r.ok) return r;
    const { page, articleKeys, names, lexicon } = r;
    return {
      ok: true,
      source: page.source,
      hash: page.hash,
      articles: page.articles.length,
      articleKeys,
      names,
      lexicon,
      chunked: chunked[i]!.map((cs) => cs.map((c) => c.id)),
      spool: { file, first: firsts[i]! },
    };
  });
}

/**
 * Identity of an article body, blind to whitespace and punctuation, which differ between a page's
 * text export and its PDF text layer. 64 bits are plenty for one archive and keep the manifest small.
 */
export function articleKey(text: string): string {
  return createHash("sha256")
    .update(text.replace(/[\s\p{P}\p{S}]/gu, ""))
    .digest("hex")
    .slice(0, 16);
}
