/**
 * Builds a throwaway index over a copy of the repository's corpus, for tests that need the real
 * pipeline end to end.
 */
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { createQaService, type QaServiceHandle } from "../../src/qa/create-qa-service.js";

export const REPO_CORPUS = join(import.meta.dirname, "..", "..", "corpus");

export async function tempDirs(): Promise<{ corpusDir: string; indexDir: string; root: string }> {
  const root = await mkdtemp(join(tmpdir(), "newsqa-"));
  const corpusDir = join(root, "corpus");
  await cp(REPO_CORPUS, corpusDir, { recursive: true });
  return { root, corpusDir, indexDir: join(root, "index") };
}

export function testConfig(
  dirs: { corpusDir: string; indexDir: string },
  env: Record<string, string> = {},
): Config {
  return {
    ...loadConfig({ LOG_LEVEL: "silent", ...env }),
    corpusDir: dirs.corpusDir,
    indexDir: dirs.indexDir,
  };
}

/** A real QaService over a fresh copy of corpus/, built from scratch. */
export async function seedQaService(
  env: Record<string, string> = {},
): Promise<QaServiceHandle & { dirs: { corpusDir: string; indexDir: string } }> {
  const dirs = await tempDirs();
  const config = testConfig(dirs, env);
  const qa = await createQaService({ config, logger: createLogger("silent") });
  return Object.assign(qa, { dirs });
}
