/**
 * Wires config into a ready QaService: tokenizer, embedder, index (built on first use when
 * missing), retriever, answerer. The live state is swapped whole on reload, so questions in flight
 * finish on the index they started with.
 */

import type { VetoName } from "../answer/acceptance.js";
import { createAnswerer } from "../answer/create-answerer.js";
import { createEvidenceMemo, type EvidenceOptions } from "../answer/evidence.js";
import { createLlmQueryRewriter, loadRewritePrompts } from "../answer/query-rewriter.js";
import { createLocalReranker } from "../answer/reranker.js";
import { embeddingText, sameChunking } from "../chunk/chunker.js";
import type { Config } from "../config.js";
import { createEmbeddings } from "../embed/create-embeddings.js";
import { embedderForIndex } from "../embed/lsa-embeddings.js";
import { hasVectors, NoVectorsError } from "../embed/no-embeddings.js";
import type { IdentifiedEmbeddings } from "../embed/types.js";
import { type BuildSummary, buildIndex } from "../index/build.js";
import { nearestVectors, openSearchIndex, type SearchIndex } from "../index/search-index.js";
import { indexExists, loadStoredIndex } from "../index/store.js";
import { watchIndex } from "../index/watch.js";
import type { Logger } from "../logger.js";
import { createRewriteClient } from "../openai-client.js";
import { createRemoteReranker, type RemoteRerank } from "../retrieve/remote-rerank.js";
import { createRetriever } from "../retrieve/retriever.js";
import { createTokenizer, type Tokenizer } from "../text/tokenizer.js";
import type {
  Chunk,
  IndexAdmin,
  Passage,
  QaService,
  QueryRewriter,
  ReindexProgress,
  ReindexSummary,
} from "../types.js";
import { createEnglishRewriter } from "./english-rewriter.js";
import { createPipeline, type Pipeline } from "./pipeline.js";

export interface QaServiceHandle extends QaService, IndexAdmin {
  /** Loads the newest published index generation and swaps it in. */
  reload(): Promise<void>;
  /**
   * The live index's term statistics as the answerer reads them: for training and inspecting the
   * answer model (scripts/train-answerer.ts) on exactly what serving computes.
   */
  evidenceOptions(): EvidenceOptions;
  /** The passages a question would be answered from, without answering it. */
  retrieve(question: string, opts?: { k?: number }): Promise<Passage[]>;
  /** The index's embedder (for a LangChain VectorStore over it, src/langchain/vector-store.ts). */
  embeddings: IdentifiedEmbeddings;
  /** The `k` chunks whose vectors are nearest to `vector`, closest first; similarity = 1 − cosine distance. */
  nearest(vector: number[], k: number): Promise<{ chunk: Chunk; similarity: number }[]>;
}

