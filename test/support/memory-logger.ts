import { createLogger } from "../../src/logger.js";
import { createRedactor } from "../../src/secrets.js";

/**
 * The production logger (src/logger.ts) writing JSON lines to memory, so tests read what an
 * operator would see. `secrets` are redacted the way the entry points redact the config's.
 */
export function memoryLogger(opts: { secrets?: string[] } = {}) {
  const lines: string[] = [];
  const logger = createLogger("debug", {
    redactor: createRedactor(opts.secrets ?? []),
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
