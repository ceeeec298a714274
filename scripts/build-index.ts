/**
 * `npm run index`: brings the index in INDEX_DIR up to date with CORPUS_DIR, re-embedding only new and
 * changed pages. Flags: --corpus <dir>, --index <dir>, --json, --full (rebuild everything), --verify
 * (check the live index's checksums and exit). --help prints this.
 */
// `npm run index` runs src/cli/index-script.ts through scripts/run.mjs (compiled when fresh); this
// file runs the same program from the sources, for `tsx scripts/build-index.ts` and the tests.
import "../src/cli/index-script.js";
