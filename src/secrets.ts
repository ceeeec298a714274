/**
 * Keeping the configured secrets out of everything the program writes. A remote server can echo a
 * key back (in a completion, in an error body, base64-encoded in a basic-auth header it quotes), so
 * every output path (Telegram, CLI stdout and stderr, the log) passes its text through one
 * {@link Redactor} built from the config.
 *
 * Each secret is replaced in the forms it is likely to be echoed in: as is, base64 (standard and
 * URL-safe alphabets, at each of the three byte alignments, so it is also found inside a longer
 * encoded string such as base64("user:secret") of basic auth), URL-encoded, and JSON-escaped.
 *
 * Secrets shorter than {@link MIN_SECRET_LENGTH} characters are not redacted: replacing a short
 * string everywhere would mangle ordinary text (a four-letter password also occurs in words), and a
 * secret that short is not protected by hiding it anyway.
 */
import type { Config } from "./config.js";

/** What a secret is replaced with. */
export const REDACTED = "[redacted]";

/** Shorter secrets are left alone (see the module comment). */
export const MIN_SECRET_LENGTH = 8;

export interface Redactor {
  /** The text with every secret, in every form above, replaced by {@link REDACTED}. */
  redact(text: string): string;
  /**
   * For text still being written (a streamed answer): redacted, and with a trailing start of a
   * secret held back, so no prefix of a key is ever shown while the rest is still on its way.
   */
  redactPartial(text: string): string;
  /** A copy of a JSON-like value with every string in it redacted; other values are kept as they are. */
  redactDeep<T>(value: T): T;
  /** False when there is nothing to redact (no secret configured, or all too short). */
  readonly active: boolean;
}

/** Builds a redactor for these secrets; undefined, empty and too-short ones are skipped. */
export function createRedactor(secrets: Iterable<string | null | undefined>): Redactor {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    for (const f of secretForms(s)) if (f.length >= MIN_SECRET_LENGTH) forms.add(f);
  }
  // Longest first, so a secret wins over a shorter one inside it and is replaced whole.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const pattern = sorted.length ? new RegExp(sorted.map(escapeRegExp).join("|"), "g") : undefined;

  const redact = (text: string) => (pattern ? text.replace(pattern, REDACTED) : text);

  const redactPartial = (text: string) => {
    const out = redact(text);
    let hold = 0;
    for (const f of sorted) {
      for (let k = Math.min(f.length - 1, out.length); k > hold; k--) {
        if (out.endsWith(f.slice(0, k))) {
          hold = k;
          break;
        }
      }
    }
    return hold ? out.slice(0, out.length - hold) : out;
  };

  const redactDeep = <T>(value: T): T => {
    if (!pattern) return value;
    if (typeof value === "string") return redact(value) as T;
    if (Array.isArray(value)) return value.map(redactDeep) as T;
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
      return out as T;
    }
    return value;
  };

  return { redact, redactPartial, redactDeep, active: pattern !== undefined };
}

/**
 * Every secret the config holds: API keys, the bot token (whole, and the part after the colon,
 * which is the secret half: the bot id before it is public), the webhook secret, and passwords in
 * the configured URLs (with their user:password pair).
 */
export function configSecrets(config: Readonly<Config>): string[] {
  const token = config.telegram.token;
  const urls = [
    config.llm.baseURL,
    config.embeddings.baseURL,
    config.rerank?.baseURL,
    config.telegram.apiRoot,
    config.telegram.webhook?.url,
    config.telegram.redisUrl,
  ];
  return [
    config.llm.apiKey,
    config.embeddings.apiKey,
    config.rerank?.apiKey,
    token,
    token?.slice(token.indexOf(":") + 1),
    config.telegram.webhook?.secret,
    ...urls.flatMap(urlCredentials),
  ].filter((s): s is string => Boolean(s));
}

/** The redactor for everything a config holds. */
export function configRedactor(config: Readonly<Config>): Redactor {
  return createRedactor(configSecrets(config));
}

function urlCredentials(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    if (!u.password) return [];
    const user = decodeURIComponent(u.username);
    const password = decodeURIComponent(u.password);
    return [password, `${user}:${password}`];
  } catch {
    return [];
  }
}

function secretForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  const encoded = encodeURIComponent(secret);
  forms.push(
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  );
  const bytes = Buffer.from(secret, "utf8");
  for (let offset = 0; offset < 3; offset++) {
    const core = base64Core(bytes, offset);
    forms.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/**
 * The base64 characters that encode only the secret's own bits when it starts `offset` bytes into
 * a 3-byte group: whatever surrounds it in a longer encoded string, these characters are there.
 */
function base64Core(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
  const start = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(start, end);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
