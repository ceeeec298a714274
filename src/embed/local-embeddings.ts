/**
 * Sentence embeddings from a model folder on this machine (bge-small-zh-v1.5,
 * multilingual-e5-small and the like, exported to ONNX), run on the CPU by
 * @huggingface/transformers through onnxruntime-node. Nothing is ever downloaded: remote loading
 * is switched off and the folder is loaded by absolute path, so a missing file is an error here,
 * never a request to a model hub.
 *
 * The folder is laid out as the Hugging Face ONNX exports are:
 *   config.json, tokenizer.json, tokenizer_config.json,
 *   onnx/model.onnx (fp32) or onnx/model_quantized.onnx (int8),
 *   optionally 1_Pooling/config.json (sentence-transformers), which decides the pooling when
 *   none is configured.
 *
 * Vectors are pooled ([CLS] for bge, mean for e5) and L2-normalised. e5 expects "query: " and
 * "passage: " before its inputs; bge suggests an instruction before short queries. Both go in
 * through the optional prefixes.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { ConfigError, NewsQaError } from "../errors.js";

export type LocalPooling = "cls" | "mean";

export interface LocalEmbeddingsOptions extends EmbeddingsParams {
  /** The model folder (LOCAL_MODEL_DIR); relative paths are taken from the working directory. */
  modelDir: string;
  /** How token vectors become one. Default: from 1_Pooling/config.json, else mean. */
  pooling?: LocalPooling;
  /** Put before every query (e5: "query: "). Default none. */
  queryPrefix?: string;
  /** Put before every indexed text (e5: "passage: "). Default none. */
  passagePrefix?: string;
  /** Texts per forward pass. Default 32: padding to the longest of 32 chunks keeps memory modest. */
  batchSize?: number;
}

const SETTING = "LOCAL_MODEL_DIR";
const MODEL_FILES = ["onnx/model.onnx", "onnx/model_quantized.onnx"] as const;
const REQUIRED = ["config.json", "tokenizer.json"] as const;
const EXPECTED =
  "config.json, tokenizer.json (and tokenizer_config.json), and onnx/model.onnx or onnx/model_quantized.onnx, " +
  "as in the ONNX exports of bge-small-zh-v1.5 or multilingual-e5-small";

export class LocalEmbeddings extends Embeddings {
  /** Goes into the index manifest; an index built with another id is refused at load time. */
  readonly id: string;
  readonly modelDir: string;
  readonly pooling: LocalPooling;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  readonly batchSize: number;
  /** Which ONNX file runs: fp32 model.onnx when present, else the int8 model_quantized.onnx. */
  readonly dtype: "fp32" | "q8";
  private declaredDimensions: number | undefined;
  private learnedDimensions: number | undefined;
  private loading: Promise<FeatureExtractionPipeline> | undefined;

  /** Checks the folder at once (so a bad LOCAL_MODEL_DIR stops startup); the model loads on first use. */
  constructor(opts: LocalEmbeddingsOptions) {
    const { modelDir, pooling, queryPrefix = "", passagePrefix = "", batchSize = 32, ...params } = opts;
    super({ maxRetries: 0, ...params });
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    this.modelDir = resolve(modelDir);
    checkFolder(this.modelDir);
    this.id = `local:${basename(this.modelDir)}`;
    this.dtype = existsSync(join(this.modelDir, MODEL_FILES[0])) ? "fp32" : "q8";
    this.pooling = pooling ?? poolingFromFolder(this.modelDir) ?? "mean";
    this.queryPrefix = queryPrefix;
    this.passagePrefix = passagePrefix;
    this.batchSize = batchSize;
    this.declaredDimensions = hiddenSize(this.modelDir);
  }

  /** Vector size: the one the first output had, else config.json's hidden_size; undefined if neither. */
  get dimensions(): number | undefined {
    return this.learnedDimensions ?? this.declaredDimensions;
  }

  /** The vector size, embedding one probe text to learn it when config.json does not say. */
  async resolveDimensions(): Promise<number> {
    if (this.dimensions === undefined) await this.embedQuery("dimension probe");
    return this.dimensions!;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embed([this.queryPrefix + text]);
    return vector!;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embed(texts.map((t) => this.passagePrefix + t));
  }

  /** Loads the model now rather than on the first text (startup, tests). */
  async load(): Promise<void> {
    await this.extractor();
  }

