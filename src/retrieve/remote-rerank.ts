/**
 * Optional reranking by a cross-encoder behind a `/rerank` endpoint, in the format Jina, Cohere,
 * vLLM and most self-hosted rerank servers share:
 *
 *     POST {baseURL}/rerank  {model, query, documents: string[], top_n}
 *     -> {results: [{index, relevance_score}, ...]}
 *
 * A reranker only reorders what retrieval already found, so it must never cost an answer: on any
 * failure, timeout or malformed reply it logs why and returns undefined, and the caller keeps its
 * own order.
 */
import type { Logger } from "../logger.js";
import { safeUrl } from "../openai-client.js";

export interface RemoteRerankOptions {
  /**
   * Endpoint root including the version, e.g. http://localhost:8000/v1 (vLLM),
   * https://api.jina.ai/v1 or https://api.cohere.com/v2; `/rerank` is appended unless the URL
   * already ends with it.
   */
  baseURL: string;
  /** Reranker model as the endpoint knows it, e.g. BAAI/bge-reranker-v2-m3, jina-reranker-v2-base-multilingual. */
  model: string;
  /** Bearer key; optional for a local server. */
  apiKey?: string;
  /** Budget for the call in milliseconds; past it the caller's order stands. */
  timeoutMs: number;
  logger: Logger;
  /** Characters of each document sent; longer ones are cut, since cross-encoders truncate anyway. Default 1,500. */
  maxDocumentChars?: number;
}

/**
 * Scores `documents` for `query`, one score per document in the order given (higher is more
 * relevant; Jina, Cohere and vLLM give 0–1). Undefined when the endpoint failed.
 */
export type RemoteRerank = (
  query: string,
  documents: readonly string[],
  opts?: { signal?: AbortSignal },
) => Promise<number[] | undefined>;

/** Creates a {@link RemoteRerank} bound to one endpoint and model. */
export function createRemoteReranker(opts: RemoteRerankOptions): RemoteRerank {
  const url = rerankUrl(opts.baseURL);
  const safe = safeUrl(url);
  const maxChars = opts.maxDocumentChars ?? 1_500;
  const { logger, model, timeoutMs } = opts;

  return async (query, documents, o = {}) => {
    if (documents.length === 0) return [];
    o.signal?.throwIfAborted();
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
    const started = Date.now();
    const fail = (why: Record<string, unknown>) => {
      logger.warn(
        { url: safe, model, ms: Date.now() - started, ...why },
        "rerank failed; keeping retrieval's order",
      );
      return undefined;
    };
    let body: unknown;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model,
          query,
          documents: documents.map((d) => d.slice(0, maxChars)),
          top_n: documents.length,
        }),
        signal,
      });
      if (!res.ok) {
        await res.body?.cancel();
        return fail({ reason: `HTTP ${res.status}`, status: res.status });
      }
      body = await res.json();
    } catch (err) {
      if (o.signal?.aborted) throw o.signal.reason ?? err;
      if (deadline.aborted) return fail({ reason: `timeout after ${timeoutMs} ms` });
      return fail({ reason: err instanceof SyntaxError ? "reply is not JSON" : "connection failed" });
    }
    const scores = readScores(body, documents.length);
    if (!scores) return fail({ reason: "unexpected reply shape" });
    logger.debug({ model, ms: Date.now() - started, documents: documents.length }, "reranked");
    return scores;
  };
}

/**
 * One score per document from `{results: [{index, relevance_score}]}` (also a bare array, or
 * `score` in place of `relevance_score`, as some servers write). Documents the endpoint left out
 * score below every returned one. Undefined when nothing usable came back.
 */
function readScores(body: unknown, count: number): number[] | undefined {
  const results = Array.isArray(body) ? body : (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length === 0) return undefined;
  const scores: (number | undefined)[] = new Array(count).fill(undefined);
  for (const r of results) {
    if (!r || typeof r !== "object") return undefined;
    const { index, relevance_score, score } = r as Record<string, unknown>;
    const value = typeof relevance_score === "number" ? relevance_score : score;
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= count) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
    scores[index as number] = value;
  }
  const floor = Math.min(...scores.filter((s): s is number => s !== undefined)) - 1;
  return scores.map((s) => s ?? floor);
}

function rerankUrl(baseURL: string): string {
  const base = baseURL.replace(/\/+$/, "");
  return /\/rerank$/.test(base) ? base : `${base}/rerank`;
}
