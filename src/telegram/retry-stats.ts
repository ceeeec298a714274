/**
 * Bot API calls that @grammyjs/auto-retry repeats, logged and counted. Telegram has no way to
 * de-duplicate a send: when a sendMessage fails with a 5xx or a lost connection, Telegram may have
 * delivered the message before the failure, and the retry then delivers it a second time. Nothing
 * can tell afterwards which it was, so every such retry is counted as a possible duplicate, shown in
 * the log line of the retry, the shutdown line and /status, for an operator to see how often it
 * happens.
 */
import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../logger.js";

export interface RetryCounts {
  /** Retry attempts of any Bot API call. */
  retries: number;
  /** Retry attempts of calls that post a message (sendMessage, sendDocument, copyMessage…). */
  sendRetries: number;
  /**
   * Send retries after a failure that Telegram may have handled anyway (a 5xx, a dropped
   * connection): each may have delivered the message twice. An upper bound on duplicates.
   */
  possibleDuplicates: number;
}

export interface RetryStats {
  /**
   * Install before autoRetry (grammY runs the transformer installed last outermost), so that it
   * sees every attempt of a call.
   */
  readonly transformer: Transformer;
  /** The counts so far. */
  counts(): RetryCounts;
}

/** Calls that put a new message into a chat: repeating one can show the message twice. */
const POSTS_MESSAGE = /^(?:send(?!ChatAction$)|copyMessages?$|forwardMessages?$)/;

/** Connection errors that mean the request never reached Telegram, so a retry cannot duplicate it. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

interface LastFailure {
  attempt: number;
  reason: string;
  /** Telegram may have carried the call out although it failed. */
  mayHaveWorked: boolean;
}

export function createRetryStats(logger: Logger): RetryStats {
  const counts: RetryCounts = { retries: 0, sendRetries: 0, possibleDuplicates: 0 };
  // autoRetry passes the same payload object to every attempt of one call, so it identifies the call.
  const failed = new WeakMap<object, LastFailure>();

  const transformer: Transformer = async (prev, method, payload, signal) => {
    const key = payload && typeof payload === "object" ? (payload as object) : undefined;
    const last = key ? failed.get(key) : undefined;
    if (last) {
      const posts = POSTS_MESSAGE.test(method);
      const duplicateRisk = posts && last.mayHaveWorked;
      counts.retries++;
      if (posts) counts.sendRetries++;
      if (duplicateRisk) counts.possibleDuplicates++;
      logger.warn(
        {
          method,
          chat: (payload as { chat_id?: unknown }).chat_id,
          attempt: last.attempt + 1,
          after: last.reason,
          duplicateRisk,
          ...counts,
        },
        duplicateRisk
          ? "retrying a send Telegram may already have delivered: the message may appear twice"
          : "retrying a Bot API call",
      );
    }
    const attempt = (last?.attempt ?? 0) + 1;
    try {
      const res = await prev(method, payload, signal);
      if (key) {
        // Only the failures autoRetry repeats; anything else ends the call.
        const retryAfter = res.ok ? undefined : res.parameters?.retry_after;
        if (!res.ok && (retryAfter !== undefined || res.error_code >= 500)) {
          failed.set(key, {
            attempt,
            reason: `${res.error_code} ${res.description}`,
            // A 429 was refused before anything happened; a 5xx may come after the work was done.
            mayHaveWorked: res.error_code >= 500,
          });
        } else failed.delete(key);
      }
      return res;
    } catch (err) {
      if (key && err instanceof HttpError) {
        const code = (err.error as { code?: unknown } | undefined)?.code;
        failed.set(key, {
          attempt,
          reason: typeof code === "string" ? code : err.message,
          mayHaveWorked: !(typeof code === "string" && NEVER_SENT.has(code)),
        });
      }
      throw err;
    }
  };

  return { transformer, counts: () => ({ ...counts }) };
}
