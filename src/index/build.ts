/**
 * corpus/ -> pages -> chunks -> vectors -> a new published index generation.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import hnswlib from "hnswlib-node";
import { buildNameLexicon, createJiebaTagger } from "../answer/name-lexicon.js";
import { type ChunkOptions, chunkArticle, embeddingText } from "../chunk/chunker.js";
import type { IdentifiedEmbeddings } from "../embed/types.js";
import { NewsQaError, PageReadError } from "../errors.js";
import { listPageFiles, readPage } from "../ingest/read-page.js";
import type { Logger } from "../logger.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Chunk, ReindexProgress } from "../types.js";
import { DEFAULT_HNSW, type FailedSource, type HnswParams, type SourceEntry } from "./manifest.js";
import { newGeneration, publishGeneration, writeGeneration } from "./store.js";
import { extractNames } from "./user-dictionary.js";

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  embeddings: IdentifiedEmbeddings;
  chunking: ChunkOptions;
  hnsw?: HnswParams;
  logger?: Logger;
  /** Texts per embedDocuments call. Default 256. */
  batchSize?: number;
  /** Called as pages are read and chunks embedded. */
  onProgress?: (p: ReindexProgress) => void;
  /**
   * The segmenter the embedder and lexical index use. When given, it learns the corpus's names
   * (see user-dictionary.ts) before anything is embedded.
   */
  tokenizer?: Tokenizer;
}

export interface BuildSummary {
  generation: string;
  pages: number;
  articles: number;
  chunks: number;
  /** Articles skipped because the same body was already indexed (e.g. a page's .txt and its .pdf). */
  duplicates: number;
  failed: FailedSource[];
  ms: number;
}

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const started = Date.now();
  const hnswParams = opts.hnsw ?? DEFAULT_HNSW;
  if (!existsSync(opts.corpusDir)) {
    throw new NewsQaError(
      `Corpus folder ${opts.corpusDir} does not exist. Put page .txt files there or pass --corpus <dir>.`,
    );
  }
  const files = await listPageFiles(opts.corpusDir);
  const chunks: Chunk[] = [];
  const seen = new Set<string>();
  const seenArticles = new Set<string>();
  const orgNames = new Set<string>();
  const sources: SourceEntry[] = [];
  const failed: FailedSource[] = [];
  let articles = 0;
  let duplicates = 0;
  for (const [fileIndex, file] of files.entries()) {
    opts.onProgress?.({ phase: "read", done: fileIndex, total: files.length });
    try {
      const page = await readPage(file, opts.corpusDir);
      let kept = 0;
      for (const [i, article] of page.articles.entries()) {
        const key = articleKey(article.text);
        if (seenArticles.has(key)) {
          duplicates++;
          continue;
        }
        seenArticles.add(key);
        if (opts.tokenizer)
          for (const n of extractNames(`${article.title}\n${article.text}`, opts.tokenizer)) orgNames.add(n);
        for (const c of chunkArticle(article, i, page, opts.chunking)) {
          // Identical chunks (a repeated caption, say) would only crowd the results.
          if (seen.has(c.id)) continue;
          seen.add(c.id);
          chunks.push(c);
          kept++;
        }
      }
      articles += page.articles.length;
      sources.push({ source: page.source, hash: page.hash, articles: page.articles.length, chunks: kept });
    } catch (err) {
      if (!(err instanceof PageReadError)) throw err;
      failed.push({ source: err.file, reason: err.message });
      opts.logger?.warn({ file: err.file }, `skipped page: ${err.message}`);
    }
  }

  const dictionary = [...orgNames];
  opts.tokenizer?.addWords(dictionary);
  const vectors = await embedAll(chunks, opts);
  const dimensions = vectors[0]?.length ?? opts.embeddings.dimensions;
  if (!dimensions)
    throw new NewsQaError("Cannot tell the embedding dimension: the corpus produced no chunks.");
  const hnsw = new hnswlib.HierarchicalNSW(hnswParams.space, dimensions);
  hnsw.initIndex({
    maxElements: Math.max(chunks.length, 1),
    m: hnswParams.M,
    efConstruction: hnswParams.efConstruction,
    randomSeed: 100,
  });
  for (const [label, v] of vectors.entries()) hnsw.addPoint(v, label);

  const gen = await newGeneration(opts.indexDir);
  const counts = {
    pages: sources.length,
    articles,
    chunks: chunks.length,
    duplicates,
    failed: failed.length,
  };
  // English questions find the corpus's names by their pinyin (Qingyuan -> 清远).
  const nameLexicon = buildNameLexicon(
    chunks.map((c) => `${c.title}\n${c.text}`),
    opts.tokenizer ?? createJiebaTagger(dictionary),
  ).toJSON();
  await writeGeneration(
    gen.path,
    { chunks, hnsw, dictionary, names: nameLexicon },
    {
      embedder: { id: opts.embeddings.id, dimensions },
      hnsw: hnswParams,
      chunking: { size: opts.chunking.size, overlap: opts.chunking.overlap },
      builtAt: new Date().toISOString(),
      buildMs: Date.now() - started,
      counts,
      sources,
      failed,
    },
  );
  await publishGeneration(opts.indexDir, gen.name);
  const summary = { generation: gen.name, ...counts, failed, ms: Date.now() - started };
  opts.logger?.info({ ...counts, ms: summary.ms }, "index built");
  return summary;
}

async function embedAll(chunks: Chunk[], opts: BuildOptions): Promise<number[][]> {
  const batch = opts.batchSize ?? 256;
  const out: number[][] = [];
  for (let i = 0; i < chunks.length; i += batch) {
    const texts = chunks.slice(i, i + batch).map(embeddingText);
    out.push(...(await opts.embeddings.embedDocuments(texts)));
    opts.onProgress?.({ phase: "embed", done: out.length, total: chunks.length });
  }
  return out;
}

/**
 * Identity of an article body, blind to whitespace and punctuation, which differ between a page's
 * text export and its PDF text layer.
 */
function articleKey(text: string): string {
  return createHash("sha256")
    .update(text.replace(/[\s\p{P}\p{S}]/gu, ""))
    .digest("hex");
}