  /** Frees the ONNX session; the next call loads the model again. */
  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = undefined;
    if (loading) await (await loading.catch(() => undefined))?.dispose();
  }

  private async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const extractor = await this.extractor();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      const tensor = await extractor(batch, { pooling: this.pooling, normalize: true });
      const vectors = tensor.tolist() as number[][];
      if (vectors.length !== batch.length) {
        throw new NewsQaError(
          `Model in ${this.modelDir} returned ${vectors.length} vectors for ${batch.length} texts.`,
        );
      }
      for (const v of vectors) this.checkDimension(v.length);
      out.push(...vectors);
    }
    return out;
  }

  private checkDimension(length: number): void {
    const expected = this.dimensions;
    if (expected !== undefined && expected !== length) {
      throw new NewsQaError(
        `The model in ${this.modelDir} gives ${length}-dimensional vectors, but ${expected} were expected ` +
          `(config.json's hidden_size or its earlier vectors). The folder mixes files from different models: ` +
          `replace it with one complete export.`,
      );
    }
    this.learnedDimensions = length;
  }

  private extractor(): Promise<FeatureExtractionPipeline> {
    this.loading ??= this.open().catch((err: unknown) => {
      this.loading = undefined; // a fixed folder can be retried without a restart
      throw err;
    });
    return this.loading;
  }

  private async open(): Promise<FeatureExtractionPipeline> {
    const { pipeline } = await loadTransformersOffline();
    try {
      return await pipeline("feature-extraction", this.modelDir, {
        local_files_only: true,
        dtype: this.dtype,
        device: "cpu",
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ConfigError(
        SETTING,
        `the model in ${this.modelDir} could not be loaded (${why}). The folder should hold ${EXPECTED}`,
      );
    }
  }
}

/**
 * What this module uses of @huggingface/transformers. The package is an optional peer dependency
 * (about 450 MB with onnxruntime), installed only by those who use EMBEDDINGS=local, so its types
 * cannot be required to build the rest.
 */
interface FeatureExtractionPipeline {
  (texts: string[], opts: { pooling: "mean" | "cls"; normalize: boolean }): Promise<{ tolist(): unknown }>;
  dispose(): Promise<void>;
}
interface Transformers {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    useFSCache: boolean;
    useBrowserCache: boolean;
    useWasmCache: boolean;
  };
  pipeline(
    task: "feature-extraction",
    model: string,
    opts?: { local_files_only?: boolean; dtype?: string; device?: string },
  ): Promise<FeatureExtractionPipeline>;
}

/** The optional package, by a name TypeScript does not resolve at build time. */
const TRANSFORMERS = "@huggingface/transformers";
/** The version the tests run against (.ci/run installs it). */
export const TRANSFORMERS_VERSION = "4.3.1";

/**
 * @huggingface/transformers with every way to the network closed: no remote models, no caching
 * copies of files, no fetching of WASM runtimes. Imported on demand, so the other embedders never
 * pay for loading onnxruntime. Missing (it is not installed by default): a ConfigError saying what
 * to install.
 */
export async function loadTransformersOffline(): Promise<Transformers> {
  let transformers: Transformers;
  try {
    transformers = (await import(TRANSFORMERS)) as Transformers;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw err;
    throw new ConfigError(
      SETTING,
      `EMBEDDINGS=local needs the optional package ${TRANSFORMERS}, which a plain npm ci does not install (about 450 MB with onnxruntime). Install it with: npm install --no-save ${TRANSFORMERS}@${TRANSFORMERS_VERSION}`,
    );
  }
  const { env } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.useWasmCache = false;
  return transformers;
}

function checkFolder(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError(
      SETTING,
      `the model folder ${dir} does not exist. Point LOCAL_MODEL_DIR at a folder holding ${EXPECTED}`,
    );
  }
  const missing: string[] = REQUIRED.filter((f) => !existsSync(join(dir, f)));
  if (!MODEL_FILES.some((f) => existsSync(join(dir, f)))) missing.push(MODEL_FILES.join(" or "));
  if (missing.length > 0) {
    throw new ConfigError(
      SETTING,
      `the model folder ${dir} lacks ${missing.join(", ")}. It should hold ${EXPECTED}`,
    );
  }
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function hiddenSize(dir: string): number | undefined {
  const config = readJson(join(dir, "config.json"));
  if (!config) {
    throw new ConfigError(
      SETTING,
      `${join(dir, "config.json")} is not valid JSON. It should hold ${EXPECTED}`,
    );
  }
  const size = config.hidden_size ?? config.d_model;
  return typeof size === "number" && Number.isInteger(size) && size > 0 ? size : undefined;
}

/** The pooling sentence-transformers recorded for this model, if it did. */
function poolingFromFolder(dir: string): LocalPooling | undefined {
  const config = readJson(join(dir, "1_Pooling", "config.json"));
  if (config?.pooling_mode_cls_token === true) return "cls";
  if (config?.pooling_mode_mean_tokens === true) return "mean";
  return undefined;
}
