/**
 * Dev tools kept out of the default install, so `npm ci` stays small (README, "Development"): the
 * LangChain baseline's vector store (@langchain/community, with @langchain/openai and
 * @langchain/classic under it), SQLite for the FTS5 bench and pdfkit for the PDF fixtures. The
 * scripts that need one load it here; `npm run extras` installs them all, pinned, without touching
 * package.json or the lockfile.
 */
import { createRequire } from "node:module";

export const EXTRAS_COMMAND = "npm run extras";

/** A dev tool that is not installed, with what to run. */
export class MissingExtraError extends Error {
  constructor(readonly extra: string) {
    super(
      `${extra} is not installed: it is a dev tool kept out of the default install. Run \`${EXTRAS_COMMAND}\` (it adds the bench's and fixtures' tools without touching package.json) and try again.`,
    );
    this.name = "MissingExtraError";
  }
}

const notFound = (error: unknown) =>
  ["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"].includes((error as NodeJS.ErrnoException).code ?? "");

/** Loads an ES module extra, or says what to install. */
export async function importExtra<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if (notFound(error)) throw new MissingExtraError(name);
    throw error;
  }
}

const require = createRequire(import.meta.url);

/** Loads a CommonJS extra synchronously, or says what to install. */
export function requireExtra<T>(name: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if (notFound(error)) throw new MissingExtraError(name);
    throw error;
  }
}

/** Whether an extra is installed (tests that need one skip without it, and say so). */
export function hasExtra(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
