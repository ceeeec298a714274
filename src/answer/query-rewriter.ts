/**
 * The LLM query rewriter: before retrieval, a chat model turns the reader's question into short
 * Chinese search queries, translating an English question (names into characters where obvious)
 * and adding the words a news report would use for a paraphrase (胃部细菌感染 → 幽门螺旋杆菌).
 * Retrieval matches the archive's own words, so this is where a question that shares few words with
 * the article gets them.
 *
 * A rewrite only ever helps: whenever the call fails, times out or replies with something that is
 * not queries, the rewriter logs why and returns undefined, and retrieval uses the question as asked.
 */
import { join } from "node:path";
import type OpenAI from "openai";
import type { Logger } from "../logger.js";
import { openaiPackage } from "../openai-client.js";
import { createRedactor, type Redactor } from "../secrets.js";
import type { QueryRewriter, Rewrite } from "../types.js";
import { DEFAULT_PROMPTS_DIR, PromptTemplateError, readTemplate } from "./prompts.js";

/** File names inside the prompts directory. */
export const REWRITE_PROMPT_FILES = { system: "rewrite.system.md", user: "rewrite.user.md" } as const;

/** The rewrite templates. The user template takes {{question}} (required) and {{max}}. */
export interface RewritePrompts {
  system: string;
  user: string;
}

export interface LlmQueryRewriterOptions {
  client: OpenAI;
  /** Chat model name as the endpoint knows it; a small fast model is enough. */
  model: string;
  /**
   * Budget for the whole rewrite in milliseconds. The question waits this long at most before
   * retrieval goes ahead with the question as asked, so keep it short (a few seconds).
   */
  timeoutMs: number;
  /** Templates from {@link loadRewritePrompts}. */
  prompts: RewritePrompts;
  logger: Logger;
  /** Most queries taken from the model. Default 3. */
  maxQueries?: number;
  /**
   * Also search for a Chinese question as asked, first, next to the model's queries, so that a bad
   * rewrite cannot lose what plain retrieval would have found. Default true. (An English question
   * is never searched as asked: the archive has no English words to match.)
   */
  keepChineseQuestion?: boolean;
  /**
   * Set {@link Rewrite.answerAs} to the first query for an English question, for an answerer that
   * only reads Chinese (the extractive one). Leave it off (the default) when the LLM answerer
   * answers: it reads the English question and answers in English. Default false.
   */
  translateForAnswerer?: boolean;
  /**
   * Takes secrets out of the reply before it is searched for or logged (the log keeps only its
   * start, which could cut a key in half). Default: the client's own key, the one the server knows.
   */
  redactor?: Redactor;
}

/** Longest query kept, in characters; anything longer is chatter, not a search query. */
const MAX_QUERY_CHARS = 60;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const HAN = /\p{Script=Han}/u;

/**
 * Loads and checks the rewrite templates; entry points call it once at start-up.
 * @param dir Directory holding the templates. Default: the repository's `prompts/`.
 */
