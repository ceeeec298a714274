/**
 * `npm run index`: brings the index in INDEX_DIR up to date with CORPUS_DIR, re-embedding only new and
 * changed pages. Flags: --corpus <dir>, --index <dir>, --json, --full (rebuild everything), --verify
 * (check the live index's checksums and exit). --help prints this.
 */
import { runIndex } from "../src/cli/commands/index-command.js";
import { NewsQaError } from "../src/errors.js";
import { scriptArgs } from "./lib/script-args.js";

const { values } = scriptArgs(import.meta.url, {
  options: {
    corpus: { type: "string" },
    index: { type: "string" },
    json: { type: "boolean" },
    full: { type: "boolean" },
    verify: { type: "boolean" },
  },
});

runIndex(values).catch((err: unknown) => {
  process.stderr.write(
    `error: ${err instanceof NewsQaError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exitCode = 1;
});
