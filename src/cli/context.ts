/** Shared start-up for CLI commands: environment, config with flag overrides, logger, output. */
import "dotenv/config";
import { type Config, loadConfig } from "../config.js";
import { createLogger, type Logger } from "../logger.js";
import { configRedactor, createRedactor, type Redactor } from "../secrets.js";
import { createPrinter } from "./output.js";

export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
  /** Writes results to stdout, with the configured secrets taken out. */
  print: (text: string) => void;
}

export function cliContext(overrides: { corpus?: string; index?: string } = {}): CliContext {
  const base = loadConfig();
  const config: Config = {
    ...base,
    corpusDir: overrides.corpus ?? base.corpusDir,
    indexDir: overrides.index ?? base.indexDir,
  };
  // The CLI is quiet by default: stdout is the product, and progress logs would bury it.
  const redactor = configRedactor(base);
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : "warn", { redactor });
  return { config: Object.freeze(config), logger, print: createPrinter(redactor) };
}

/**
 * The config's redactor for the last error message, when the config may be what failed to load
 * (a ConfigError names the variable, never its value, so nothing is lost without one).
 */
export function cliRedactor(): Redactor {
  try {
    return configRedactor(loadConfig());
  } catch {
    return createRedactor([]);
  }
}