export async function loadRewritePrompts(dir: string = DEFAULT_PROMPTS_DIR): Promise<RewritePrompts> {
  const system = await readTemplate(join(dir, REWRITE_PROMPT_FILES.system));
  const userFile = join(dir, REWRITE_PROMPT_FILES.user);
  const user = await readTemplate(userFile);
  const used = new Set([...user.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const unknown = [...used].filter((p) => p !== "question" && p !== "max");
  if (unknown.length) {
    throw new PromptTemplateError(
      userFile,
      `unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(", ")}; known: {{question}}, {{max}}`,
    );
  }
  if (!used.has("question")) throw new PromptTemplateError(userFile, "needs {{question}}");
  return { system, user };
}

/**
 * Reads search queries out of a model's reply, however it was wrapped: bare JSON, JSON in a code
 * fence or after a preamble, a JSON array, a truncated JSON object (its quoted strings), or one
 * query per line with or without bullets. Returns [] when the reply holds no Chinese query.
 */
export function parseRewriteReply(reply: string): string[] {
  const text = reply.replace(/<think>[\s\S]*?(?:<\/think>|$)/g, "").trim();
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  for (const candidate of [fenced, jsonSlice(text, "{", "}"), jsonSlice(text, "[", "]")]) {
    if (!candidate) continue;
    try {
      const found = queriesIn(JSON.parse(candidate));
      if (found) return clean(found);
    } catch {
      // not JSON after all; try the next shape
    }
  }
  if (/[{[]/.test(text)) {
    const quoted = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
    const found = clean(quoted);
    if (found.length) return found;
  }
  return clean(text.split("\n"));
}

function jsonSlice(text: string, open: string, close: string): string | undefined {
  const from = text.indexOf(open);
  const to = text.lastIndexOf(close);
  return from >= 0 && to > from ? text.slice(from, to + 1) : undefined;
}

function queriesIn(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (!value || typeof value !== "object") return undefined;
  const o = value as Record<string, unknown>;
  const q = o.queries ?? o.query;
  if (typeof q === "string") return [q];
  return Array.isArray(q) ? q.filter((v): v is string => typeof v === "string") : undefined;
}

/** Trims bullets, numbering and quotes; keeps distinct queries that contain Chinese. */
function clean(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const q = line
      .trim()
      .replace(/^(?:[-*•·]|\d{1,2}[.)、．]|query\s*\d*\s*[:：])\s*/i, "")
      .replace(/^["'“”‘’「」]+|["'“”‘’「」,，]+$/g, "")
      .replace(/\s+/g, " ")
      .trim();
    if (!q || !HAN.test(q) || [...q].length > MAX_QUERY_CHARS || out.includes(q)) continue;
    out.push(q);
  }
  return out;
}

/** Why the call failed, in words safe to log: never the key or the request headers. */
function describeFailure(err: unknown): Record<string, unknown> {
  const api = openaiPackage();
  if (err instanceof api.APIConnectionTimeoutError || err instanceof api.APIUserAbortError)
    return { reason: "timeout" };
  if (err instanceof api.APIConnectionError) return { reason: "connection failed" };
  if (err instanceof api.APIError) return { reason: `HTTP ${err.status ?? "error"}`, status: err.status };
  return { reason: "unexpected error", detail: err instanceof Error ? err.name : typeof err };
}

/** Creates the LLM {@link QueryRewriter}. */
export function createLlmQueryRewriter(opts: LlmQueryRewriterOptions): QueryRewriter {
  const { client, model, timeoutMs, prompts, logger } = opts;
  const max = Math.max(1, opts.maxQueries ?? 3);
  const keepChinese = opts.keepChineseQuestion ?? true;
  const redactor = opts.redactor ?? createRedactor([opts.client.apiKey]);

  return {
    async rewrite(question, o = {}): Promise<Rewrite | undefined> {
      const callerSignal = o.signal;
      callerSignal?.throwIfAborted();
      const q = question.trim();
      if (!q) return undefined;
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
      const values: Record<string, string> = { question: q, max: String(max) };
      const user = prompts.user.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
      const started = Date.now();
      let reply: string;
      try {
        const completion = await client.chat.completions.create(
          {
            model,
            temperature: 0,
            messages: [
              { role: "system", content: prompts.system },
              { role: "user", content: user },
            ],
          },
          // A retry would not fit in a budget this short; the question goes ahead unrewritten instead.
          { signal, timeout: timeoutMs, maxRetries: 0 },
        );
        reply = redactor.redact(completion.choices[0]?.message?.content ?? "");
      } catch (err) {
        if (callerSignal?.aborted) throw callerSignal.reason ?? err;
        const why = describeFailure(err);
        if (deadline.aborted) why.reason = `timeout after ${timeoutMs} ms`;
        logger.warn(
          { model, ms: Date.now() - started, ...why },
          "query rewrite failed; searching for the question as asked",
        );
        return undefined;
      }

      const queries = parseRewriteReply(reply).slice(0, max);
      if (!queries.length) {
        logger.warn(
          { model, ms: Date.now() - started, reply: reply.slice(0, 200) },
          "query rewrite reply held no Chinese queries; searching for the question as asked",
        );
        return undefined;
      }
      const chinese = HAN.test(q);
      const all = chinese && keepChinese && !queries.includes(q) ? [q, ...queries] : queries;
      const rewrite: Rewrite = { queries: all };
      if (!chinese && opts.translateForAnswerer) rewrite.answerAs = queries[0];
      logger.debug({ model, ms: Date.now() - started, queries: all }, "query rewritten");
      return rewrite;
    },
  };
}
