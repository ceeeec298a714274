import { pino } from "pino";

/** A pino logger writing JSON lines to memory, so tests can read what an operator would see. */
export function memoryLogger() {
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
