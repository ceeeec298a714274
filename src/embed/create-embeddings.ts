import type { Config } from "../config.js";
import { ConfigError } from "../errors.js";
import { createOpenAiClient } from "../openai-client.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { HashedTfidfEmbeddings } from "./hashed-tfidf.js";
import { LocalEmbeddings } from "./local-embeddings.js";
import { LsaEmbeddings } from "./lsa-embeddings.js";
import { NoEmbeddings } from "./no-embeddings.js";
import { OpenAiEmbeddings } from "./openai-embeddings.js";
import type { IdentifiedEmbeddings } from "./types.js";

/** Per-request timeout for embedding calls, in milliseconds: batches of 64 can take a while locally. */
const EMBEDDING_TIMEOUT_MS = 120_000;

/** The embedder the config asks for. */
export function createEmbeddings(config: Readonly<Config>, tokenizer: Tokenizer): IdentifiedEmbeddings {
  const e = config.embeddings;
  switch (e.provider) {
    case "hashed":
      return new HashedTfidfEmbeddings({ tokenizer, dimensions: e.dimensions });
    case "lsa":
      // Fitted by a full build and loaded with the index: see embedderForIndex.
      return new LsaEmbeddings({ tokenizer, dimensions: e.dimensions, ...e.lsa });
    case "none":
      return new NoEmbeddings();
    case "openai":
      return new OpenAiEmbeddings({
        client: createOpenAiClient({ baseURL: e.baseURL, apiKey: e.apiKey, timeoutMs: EMBEDDING_TIMEOUT_MS }),
        model: e.model,
        dimensions: e.dimensions,
      });
    case "local":
      // The folder is checked here, so a bad LOCAL_MODEL_DIR stops startup; the model loads on first use.
      if (!e.local) throw new ConfigError("LOCAL_MODEL_DIR", "is required with EMBEDDINGS=local");
      return new LocalEmbeddings(e.local);
  }
}
