/**
 * Embeddings from any OpenAI-compatible `/embeddings` endpoint: OpenAI's text-embedding-3-*, or
 * bge-m3 and friends served by Ollama or vLLM. Vectors come back L2-normalised, so cosine and
 * inner-product search agree, and every vector is checked to have the one dimension the index is
 * built for: a model swapped behind the same URL must fail loudly, not corrupt the index.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import type OpenAI from "openai";
import { UpstreamError } from "../errors.js";
import { openaiPackage, redactSecrets, safeUrl } from "../openai-client.js";

export interface OpenAiEmbeddingsOptions extends EmbeddingsParams {
  /** A client from `createOpenAiClient`, pointed at the embeddings endpoint. */
  client: OpenAI;
  /** Model name as the endpoint knows it, e.g. text-embedding-3-small or bge-m3. */
  model: string;
  /**
   * Expected vector size. When set it is also sent as `dimensions` (text-embedding-3-* shorten
   * their vectors to it). When unset, the first response decides. Default: unset.
   */
  dimensions?: number;
  /** Inputs per request. Default 64, well under OpenAI's 2048 and gentle on local servers. */
  batchSize?: number;
  /** Requests in flight at once. Default 2; local servers mostly work one at a time anyway. */
  maxConcurrency?: number;
}

const SERVICE = "embeddings endpoint";

export class OpenAiEmbeddings extends Embeddings {
  /** Goes into the index manifest; an index built with another id is refused at load time. */
  readonly id: string;
  readonly model: string;
  readonly batchSize: number;
  private readonly client: OpenAI;
  private readonly requestedDimensions: number | undefined;
  private learnedDimensions: number | undefined;

  constructor(opts: OpenAiEmbeddingsOptions) {
    const { client, model, dimensions, batchSize = 64, maxConcurrency = 2, ...params } = opts;
    // The openai client already retries connection errors, 429s and 5xx; retrying again here would
    // multiply the waiting before an operator sees the error.
    super({ maxRetries: 0, maxConcurrency, ...params });
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    this.client = client;
    this.model = model;
    this.id = `openai:${model}`;
    this.batchSize = batchSize;
    this.requestedDimensions = dimensions;
  }

  /** Vector size: the configured one, else the one the first response had; undefined before that. */
  get dimensions(): number | undefined {
    return this.requestedDimensions ?? this.learnedDimensions;
  }

  /** The vector size, embedding one probe text to learn it when neither config nor a response has told us. */
  async resolveDimensions(): Promise<number> {
    if (this.dimensions === undefined) await this.embedQuery("dimension probe");
    return this.dimensions!;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector!;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) batches.push(texts.slice(i, i + this.batchSize));
    const results = await Promise.all(batches.map((batch) => this.caller.call(() => this.embedBatch(batch))));
    return results.flat();
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      response = await this.client.embeddings.create({
        model: this.model,
        // OpenAI rejects empty strings; a space embeds as "nothing" just as well.
        input: texts.map((t) => (t.trim() ? t : " ")),
        // Asked for explicitly: the package otherwise requests base64, which some local servers lack.
        encoding_format: "float",
        ...(this.requestedDimensions !== undefined ? { dimensions: this.requestedDimensions } : {}),
      });
    } catch (err) {
      throw new UpstreamError(SERVICE, `${this.describe(err)}. ${this.whatToCheck()}`, { cause: err });
    }

    const data = response?.data;
    if (!Array.isArray(data) || data.length !== texts.length) {
      throw this.badResponse(
        `returned ${Array.isArray(data) ? data.length : "no"} vectors for ${texts.length} inputs`,
      );
    }
    // Servers may list results out of order; `index` is what ties a vector to its input.
    const ordered = [...data].sort((a, b) => a.index - b.index);
    return ordered.map((item, i) => {
      const vector = item.embedding;
      if (!Array.isArray(vector) || !vector.every(Number.isFinite)) {
        throw this.badResponse(`vector ${i} is not an array of finite numbers`);
      }
      this.checkDimension(vector.length);
      return normalise(vector);
    });
  }

  private checkDimension(length: number): void {
    const expected = this.dimensions;
    if (expected === undefined) {
      this.learnedDimensions = length;
      return;
    }
    if (length === expected) return;
    const source =
      this.requestedDimensions !== undefined ? "EMBEDDING_DIMENSIONS" : "the endpoint's earlier vectors";
    throw new UpstreamError(
      SERVICE,
      `model "${this.model}" returned ${length}-dimensional vectors, but ${expected} are expected (from ${source}). ` +
        `Set EMBEDDING_DIMENSIONS to the model's size (or leave it unset), check that EMBEDDING_MODEL names the ` +
        `model the index was built with, and rebuild the index if you changed models.`,
    );
  }

  private badResponse(what: string): UpstreamError {
    return new UpstreamError(SERVICE, `model "${this.model}" ${what}. ${this.whatToCheck()}`);
  }

  private whatToCheck(): string {
    return (
      `Check EMBEDDING_BASE_URL (now ${safeUrl(this.client.baseURL)}) points at an OpenAI-compatible /embeddings ` +
      `endpoint, that EMBEDDING_MODEL "${this.model}" is served there, and that EMBEDDING_API_KEY (or OPENAI_API_KEY) is valid for it`
    );
  }

  /** The failure in words: status and server message, with the key taken out wherever it appears. */
  private describe(err: unknown): string {
    const key = this.client.apiKey;
    const redact = (s: string) => redactSecrets(s, key);
    const api = openaiPackage();
    if (err instanceof api.APIConnectionTimeoutError) return "the request timed out";
    if (err instanceof api.APIConnectionError) return "could not connect";
    if (err instanceof api.APIError) return `HTTP ${err.status}: ${redact(err.message)}`;
    return redact(err instanceof Error ? err.message : String(err));
  }
}

/** Scales to unit length. A zero vector stays zero: there is no direction to keep. */
function normalise(vector: number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}
