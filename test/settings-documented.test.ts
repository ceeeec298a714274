/**
 * Every setting config.ts reads is documented: a row in the README's settings table and a line in
 * .env.example (commented out or not). A setting added without either fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

describe("settings", () => {
  // The environment schema's keys: upper-case names at the start of a line, two spaces in.
  const keys = [...read("src/config.ts").matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);

  it("are all read from one schema in config.ts", () => {
    expect(keys.length).toBeGreaterThan(30);
    expect(keys).toContain("REDIS_URL");
  });

  it("each have a row in the README and a line in .env.example", () => {
    const readme = read("README.md");
    const example = read(".env.example");
    // A row may name two related settings: "| `LOCAL_QUERY_PREFIX` / `LOCAL_PASSAGE_PREFIX` |".
    const rows = readme.split("\n").filter((line) => line.startsWith("| `"));
    const named = (k: string) => rows.some((row) => row.split("|")[1]!.includes(`\`${k}\``));
    expect(keys.filter((k) => !named(k))).toEqual([]);
    expect(keys.filter((k) => !new RegExp(`^#?\\s*${k}=`, "m").test(example))).toEqual([]);
  });
});
