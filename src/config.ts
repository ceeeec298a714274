/**
 * The only reader of the environment. Entry points call `loadConfig()` once (after dotenv) and pass
 * the frozen result down; nothing else touches process.env.
 */
import { z } from "zod";
import { ConfigError } from "./errors.js";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const schema = z.object({
  CORPUS_DIR: z.preprocess(emptyToUndefined, z.string().default("corpus")),
  INDEX_DIR: z.preprocess(emptyToUndefined, z.string().default("embeddings")),

  EMBEDDINGS: z.preprocess(
    emptyToUndefined,
    z.enum(["hashed", "lsa", "none", "openai", "local"]).default("hashed"),
  ),
  EMBEDDING_DIMENSIONS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(8).max(8192).optional()),
  EMBEDDING_MODEL: z.preprocess(emptyToUndefined, z.string().default("text-embedding-3-small")),
  EMBEDDING_BASE_URL: optionalUrl,
  EMBEDDING_API_KEY: optionalString,
  LSA_FIT_CHUNKS: int(30_000, 100, 5_000_000),
  LSA_VOCABULARY: int(50_000, 100, 1_000_000),
  HNSW_M: int(16, 4, 128),
  HNSW_EF_CONSTRUCTION: int(100, 10, 2000),
  HNSW_EF_SEARCH: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).max(4000).optional()),
  CHUNK_MEMORY_MB: int(256, 0, 1_000_000),
  LOCAL_MODEL_DIR: optionalString,
  LOCAL_POOLING: z.preprocess(emptyToUndefined, z.enum(["cls", "mean"]).optional()),
  // Not trimmed: e5's prefixes end in a space ("query: ").
  LOCAL_QUERY_PREFIX: z.preprocess(emptyToUndefined, z.string().optional()),
  LOCAL_PASSAGE_PREFIX: z.preprocess(emptyToUndefined, z.string().optional()),

  ANSWERER: z.preprocess(emptyToUndefined, z.enum(["extractive", "openai"]).default("extractive")),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  LLM_MODEL: z.preprocess(emptyToUndefined, z.string().default("gpt-4o-mini")),
  LLM_TIMEOUT_MS: int(30_000, 1_000, 600_000),
  LLM_TEMPERATURE: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(2).default(0)),

  QUERY_REWRITE: z.preprocess(emptyToUndefined, z.enum(["off", "llm"]).optional()),
  REWRITE_MODEL: optionalString,
  REWRITE_TIMEOUT_MS: int(6_000, 500, 60_000),
  RERANK_BASE_URL: optionalUrl,
  RERANK_MODEL: z.preprocess(emptyToUndefined, z.string().default("BAAI/bge-reranker-v2-m3")),
  RERANK_API_KEY: optionalString,
  RERANK_TIMEOUT_MS: int(5_000, 500, 60_000),

  TOP_K: int(5, 1, 50),
  ANSWER_THRESHOLD: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).optional()),
  SHORT_ANSWER_THRESHOLD: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).optional()),
  CITATION_MIN_OVERLAP: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.5)),
  CITATION_MIN_FIX_OVERLAP: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.6)),
  RERANK_POOL: int(60, 5, 500),
  RERANK_EVIDENCE_WEIGHT: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(10).default(0.5)),
  RERANK_MIN_CONTEXT_COVERAGE: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.6)),
  RERANK_MIN_WINDOW_COVERAGE: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(1).default(0.3)),
  DENSE_RETRIEVAL: z.preprocess(emptyToUndefined, z.enum(["on", "off"]).default("on")),
  VECTOR_FEEDBACK_DOCS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(50).optional()),
  VECTOR_FEEDBACK_WEIGHT: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(10).default(3)),
  CHUNK_SIZE: int(450, 50, 4000),
  CHUNK_OVERLAP: int(1, 0, 5),

  TELEGRAM_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+:[\w-]+$/, "expected the form 123456:ABC-DEF… that @BotFather gives")
      .optional(),
  ),
  TELEGRAM_API_ROOT: optionalUrl,
  ADMIN_USER_IDS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "expected comma-separated numeric Telegram user ids")
      .optional(),
  ),
  MAX_QUESTION_CHARS: int(500, 10, 4000),
  MAX_UPLOAD_MB: int(20, 1, 2000),
  STREAM_EDIT_INTERVAL_MS: int(1_000, 250, 60_000),
  SESSION_MAX_TURNS: int(3, 0, 20),
  SESSION_TTL_MINUTES: int(30, 1, 10_080),
  WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "expected 1-256 characters A-Z, a-z, 0-9, _ or - (Telegram's rule)")
      .optional(),
  ),
  WEBHOOK_HOST: z.preprocess(emptyToUndefined, z.string().default("0.0.0.0")),
  WEBHOOK_PORT: int(8080, 0, 65_535),
  SHUTDOWN_GRACE_MS: int(20_000, 0, 600_000),
  REDIS_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^rediss?$/ }).optional()),
  UPDATE_LEASE_MS: int(30_000, 1_000, 600_000),

  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
});

