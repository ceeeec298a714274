/**
 * Articles -> chunks. Chunks are built from whole sentences, so a citation never starts or ends
 * mid-sentence; only a single sentence longer than the limit is cut.
 */
import { createHash } from "node:crypto";
import type { Article, Chunk, Page } from "../types.js";
import { splitLongSentence, splitSentences } from "./sentences.js";

/** How articles are cut; the defaults are settings (CHUNK_SIZE, CHUNK_OVERLAP in config.ts). */
export interface ChunkOptions {
  /** Maximum chunk length in characters (title excluded). */
  size: number;
  /**
   * Sentences carried over from the end of one chunk to the start of the next, so a fact whose
   * subject was named one sentence earlier still retrieves.
   */
  overlap: number;
}

/** Whether two chunk settings cut articles alike: an index built with one needs no rebuild for the other. */
export function sameChunking(a: ChunkOptions, b: ChunkOptions): boolean {
  return a.size === b.size && a.overlap === b.overlap;
}

export function chunkPage(page: Page, opts: ChunkOptions): Chunk[] {
  return page.articles.flatMap((article, i) => chunkArticle(article, i, page, opts));
}

export function chunkArticle(
  article: Article,
  articleIndex: number,
  page: Page,
  opts: ChunkOptions,
): Chunk[] {
  const sentences = splitSentences(article.text).flatMap((s) =>
    s.length > opts.size ? splitLongSentence(s, opts.size) : [s],
  );
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 0;
  let fresh = 0; // sentences in `current` not carried over from the previous chunk
  for (const s of sentences) {
    if (fresh > 0 && length + s.length > opts.size) {
      groups.push(current);
      const carried = opts.overlap > 0 ? carryOver(current, opts) : [];
      current = [...carried];
      length = carried.reduce((n, c) => n + c.length, 0);
      fresh = 0;
    }
    current.push(s);
    length += s.length;
    fresh++;
  }
  if (fresh > 0) groups.push(current);

  const title = article.title || firstWords(article.text);
  return groups.map((group, seq) => {
    const text = joinSentences(group);
    return {
      id: chunkId(title, text),
      title,
      source: page.source,
      paper: page.meta.paper,
      date: page.meta.date,
      page: page.meta.page,
      article: articleIndex,
      seq,
      text,
    };
  });
}

/** The text that gets embedded and lexically indexed: the title is part of it. */
export function embeddingText(chunk: Pick<Chunk, "title" | "text">): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}

/**
 * Ids hash the title and text only, so the same article ingested twice (say from a .txt and a
 * .pdf of one page) yields the same ids and is stored once, and ids survive restarts.
 */
export function chunkId(title: string, text: string): string {
  return createHash("sha256").update(`${title}\n${text}`).digest("hex").slice(0, 16);
}

/** Subheads and other unpunctuated lines keep their own line, so they don't run into the next sentence. */
function joinSentences(sentences: string[]): string {
  return sentences
    .map((s, i) => (i < sentences.length - 1 && !ENDS_SENTENCE.test(s) ? `${s}\n` : s))
    .join("");
}

const ENDS_SENTENCE = /[。！？；!?;…”’」』）)]$/;

function carryOver(previous: string[], opts: ChunkOptions): string[] {
  const tail = previous.slice(-opts.overlap);
  // Carrying a long sentence would make chunks mostly repetition; a short one gives context.
  return tail.reduce((n, s) => n + s.length, 0) <= opts.size / 3 ? tail : [];
}

/** Untitled pieces (e.g. photo captions) are cited by their opening words. */
function firstWords(text: string): string {
  const first = splitSentences(text)[0] ?? text;
  return first.length > 24 ? `${first.slice(0, 24)}…` : first;
}
