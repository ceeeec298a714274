/**
 * The scripts' flags live in src/cli/script-args.ts, so that a script compiled into dist/ (`npm run
 * index`, see src/cli/index-script.ts) reads its flags the same way as those run from scripts/.
 */
export * from "../../src/cli/script-args.js";