/** The offline evidence reranker's weights and gates (RERANK_EVIDENCE_WEIGHT, RERANK_MIN_*). */
export interface RerankTuning {
  /** Weight of a chunk's evidence score beside its bigram overlap with the question (both about 0..1); default 0.5. */
  evidenceWeight: number;
  /** Least share (0–1) of the question's weighted terms the passage or its title holds for a window that could answer; default 0.6. */
  minContextCoverage: number;
  /** Least share (0–1) of them the window itself holds for a window that could answer; default 0.3. */
  minWindowCoverage: number;
}

export interface Config {
  corpusDir: string;
  indexDir: string;
  embeddings: {
    /** none: no vectors, BM25 alone (see src/embed/no-embeddings.ts); lsa: src/embed/lsa-embeddings.ts. */
    provider: "hashed" | "lsa" | "none" | "openai" | "local";
    /** Vector size. Hashed default 512, lsa 128; for openai, sent as `dimensions` when set. */
    dimensions?: number;
    /** EMBEDDINGS=lsa: most chunks a full build fits on (LSA_FIT_CHUNKS, default 30 000), most terms kept (LSA_VOCABULARY, 50 000). */
    lsa: { fitChunks: number; vocabulary: number };
    model: string;
    baseURL?: string;
    apiKey?: string;
    /** EMBEDDINGS=local: an ONNX sentence-embedding model in a folder; set (LOCAL_MODEL_DIR required) only then. */
    local?: LocalModelConfig;
  };
  /** When the bot declines to answer (src/answer/acceptance.ts reads all of these). */
  answering: {
    /**
     * The offline answerer declines below this probability (0–1) that its best sentence holds the
     * fact (ANSWER_THRESHOLD). Undefined: the model's own, fitted on real dev data (src/answer/ranker.json).
     */
    answerThreshold?: number;
    /** From this probability (0–1) on, the typed short answer leads (SHORT_ANSWER_THRESHOLD). Undefined: the model's. */
    shortAnswerThreshold?: number;
    /**
     * How the LLM answerer's citations are checked (a reply left citing nothing is declined): share of
     * a claim's character bigrams its cited passage must hold (CITATION_MIN_OVERLAP, 0.5), and another
     * passage must hold for a failing marker to move there, not be dropped (CITATION_MIN_FIX_OVERLAP, 0.6).
     */
    citationCheck: { minOverlap: number; minFixOverlap: number };
  };
  llm: {
    answerer: "extractive" | "openai";
    model: string;
    baseURL?: string;
    apiKey?: string;
    /** Per-request timeout in milliseconds. */
    timeoutMs: number;
    temperature: number;
  };
  /** LLM query rewriting/translation before retrieval. On by default when ANSWERER=openai. */
  rewrite: { enabled: boolean; model: string; timeoutMs: number };
  /** Remote reranking through a /rerank endpoint; undefined (off) unless RERANK_BASE_URL is set. */
  rerank?: { baseURL: string; model: string; apiKey?: string; timeoutMs: number };
  /**
   * topK: passages handed to the answerer. dense: whether the HNSW vector neighbours are fused with
   * BM25 (DENSE_RETRIEVAL=on, the default); off measures BM25 alone (see README "Speed and scale").
   */
  retrieval: {
    topK: number;
    dense: boolean;
    /** The vector searched: the query's plus `weight` × the mean of BM25's first `docs` hits' (0: its own). */
    feedback: { docs: number; weight: number };
    /** Fused candidates the evidence reranker reads (RERANK_POOL, default 60). */
    rerankPool: number;
    /** How the offline evidence reranker weighs and gates its windows (see answer/reranker.ts). */
    rerank: RerankTuning;
    /** Chunk lines held in memory when all fit, in bytes (CHUNK_MEMORY_MB, default 256 MB; index/chunk-lines.ts). */
    chunkMemoryBytes: number;
  };
  /**
   * Chunks of whole sentences up to `size` characters (CHUNK_SIZE, default 450), `overlap` sentences
   * repeated at each join. 450 answered more real tune questions than 300 and 600, each with the answerer
   * retrained on it (docs/quality.md, "Chunk size"); a question then costs ~1.5 ms more CPU at 68k.
   */
  chunking: { size: number; overlap: number };
  /**
   * The vector graph: M links per node (HNSW_M, 16), efConstruction candidates while building (100),
   * efSearch while searching (256 for openai and local embeddings, 64 offline). Changing M or
   * efConstruction rebuilds everything at the next build; efSearch applies at the next load.
   */
  hnsw: { M: number; efConstruction: number; efSearch: number };
  telegram: {
    token?: string;
    apiRoot?: string;
    adminIds: number[];
    maxQuestionChars: number;
    /** Largest page file an admin may upload, in bytes (MAX_UPLOAD_MB, default 20 MB: the cloud Bot API's getFile limit). */
    maxUploadBytes: number;
    /** Least time between two edits of a streamed answer, in milliseconds; groups use at least 3 000. */
    streamIntervalMs: number;
    /** Follow-up memory per chat: the last `maxTurns` questions (0 turns it off), forgotten after `ttlMs` idle. */
    session: { maxTurns: number; ttlMs: number };
    /** Webhook mode when set; long polling otherwise. */
    webhook?: WebhookConfig;
    /** On SIGTERM/SIGINT, ms the answers in flight may take before exit (SHUTDOWN_GRACE_MS, 20 000); unfinished stay unconfirmed. */
    shutdownGraceMs: number;
    /** Replicas' shared state (REDIS_URL, redis:// or rediss://): follow-ups, answered updates, rate limits, the build lock. Unset: in memory. */
    redisUrl?: string;
    /**
     * How long a replica's claim on an update holds unrenewed, in ms (UPDATE_LEASE_MS, 30 000): one that
     * dies mid-answer leaves the update to another within it. Renewed every third of it while answering.
     */
    updateLeaseMs: number;
  };
  logLevel: string;
}

