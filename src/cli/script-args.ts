/**
 * Command-line flags for the npm scripts (`npm run index`, `eval:real`, `bench`...): node's parseArgs,
 * plus what a newcomer expects of a command. `--help` (or `-h`) prints the script's own doc comment,
 * which is where each script documents its flags, so the help and the source cannot drift apart. A
 * flag the script does not know, or a value missing after one, is one line on stderr naming it and
 * pointing to `--help`, with exit code 2, instead of a stack trace out of parseArgs. A value the
 * script itself refuses (`--rounds 0`, a missing `--index`) goes the same way, by {@link usageError}.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ParseArgsConfig, parseArgs } from "node:util";

/** Exit code for a command line the script cannot read (as for commander and most Unix tools). */
export const USAGE_EXIT = 2;

/** The text of the first block comment in `source`, its leading " * " taken off each line. */
export function docComment(source: string): string {
  const m = /\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!m) return "";
  return m[1]!
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join("\n")
    .trim();
}

/**
 * parseArgs(`config`) over this process's arguments, for the script at `scriptUrl`
 * (`import.meta.url`). Prints the script's doc comment and exits 0 on `--help`; exits
 * {@link USAGE_EXIT} with a one-line message on flags parseArgs refuses.
 */
export function scriptArgs<T extends ParseArgsConfig>(
  scriptUrl: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  // Only before "--": after it, "--help" is a value, not a request for help.
  const end = args.indexOf("--");
  const flags = end < 0 ? args : args.slice(0, end);
  if (flags.includes("--help") || flags.includes("-h")) {
    process.stdout.write(`${docComment(readFileSync(fileURLToPath(scriptUrl), "utf8"))}\n`);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS")) throw err;
    // Some of parseArgs's messages go on to explain "--" for values that start with a dash.
    return usageError((err as Error).message.split(/\. /)[0]!);
  }
}

/**
 * Ends the script on a command line it cannot use: `message` (what is wrong with which flag) as
 * one line on stderr, pointing to `--help`, and exit code {@link USAGE_EXIT}.
 */
export function usageError(message: string): never {
  process.stderr.write(`error: ${message.replace(/\.$/, "")}. Run with --help to see the flags.\n`);
  process.exit(USAGE_EXIT);
}
