/**
 * Named errors. Each message says what failed, with which input, and what to do next, because
 * these reach operators through the CLI and the bot's logs.
 */
export class NewsQaError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A setting is missing or malformed. */
export class ConfigError extends NewsQaError {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Setting ${variable} is invalid: ${reason}. Fix it in .env or the environment (see .env.example).`);
  }
}

/** No index on disk where one was expected. */
export class IndexMissingError extends NewsQaError {
  constructor(readonly dir: string) {
    super(
      `No index found in ${dir}. Build it with: npm run index (or: npm run cli -- index --index ${dir}).`,
    );
  }
}

/** The index on disk was built with a different embedder or dimension than the one configured. */
export class IndexMismatchError extends NewsQaError {
  constructor(dir: string, built: string, configured: string) {
    super(
      `The index in ${dir} was built with ${built}, but ${configured} is configured. ` +
        `Rebuild it with: npm run index (or set EMBEDDINGS and EMBEDDING_DIMENSIONS back to match).`,
    );
  }
}

/** The index on disk is unreadable (truncated, corrupted, or from an incompatible version). */
export class IndexCorruptError extends NewsQaError {
  /** `options.command`: what rebuilds it. Default `npm run index`. */
  constructor(dir: string, detail: string, options?: ErrorOptions & { command?: string }) {
    super(
      `The index in ${dir} is damaged (${detail}). Rebuild it with: ${options?.command ?? "npm run index"}`,
      options,
    );
  }
}

/**
 * A generation's manifest, or one of the files it is written in (its base and deltas), cannot be
 * read. It alone says which pages the index holds, so nothing can be reused: the message says
 * --full (a plain build rebuilds everything too, but should not look like a repair).
 */
export class ManifestDamagedError extends IndexCorruptError {
  constructor(
    dir: string,
    /** The damaged file, relative to the index folder (gen-…/manifest-….json). */
    readonly file: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(dir, `${file} ${problem}`, { ...options, command: "npm run index -- --full" });
  }
}

/**
 * An LSA index's projection (lsa.bin) is missing or unreadable. Only a full build fits one, so the
 * message says to run it rather than a plain npm run index.
 */
export class LsaProjectionError extends NewsQaError {
  constructor(where: string, problem: string, options?: ErrorOptions) {
    super(
      `The LSA projection ${where} ${problem}. It is fitted by a full build: ` +
        "run npm run index -- --full (or set EMBEDDINGS to what the index was built with).",
      options,
    );
  }
}

/** A page file could not be read or understood. Indexing skips it and reports why. */
export class PageReadError extends NewsQaError {
  constructor(
    readonly file: string,
    /** What went wrong and what to do, without the file's name (the message has both). */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** A page file could not be opened or read at all (permissions, gone, not a regular file): `cause` says why. */
export class PageUnreadableError extends PageReadError {}

/** A remote service (OpenAI-compatible endpoint) failed or timed out. */
export class UpstreamError extends NewsQaError {
  constructor(
    readonly service: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${service} failed: ${reason}`, options);
  }
}

/** The user's input cannot be processed as given (empty, too long). */
export class InputError extends NewsQaError {}

/** The answer model file does not fit the code that reads it (other features, or unreadable). */
export class ModelMismatchError extends NewsQaError {}

/**
 * Another replica holds a live claim on this update (see state/update-claims.ts). The webhook answers
 * 503, so the update is delivered again and finds it answered, or the claim expired.
 */
export class UpdateBusyError extends NewsQaError {
  constructor(readonly updateId: number) {
    super(`update ${updateId} is being answered by another replica; deliver it again later`);
  }
}

/** Another replica holds the shared build lock (state/build-lock.ts): a re-index is already running. */
export class ReindexBusyError extends NewsQaError {
  constructor() {
    super("another replica is re-indexing right now; try again when it has finished");
  }
}

/** The shared state (REDIS_URL) could not be read or written. */
export class SharedStateError extends NewsQaError {
  constructor(what: string, options?: ErrorOptions) {
    super(
      `the shared state in Redis (REDIS_URL) could not ${what}: ${(options?.cause as Error | undefined)?.message ?? "unknown error"}. Check that Redis is running and reachable; the update is asked for again.`,
      options,
    );
  }
}
