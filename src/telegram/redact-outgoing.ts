/**
 * The last check before anything reaches Telegram: every string in every Bot API call's parameters
 * (message text, captions, callback answers, button labels) passes through the config's redactor.
 * Model output, error messages and page text all end up in such calls, so a secret a remote server
 * echoed is taken out here whichever path it took. As a transformer on the bot's API it also covers
 * each update's ctx.api, which grammY builds with the same transformers.
 */
import type { Transformer } from "grammy";
import type { Redactor } from "../secrets.js";

/**
 * Calls whose parameters are left as they are. setWebhook carries WEBHOOK_SECRET as its
 * secret_token on purpose: redacting it would register "[redacted]" as the secret.
 */
const CARRIES_SECRETS = new Set(["setWebhook"]);

export function redactOutgoing(redactor: Redactor): Transformer {
  return (prev, method, payload, signal) => {
    if (!redactor.active || CARRIES_SECRETS.has(method)) return prev(method, payload, signal);
    // redactDeep copies plain objects and arrays only: InputFile uploads pass through untouched.
    return prev(method, redactor.redactDeep(payload), signal);
  };
}
