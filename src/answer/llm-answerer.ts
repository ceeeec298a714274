/**
 * The `openai` answerer: any OpenAI-compatible chat endpoint (OpenAI, DeepSeek, Qwen, or a local
 * Ollama/vLLM/llama.cpp server) writes the answer from the numbered passages. The model's reply is
 * never trusted as is: markers that point to no passage are removed, every remaining marker is
 * checked against its passage (see verify-citations.ts) and dropped or re-pointed when the passage
 * does not support the claim, and a reply that cites nothing counts as an abstention (acceptance.ts
 * judges the checked reply). Whenever the call fails, the extractive answer is used instead, so a
 * flaky endpoint degrades answers rather than breaking the bot.
 */
import type OpenAI from "openai";
import type { Logger } from "../logger.js";
import { openaiPackage, redactSecrets, safeUrl } from "../openai-client.js";
import { createRedactor, type Redactor } from "../secrets.js";
import type { AnswerDraft, Answerer, Passage } from "../types.js";
import { judgeLlmReply } from "./acceptance.js";
import { dropTrailingPartialMarker, stripDanglingMarkers } from "./citation-markers.js";
import { type AnswerPrompts, renderAnswerMessages } from "./prompts.js";
import { type VerifyOptions, verifyCitations } from "./verify-citations.js";

/** Label on drafts that came from the fallback because the LLM call failed. */
export const FALLBACK_ANSWERER = "extractive (fallback)";

export interface LlmAnswererOptions {
  client: OpenAI;
  /** Chat model name as the endpoint knows it, e.g. gpt-4o-mini, deepseek-chat, qwen2.5:7b. */
  model: string;
  /** Sampling temperature, 0–2. 0 keeps answers close to the passages. */
  temperature: number;
  /** Budget for the whole answer, retries and streaming included, in milliseconds. */
  timeoutMs: number;
  /** Templates from {@link loadAnswerPrompts}. */
  prompts: AnswerPrompts;
  /** Answers instead when the LLM call fails; its drafts are relabelled "extractive (fallback)". */
  fallback: Answerer;
  logger: Logger;
  /** Thresholds for checking the reply's citations against the passages. Default: verify-citations.ts defaults. */
  citationCheck?: VerifyOptions;
  /**
   * Takes secrets out of the reply, streamed or final: a server can echo the key it was sent.
   * Default: the client's own key. Entry points pass the config's (secrets.ts).
   */
  redactor?: Redactor;
}

/** Per-question options beyond the {@link Answerer} contract. */
export interface LlmAnswerOptions {
  /** Cancels the question. A caller's abort is rethrown, not answered by the fallback. */
  signal?: AbortSignal;
  /**
   * Streams the reply: called with the whole text so far each time tokens arrive. The text is
   * already cleaned of dangling and half-written markers, so it can be shown as is (e.g. by
   * editing a Telegram message). The returned draft is still the final word.
   */
  onToken?: (textSoFar: string) => void;
}

/** An {@link Answerer} that can also stream. */
export interface LlmAnswerer extends Answerer {
  answer(question: string, passages: Passage[], opts?: LlmAnswerOptions): Promise<AnswerDraft>;
}

/** Reasoning models served locally (DeepSeek-R1, Qwen3) put their thinking in the content. */
function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(?:<\/think>|$)/g, "").trim();
}

/** Why a call failed, in words safe to log: never the key, never the request headers. */
function describeLlmFailure(
  err: unknown,
  secret: string | null | undefined,
  redactor: Redactor,
): Record<string, unknown> {
  const redact = (s: string) => redactSecrets(redactor.redact(s), secret).slice(0, 500);
  // Loaded by now: a failed call came from its client.
  const api = openaiPackage();
  if (err instanceof api.APIConnectionTimeoutError) return { reason: "timeout" };
  if (err instanceof api.APIUserAbortError) return { reason: "timeout" };
  if (err instanceof api.APIConnectionError) {
    const cause = err.cause instanceof Error ? redact(err.cause.message) : undefined;
    return { reason: "connection failed", detail: cause };
  }
  if (err instanceof api.APIError) {
    return { reason: `HTTP ${err.status ?? "error"}`, status: err.status, detail: redact(err.message) };
  }
  if (err instanceof EmptyReplyError) return { reason: "empty reply", detail: err.message };
  return { reason: "unexpected error", detail: redact(err instanceof Error ? err.message : String(err)) };
}

class EmptyReplyError extends Error {}

/**
 * Reads a streamed completion, calling `onToken` with the text so far, cleaned of dangling and
 * half-written markers and of secrets, each time it changes.
 */
