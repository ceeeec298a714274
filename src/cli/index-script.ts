/**
 * `npm run index`: brings the index in INDEX_DIR up to date with CORPUS_DIR, re-embedding only new and
 * changed pages. Flags: --corpus <dir>, --index <dir>, --json, --full (rebuild everything), --verify
 * (check the live index's checksums and exit). --help prints this.
 */
// An entry of its own under src/ (scripts/run.mjs index) rather than a script run through tsx, so
// that `npm run index` runs the compiled dist/ when it is fresh, build workers included: an issue
// added to a million-chunk index spent over a second of its ~5 s starting tsx and its workers' loaders.
import { NewsQaError } from "../errors.js";
import { runIndex } from "./commands/index-command.js";
import { scriptArgs } from "./script-args.js";

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
