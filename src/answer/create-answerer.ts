import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { createOpenAiClient } from "../openai-client.js";
import { configRedactor } from "../secrets.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Answerer } from "../types.js";
import type { VetoName } from "./acceptance.js";
import type { EvidenceMemo } from "./evidence.js";
import { createExtractiveAnswerer } from "./extractive.js";
import { createLlmAnswerer } from "./llm-answerer.js";
import { loadAnswerPrompts } from "./prompts.js";

/**
 * The answerer the config asks for. The extractive one is always built: it is the offline
 * default and the fallback when an LLM call fails.
 */
export async function createAnswerer(deps: {
  config: Readonly<Config>;
  logger: Logger;
  tokenizer: Tokenizer;
  termWeight: (term: string) => number;
  termKnown?: (term: string) => boolean;
  /** Shared with the reranker, whose windows the extractive answer then reads (evidence.ts). */
  memo?: EvidenceMemo;
  /** The extractive answerer's hard vetoes (acceptance.ts); default all. For ablations. */
  vetoes?: readonly VetoName[];
}): Promise<Answerer> {
  const extractive = createExtractiveAnswerer({
    tokenizer: deps.tokenizer,
    termWeight: deps.termWeight,
    termKnown: deps.termKnown,
    memo: deps.memo,
    vetoes: deps.vetoes,
    answerThreshold: deps.config.answering.answerThreshold,
    shortAnswerThreshold: deps.config.answering.shortAnswerThreshold,
  });
  if (deps.config.llm.answerer === "extractive") return extractive;
  const { llm } = deps.config;
  return createLlmAnswerer({
    client: createOpenAiClient({ baseURL: llm.baseURL, apiKey: llm.apiKey, timeoutMs: llm.timeoutMs }),
    model: llm.model,
    temperature: llm.temperature,
    timeoutMs: llm.timeoutMs,
    prompts: await loadAnswerPrompts(),
    fallback: extractive,
    logger: deps.logger,
    citationCheck: deps.config.answering.citationCheck,
    redactor: configRedactor(deps.config),
  });
}
