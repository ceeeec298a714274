import { type Logger, pino } from "pino";

export type { Logger };

/**
 * Logs go to stderr so that CLI stdout stays pure JSON. Secrets are redacted by key name in case an
 * object carrying one is ever logged.
 */
export function createLogger(level = "info"): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ["apiKey", "token", "*.apiKey", "*.token", "config.*.apiKey", "config.telegram.token"],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}
