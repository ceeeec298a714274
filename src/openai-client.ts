/**
 * The one place an `openai` client is built, for chat and embeddings alike, from our settings only.
 */
import { createRequire } from "node:module";
import type OpenAI from "openai";
import type { Config } from "./config.js";
import { createRedactor, REDACTED } from "./secrets.js";

const requireHere = createRequire(import.meta.url);
let loaded: typeof OpenAI | undefined;

/**
 * The openai package, loaded on first use: loading it is ~100 ms of a cold start that a service on
 * the offline defaults never needs. Every module here reaches the package's classes through this
 * (type-only imports aside), so the client and the error classes it throws are one set.
 */
export function openaiPackage(): typeof OpenAI {
  loaded ??= requireHere("openai") as typeof OpenAI;
  return loaded;
}

/**
 * Sent as the API key when only a base URL is configured: local servers ignore it, but the openai
 * package refuses to build a client without one.
 */
const PLACEHOLDER_API_KEY = "no-key-needed-for-local-server";

export interface OpenAiClientConfig {
  /** Endpoint root including the version, e.g. http://localhost:11434/v1. Default: OpenAI's. */
  baseURL?: string;
  /** Bearer key. Optional when `baseURL` points at a local server that needs none. */
  apiKey?: string;
  /** Timeout per HTTP request, in milliseconds. */
  timeoutMs: number;
  /** Retries after a connection error, 408, 429 or 5xx, with backoff. Default 1: one quick retry, not minutes of waiting. */
  maxRetries?: number;
}

/**
 * Builds an `openai` client from our settings only. Everything is passed explicitly so that the
 * package does not fall back to reading OPENAI_* variables itself: config.ts is the one reader of
 * the environment.
 */
export function createOpenAiClient(cfg: OpenAiClientConfig): OpenAI {
  if (!cfg.apiKey && !cfg.baseURL) {
    throw new TypeError("createOpenAiClient needs an apiKey or a baseURL (config.ts checks this for users)");
  }
  const Client = openaiPackage();
  return new Client({
    apiKey: cfg.apiKey ?? PLACEHOLDER_API_KEY,
    baseURL: cfg.baseURL ?? "https://api.openai.com/v1",
    organization: null,
    project: null,
    adminAPIKey: null,
    timeout: cfg.timeoutMs,
    maxRetries: cfg.maxRetries ?? 1,
  });
}

/** The endpoint without any user:password part, for logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * Text from a remote error made safe to log: the key taken out wherever and however it appears
 * (see secrets.ts: raw, base64, URL-encoded), and the masked key providers echo in 401s
 * ("Incorrect API key provided: sk-ab***yz") dropped too.
 */
export function redactSecrets(text: string, secret?: string | null): string {
  return createRedactor([secret])
    .redact(text)
    .replace(/\b(?:sk|key)-[\w*.-]{4,}/gi, REDACTED);
}

/**
 * The client for quick rewrite calls (query rewriting, follow-up questions): the chat endpoint, the
 * rewrite time budget, no retries, since a late rewrite is worth less than the question as asked.
 */
export function createRewriteClient(config: Readonly<Config>): OpenAI {
  return createOpenAiClient({
    baseURL: config.llm.baseURL,
    apiKey: config.llm.apiKey,
    timeoutMs: config.rewrite.timeoutMs,
    maxRetries: 0,
  });
}