export interface WebhookConfig {
  /** Public HTTPS URL Telegram posts updates to (WEBHOOK_URL); its path is the path served. */
  url: string;
  /** Sent by Telegram as X-Telegram-Bot-Api-Secret-Token and checked on every request. */
  secret: string;
  /** Interface and port the local HTTP server listens on (behind a TLS-terminating proxy). */
  host: string;
  port: number;
}

export interface LocalModelConfig {
  /** LOCAL_MODEL_DIR: config.json, tokenizer.json, onnx/model.onnx (or model_quantized.onnx). */
  modelDir: string;
  /** LOCAL_POOLING: cls (bge) or mean (e5); unset, the folder's 1_Pooling/config.json decides, else mean. */
  pooling?: "cls" | "mean";
  /** LOCAL_QUERY_PREFIX / LOCAL_PASSAGE_PREFIX, e.g. "query: " and "passage: " for e5. Default none. */
  queryPrefix: string;
  passagePrefix: string;
}

export type Env = Record<string, string | undefined>;

/** Validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const e = parsed.data;
  checkCombinations(e);
  return deepFreeze(toConfig(e));
}

type ParsedEnv = z.infer<typeof schema>;

/** Whether the LLM rewrites queries: QUERY_REWRITE, else on with ANSWERER=openai. */
const rewriteEnabled = (e: ParsedEnv) =>
  (e.QUERY_REWRITE ?? (e.ANSWERER === "openai" ? "llm" : "off")) === "llm";
