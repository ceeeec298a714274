import { type DestinationStream, type Logger, pino } from "pino";
import type { Redactor } from "./secrets.js";

export type { Logger };

export interface LoggerOptions {
  /**
   * Applied to every serialized line before it is written, so a secret is taken out of messages,
   * error messages and stacks, and any field, not only the fields named below.
   */
  redactor?: Redactor;
  /** Where lines go. Default stderr. */
  destination?: DestinationStream;
}

/**
 * Logs go to stderr so that CLI stdout stays pure JSON. Fields named like secrets are censored by
 * name, and with a redactor (entry points pass the config's) the configured secrets are taken out
 * of whatever else a line holds: a remote error can quote a key, even base64-encoded.
 */
export function createLogger(level = "info", opts: LoggerOptions = {}): Logger {
  const { redactor } = opts;
  return pino(
    {
      level,
      redact: {
        paths: ["apiKey", "token", "*.apiKey", "*.token", "config.*.apiKey", "config.telegram.token"],
        censor: "[redacted]",
      },
      ...(redactor?.active ? { hooks: { streamWrite: (line: string) => redactor.redact(line) } } : {}),
    },
    opts.destination ?? pino.destination(2),
  );
}