async function readStream(
  stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
  passages: number,
  deps: { redactor: Redactor; logger: Logger; onToken: (textSoFar: string) => void },
): Promise<{ text: string; finishReason: string | null }> {
  let text = "";
  let finishReason: string | null = null;
  let shown = "";
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.finish_reason) finishReason = choice.finish_reason;
    const delta = choice?.delta?.content;
    if (!delta) continue;
    text += delta;
    // A key arrives a few characters at a time: its start is held back until it is whole and redacted.
    const visible = deps.redactor.redactPartial(
      dropTrailingPartialMarker(stripDanglingMarkers(stripThinking(text), passages).text),
    );
    if (visible === shown) continue;
    shown = visible;
    try {
      deps.onToken(visible);
    } catch (err) {
      // A failed message edit must not cost the user the answer.
      deps.logger.warn({ err }, "onToken callback threw; streaming continues");
    }
  }
  return { text, finishReason };
}

/** The reply with its citations checked against the passages, as a draft that may decline. */
function checkedDraft(
  question: string,
  reply: string,
  passages: Passage[],
  deps: { model: string; logger: Logger; citationCheck?: VerifyOptions },
): AnswerDraft {
  const { model, logger } = deps;
  const stripped = stripDanglingMarkers(reply, passages.length);
  if (stripped.removed.length) {
    logger.info(
      { model, removed: stripped.removed, passages: passages.length },
      "removed dangling citation markers",
    );
  }
  const checked = verifyCitations(stripped.text, passages, deps.citationCheck);
  if (checked.dropped.length || checked.fixed.length) {
    logger.info(
      { model, dropped: checked.dropped, fixed: checked.fixed },
      "citations not supported by their passage were dropped or re-pointed",
    );
  }
  const { cited, quotes } = checked;
  // Whether this reply declines, and what it then says: acceptance.ts.
  const { text, abstained } = judgeLlmReply(question, checked);
  return {
    text,
    abstained,
    cited,
    ...(Object.keys(quotes).length ? { quotes } : {}),
    answerer: "openai",
  };
}

/** Creates the `openai` answerer. */
export function createLlmAnswerer(opts: LlmAnswererOptions): LlmAnswerer {
  const { client, model, temperature, timeoutMs, prompts, fallback, logger, citationCheck } = opts;
  const redactor = opts.redactor ?? createRedactor([client.apiKey]);

  async function complete(
    question: string,
    passages: Passage[],
    signal: AbortSignal,
    onToken?: (textSoFar: string) => void,
  ): Promise<{ text: string; finishReason: string | null }> {
    const messages = renderAnswerMessages(prompts, question, passages);
    const body = {
      model,
      temperature,
      messages: [
        { role: "system" as const, content: messages.system },
        { role: "user" as const, content: messages.user },
      ],
    };
    const requestOptions = { signal, timeout: timeoutMs };

    if (!onToken) {
      const completion = await client.chat.completions.create({ ...body, stream: false }, requestOptions);
      const choice = completion.choices[0];
      return { text: choice?.message?.content ?? "", finishReason: choice?.finish_reason ?? null };
    }

    const stream = await client.chat.completions.create({ ...body, stream: true }, requestOptions);
    return readStream(stream, passages.length, { redactor, logger, onToken });
  }

  async function answer(
    question: string,
    passages: Passage[],
    o: LlmAnswerOptions = {},
  ): Promise<AnswerDraft> {
    const callerSignal = o.signal;
    callerSignal?.throwIfAborted();
    // With nothing retrieved there is nothing to cite; the extractive answerer abstains without a round trip.
    if (passages.length === 0) {
      logger.debug("no passages; skipping the LLM call");
      return {
        ...(await fallback.answer(question, passages, { signal: callerSignal })),
        answerer: FALLBACK_ANSWERER,
      };
    }
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    const started = Date.now();
    try {
      const { text: raw, finishReason } = await complete(question, passages, signal, o.onToken);
      const reply = redactor.redact(stripThinking(raw));
      if (!reply) throw new EmptyReplyError(`the model returned no text (finish_reason ${finishReason})`);
      if (finishReason === "length") logger.warn({ model }, "LLM reply was cut off at the token limit");
      const draft = checkedDraft(question, reply, passages, { model, logger, citationCheck });
      logger.debug(
        { model, ms: Date.now() - started, cited: draft.cited, abstained: draft.abstained },
        "LLM answered",
      );
      return draft;
    } catch (err) {
      // The user gave up: answering with the fallback would be work nobody reads.
      if (callerSignal?.aborted) throw callerSignal.reason ?? err;
      const why = describeLlmFailure(err, client.apiKey, redactor);
      if (deadline.aborted) why.reason = `timeout after ${timeoutMs} ms`;
      logger.warn(
        { model, baseURL: safeUrl(client.baseURL), ms: Date.now() - started, ...why },
        "LLM answer failed; using the extractive answer",
      );
      const draft = await fallback.answer(question, passages, { signal: callerSignal });
      return { ...draft, answerer: FALLBACK_ANSWERER };
    }
  }

  return { id: "openai", answer };
}