/**
 * Real embeddings are searched wider: on dense 384-d stand-in vectors at 200,000, efSearch 64 gave
 * recall@10 0.926 and 256 gave 0.977 (docs/speed-and-scale.md, "HNSW recall on dense vectors"), and
 * recall falls as the graph grows. The offline vectors keep 64: BM25 finds their lexical matches anyway.
 */
const efSearchFor = (e: ParsedEnv) => (e.EMBEDDINGS === "openai" || e.EMBEDDINGS === "local" ? 256 : 64);
/**
 * Hashed vectors search near BM25's first 5 hits (weight 3): a short question's own hashed vector has
 * near-ties among a million chunks that the graph reaches poorly (docs/speed-and-scale.md). Other
 * embeddings are unmeasured with feedback, so they search the question's own vector.
 */
const feedbackDocsFor = (e: ParsedEnv) => (e.EMBEDDINGS === "hashed" ? 5 : 0);
/** The embeddings endpoint's key and URL, falling back to the chat endpoint's. */
const embeddingKey = (e: ParsedEnv) => e.EMBEDDING_API_KEY ?? e.OPENAI_API_KEY;
const embeddingUrl = (e: ParsedEnv) => e.EMBEDDING_BASE_URL ?? e.OPENAI_BASE_URL;

/** Settings that are valid alone but not together; throws ConfigError naming the one to set. */
function checkCombinations(e: ParsedEnv): void {
  if (e.ANSWERER === "openai" && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new ConfigError(
      "OPENAI_API_KEY",
      "ANSWERER=openai needs OPENAI_API_KEY (cloud) or OPENAI_BASE_URL (a local Ollama/vLLM server)",
    );
  }
  if (rewriteEnabled(e) && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new ConfigError(
      "QUERY_REWRITE",
      "QUERY_REWRITE=llm needs OPENAI_API_KEY (cloud) or OPENAI_BASE_URL (a local Ollama/vLLM server)",
    );
  }
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError(
      "WEBHOOK_SECRET",
      "is required with WEBHOOK_URL, so that only Telegram can post updates (e.g. openssl rand -hex 32)",
    );
  }
  if (e.EMBEDDINGS === "openai" && !embeddingKey(e) && !embeddingUrl(e)) {
    throw new ConfigError(
      "EMBEDDING_API_KEY",
      "EMBEDDINGS=openai needs EMBEDDING_API_KEY/OPENAI_API_KEY or EMBEDDING_BASE_URL/OPENAI_BASE_URL",
    );
  }
  if (e.EMBEDDINGS === "local" && !e.LOCAL_MODEL_DIR) {
    throw new ConfigError(
      "LOCAL_MODEL_DIR",
      "EMBEDDINGS=local needs LOCAL_MODEL_DIR, a folder with config.json, tokenizer.json and onnx/model.onnx " +
        "(or onnx/model_quantized.onnx), e.g. an ONNX export of bge-small-zh-v1.5",
    );
  }
}