export async function createQaService(deps: {
  config: Readonly<Config>;
  logger: Logger;
  tokenizer?: Tokenizer;
  /** The extractive answerer's hard vetoes (answer/acceptance.ts); default all. For ablations. */
  vetoes?: readonly VetoName[];
}): Promise<QaServiceHandle> {
  const { config, logger } = deps;
  const tokenizer = deps.tokenizer ?? createTokenizer();
  const embeddings = createEmbeddings(config, tokenizer);

  const build = (onProgress?: (p: ReindexProgress) => void) =>
    buildIndex({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      embeddings,
      chunking: config.chunking,
      hnsw: { space: "cosine", ...config.hnsw },
      logger,
      tokenizer,
      onProgress,
    });

  if (!indexExists(config.indexDir)) {
    logger.info({ corpus: config.corpusDir, index: config.indexDir }, "no index yet: building it now");
    await build();
  }

  const llmRewriter = config.rewrite.enabled ? await createConfiguredRewriter(config, logger) : undefined;
  const remoteRerank = config.rerank ? createRemoteReranker({ ...config.rerank, logger }) : undefined;
  const load = () =>
    loadLive({ config, logger, tokenizer, embeddings, vetoes: deps.vetoes, llmRewriter, remoteRerank });

  let live = await load();
  let reindexing: Promise<unknown> = Promise.resolve();
  // A generation published by another process (npm run index) is picked up without a restart.
  watchIndex(
    config.indexDir,
    () => live.index.stored.generation,
    async () => {
      live = await load();
      logger.info({ generation: live.index.stored.generation }, "loaded the new index generation");
    },
    {
      onError: (err) =>
        logger.error({ err }, "could not load the new index generation; still on the old one"),
    },
  );

  return {
    ask: (question, opts) => live.pipeline.ask(question, opts),
    chunk: (id) => live.index.byId.get(id),
    status: () => statusOf(live),
    async reload() {
      live = await load();
    },
    evidenceOptions: () => live.evidence,
    retrieve: (question, opts) => live.pipeline.retrieve(question, opts),
    get embeddings() {
      return live.embeddings;
    },
    async nearest(vector, k) {
      if (!hasVectors(embeddings)) throw new NoVectorsError();
      return nearestChunks(live.index, vector, k);
    },
    reindex(opts = {}) {
      // One re-index at a time; a second request waits for the first and then runs on its result.
      const run = reindexing.then(async (): Promise<ReindexSummary> => {
        const summary = await build(opts.onProgress);
        live = await load();
        return reindexSummary(summary);
      });
      reindexing = run.catch(() => undefined);
      return run;
    },
  };
}

/** The LLM query rewriter the config asks for (QUERY_REWRITE=llm). */
async function createConfiguredRewriter(config: Readonly<Config>, logger: Logger): Promise<QueryRewriter> {
  return createLlmQueryRewriter({
    client: createRewriteClient(config),
    model: config.rewrite.model,
    timeoutMs: config.rewrite.timeoutMs,
    prompts: await loadRewritePrompts(),
    logger,
    translateForAnswerer: config.llm.answerer === "extractive",
  });
}

function nearestChunks(index: SearchIndex, vector: number[], k: number) {
  const n = Math.min(k, index.chunks.length);
  if (n === 0) return [];
  const { neighbors, distances } = nearestVectors(index, vector, n);
  return neighbors.map((doc, i) => ({ chunk: index.chunks[doc]!, similarity: 1 - distances[i]! }));
}

function reindexSummary(summary: BuildSummary): ReindexSummary {
  return {
    added: summary.added,
    changed: summary.changed,
    removed: summary.removed,
    unchanged: summary.unchanged,
    failed: summary.failed,
    chunks: summary.chunks,
    embedded: summary.embedded,
    ms: summary.ms,
  };
}

/** What serves questions from one index generation; swapped whole on reload. */
interface Live {
  index: SearchIndex;
  pipeline: Pipeline;
  answerer: string;
  evidence: EvidenceOptions;
  /** What queries this generation (for LSA, the configured embedder over its projection). */
  embeddings: IdentifiedEmbeddings;
}

function statusOf(live: Live) {
  const m = live.index.stored.manifest;
  return {
    chunks: m.counts.chunks,
    pages: m.counts.pages,
    builtAt: m.builtAt,
    embedder: `${m.embedder.id} (${m.embedder.dimensions}d)`,
    answerer: live.answerer,
  };
}

/**
 * A generation built with other chunk settings still loads and answers as it was built (nothing
 * stops serving), but the settings say otherwise until `npm run index` rebuilds it, as after the
 * default CHUNK_SIZE went from 300 to 450: say so once a load, with what to run.
 */
function warnIfChunkedOtherwise(built: Config["chunking"], config: Readonly<Config>, logger: Logger): void {
  if (sameChunking(built, config.chunking)) return;
  logger.warn(
    { built, configured: config.chunking },
    "the index was built with other chunk settings (CHUNK_SIZE, CHUNK_OVERLAP); it answers as built until `npm run index` rebuilds it",
  );
}

