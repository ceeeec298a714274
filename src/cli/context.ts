/** Shared start-up for CLI commands: environment, config with flag overrides, logger. */
import "dotenv/config";
import { type Config, loadConfig } from "../config.js";
import { createLogger, type Logger } from "../logger.js";

export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
}

export function cliContext(overrides: { corpus?: string; index?: string } = {}): CliContext {
  const base = loadConfig();
  const config: Config = {
    ...base,
    corpusDir: overrides.corpus ?? base.corpusDir,
    indexDir: overrides.index ?? base.indexDir,
  };
  // The CLI is quiet by default: stdout is the product, and progress logs would bury it.
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : "warn");
  return { config: Object.freeze(config), logger };
}