function toConfig(e: ParsedEnv): Config {
  return {
    corpusDir: e.CORPUS_DIR,
    indexDir: e.INDEX_DIR,
    embeddings: {
      provider: e.EMBEDDINGS,
      dimensions: e.EMBEDDING_DIMENSIONS,
      model: e.EMBEDDING_MODEL,
      lsa: { fitChunks: e.LSA_FIT_CHUNKS, vocabulary: e.LSA_VOCABULARY },
      baseURL: embeddingUrl(e),
      apiKey: embeddingKey(e),
      local:
        e.EMBEDDINGS === "local" && e.LOCAL_MODEL_DIR
          ? {
              modelDir: e.LOCAL_MODEL_DIR,
              pooling: e.LOCAL_POOLING,
              queryPrefix: e.LOCAL_QUERY_PREFIX ?? "",
              passagePrefix: e.LOCAL_PASSAGE_PREFIX ?? "",
            }
          : undefined,
    },
    llm: {
      answerer: e.ANSWERER,
      model: e.LLM_MODEL,
      baseURL: e.OPENAI_BASE_URL,
      apiKey: e.OPENAI_API_KEY,
      timeoutMs: e.LLM_TIMEOUT_MS,
      temperature: e.LLM_TEMPERATURE,
    },
    rewrite: {
      enabled: rewriteEnabled(e),
      model: e.REWRITE_MODEL ?? e.LLM_MODEL,
      timeoutMs: e.REWRITE_TIMEOUT_MS,
    },
    rerank: e.RERANK_BASE_URL
      ? {
          baseURL: e.RERANK_BASE_URL,
          model: e.RERANK_MODEL,
          apiKey: e.RERANK_API_KEY,
          timeoutMs: e.RERANK_TIMEOUT_MS,
        }
      : undefined,
    retrieval: {
      topK: e.TOP_K,
      dense: e.DENSE_RETRIEVAL === "on",
      feedback: { docs: e.VECTOR_FEEDBACK_DOCS ?? feedbackDocsFor(e), weight: e.VECTOR_FEEDBACK_WEIGHT },
      rerankPool: e.RERANK_POOL,
      chunkMemoryBytes: e.CHUNK_MEMORY_MB * 1024 * 1024,
      rerank: {
        evidenceWeight: e.RERANK_EVIDENCE_WEIGHT,
        minContextCoverage: e.RERANK_MIN_CONTEXT_COVERAGE,
        minWindowCoverage: e.RERANK_MIN_WINDOW_COVERAGE,
      },
    },
    answering: {
      ...(e.ANSWER_THRESHOLD === undefined ? {} : { answerThreshold: e.ANSWER_THRESHOLD }),
      ...(e.SHORT_ANSWER_THRESHOLD === undefined ? {} : { shortAnswerThreshold: e.SHORT_ANSWER_THRESHOLD }),
      citationCheck: { minOverlap: e.CITATION_MIN_OVERLAP, minFixOverlap: e.CITATION_MIN_FIX_OVERLAP },
    },
    chunking: { size: e.CHUNK_SIZE, overlap: e.CHUNK_OVERLAP },
    hnsw: {
      M: e.HNSW_M,
      efConstruction: e.HNSW_EF_CONSTRUCTION,
      efSearch: e.HNSW_EF_SEARCH ?? efSearchFor(e),
    },
    telegram: telegramConfig(e),
    logLevel: e.LOG_LEVEL,
  };
}

function telegramConfig(e: ParsedEnv): Config["telegram"] {
  return {
    token: e.TELEGRAM_BOT_TOKEN,
    apiRoot: e.TELEGRAM_API_ROOT,
    adminIds: e.ADMIN_USER_IDS ? e.ADMIN_USER_IDS.split(",").map((s) => Number(s.trim())) : [],
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    streamIntervalMs: e.STREAM_EDIT_INTERVAL_MS,
    session: { maxTurns: e.SESSION_MAX_TURNS, ttlMs: e.SESSION_TTL_MINUTES * 60_000 },
    webhook:
      e.WEBHOOK_URL && e.WEBHOOK_SECRET
        ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, host: e.WEBHOOK_HOST, port: e.WEBHOOK_PORT }
        : undefined,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    redisUrl: e.REDIS_URL,
    updateLeaseMs: e.UPDATE_LEASE_MS,
  };
}

function deepFreeze<T extends object>(o: T): Readonly<T> {
  for (const v of Object.values(o)) if (v && typeof v === "object") deepFreeze(v);
  return Object.freeze(o);
}