/** Loads the live index generation and wires a pipeline over it. */
async function loadLive(ctx: {
  config: Readonly<Config>;
  logger: Logger;
  tokenizer: Tokenizer;
  embeddings: IdentifiedEmbeddings;
  vetoes?: readonly VetoName[];
  llmRewriter?: QueryRewriter;
  remoteRerank?: RemoteRerank;
}): Promise<Live> {
  const { config, logger, tokenizer, embeddings, llmRewriter, remoteRerank } = ctx;
  // Every file is checked against its checksum before it is read: a damaged index is an error
  // naming the file (at start-up), or keeps the previous one serving (on reload, see watchIndex).
  // The tokenizer's dictionary and the embedder's tables are loaded while hnswlib reads the graphs.
  const stored = await loadStoredIndex(config.indexDir, embeddings, {
    whileGraphsRead: () => {
      tokenizer.prepare?.();
      embeddings.prepare?.();
    },
    chunkMemoryBytes: config.retrieval.chunkMemoryBytes,
  });
  warnIfChunkedOtherwise(stored.manifest.chunking, config, logger);
  const index = openSearchIndex(stored, tokenizer, config.hnsw.efSearch);
  // An LSA index embeds queries with its own generation's projection.
  const queryEmbeddings = embedderForIndex(embeddings, stored);
  const termWeight = (t: string) => index.bm25.idf(t);
  const termKnown = knownTerms(index, stored.dictionary);
  // One question's checks and windows, worked out by the reranker and read again by the answerer.
  const memo = createEvidenceMemo();
  const answerer = await createAnswerer({
    config,
    logger,
    tokenizer,
    termWeight,
    termKnown,
    memo,
    vetoes: ctx.vetoes,
  });
  const localRerank = createLocalReranker(
    { tokenizer, termWeight, termKnown, memo },
    config.retrieval.rerank,
  );
  // A configured /rerank endpoint goes first; when it fails, the local evidence scorer decides.
  const rerank = remoteRerank
    ? async (query: string, candidates: Chunk[]) =>
        (await remoteRerank(query, candidates.map(embeddingText))) ?? localRerank(query, candidates)
    : localRerank;
  const offlineRewriter = createEnglishRewriter({ names: stored.names, tokenizer });
  // The LLM rewrites when configured; without it, or when it fails, English is mapped offline.
  const rewriter: QueryRewriter = {
    rewrite: async (q, o) => (await llmRewriter?.rewrite(q, o)) ?? offlineRewriter.rewrite(q, o),
  };
  const pipeline = createPipeline({
    retriever: createRetriever(index, queryEmbeddings, tokenizer, {
      rerank,
      rerankPool: config.retrieval.rerankPool,
      // An index built without vectors (EMBEDDINGS=none) is searched by BM25 alone.
      dense: config.retrieval.dense && hasVectors(embeddings),
      feedback: config.retrieval.feedback,
    }),
    answerer,
    topK: config.retrieval.topK,
    rewriter,
    tokenizer,
  });
  const evidence = { tokenizer, termWeight, termKnown };
  return { index, pipeline, answerer: answerer.id, evidence, embeddings: queryEmbeddings };
}

/**
 * Whether the corpus knows a term: BM25 has it, or it is part of a name the corpus holds only
 * inside longer words (嘉博 in 广东嘉博制药有限公司): a name the paper prints, not the asker's own
 * wording.
 */
function knownTerms(index: SearchIndex, dictionary: string[]): (t: string) => boolean {
  const names = `\n${dictionary.join("\n")}\n`;
  const inNames = new Map<string, boolean>(); // one scan of the name list per word, not per question
  return (t: string) => {
    if (index.bm25.has(t)) return true;
    if (t.length < 2) return false;
    let found = inNames.get(t);
    if (found === undefined) {
      if (inNames.size > 10_000) inNames.clear();
      found = names.includes(t);
      inNames.set(t, found);
    }
    return found;
  };
}
