/**
 * What the product's code may import: node's own modules and its declared dependencies, never a
 * dev dependency (the bench and the generators live in scripts/), never tests or scripts; and
 * between its own folders, only downwards (the README's "How it works" order). And its size: no
 * file over 400 lines, no function over 80, so each step fits on a screen.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
/** Imported on demand when EMBEDDINGS=local, and installed by those who use it (README). */
const OPTIONAL = new Set(["@huggingface/transformers"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\s)import\s+["']([^"']+)["']/gm;

describe("src/", () => {
  const files = sources(join(ROOT, "src"));
  const imports = files.flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => ({
      file: relative(ROOT, file),
      spec: (m[1] ?? m[2] ?? m[3])!,
    })),
  );

  it("imports only node's modules and its declared dependencies", () => {
    const packageOf = (spec: string) =>
      spec
        .split("/")
        .slice(0, spec.startsWith("@") ? 2 : 1)
        .join("/");
    const undeclared = imports
      .filter(({ spec }) => !spec.startsWith("."))
      .filter(({ spec }) => !spec.startsWith("node:") && !builtinModules.includes(spec))
      .filter(({ spec }) => !(packageOf(spec) in pkg.dependencies) && !OPTIONAL.has(packageOf(spec)));
    expect(imports.length).toBeGreaterThan(100);
    expect(undeclared).toEqual([]);
  });

  it("has no import cycles between its files, type-only imports included", () => {
    const edges = new Map<string, string[]>();
    for (const { file, spec } of imports) {
      if (!spec.startsWith(".")) continue;
      const target = relative(ROOT, join(ROOT, file, "..", spec)).replace(/\.js$/, ".ts");
      edges.set(file, [...(edges.get(file) ?? []), target]);
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" -> "));
        return;
      }
      state.set(file, "open");
      for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of edges.keys()) visit(file, []);
    expect(edges.size).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });

  it("never reaches into scripts/ or test/", () => {
    const outside = imports.filter(({ file, spec }) => {
      if (!spec.startsWith(".")) return false;
      const target = relative(ROOT, join(ROOT, file, "..", spec));
      return !target.startsWith("src/");
    });
    expect(outside).toEqual([]);
  });

  it("imports only downwards between its folders", () => {
    // The README's "How it works" table, top row lowest; a folder may import its own files and any
    // lower folder's. The top-level files (config, errors, types, logger, secrets) are the base;
    // main.ts is the top.
    const rank: Record<string, number> = {
      base: 0,
      text: 1,
      ingest: 2,
      chunk: 3,
      embed: 4,
      index: 5,
      retrieve: 6,
      answer: 7,
      qa: 8,
      state: 9,
      langchain: 10,
      eval: 10,
      telegram: 11,
      cli: 11,
      main: 12,
    };
    const layerOf = (path: string) => {
      const [top, rest] = path.replace(/^src\//, "").split("/", 2);
      if (rest === undefined) return top === "main.ts" ? "main" : "base";
      return top!;
    };
    const upward = imports
      .filter(({ spec }) => spec.startsWith("."))
      .map(({ file, spec }) => ({ file, target: relative(ROOT, join(ROOT, file, "..", spec)) }))
      .filter(({ target }) => target.startsWith("src/"))
      .filter(({ file, target }) => {
        const from = layerOf(file);
        const to = layerOf(target);
        if (!(from in rank) || !(to in rank)) throw new Error(`no layer for ${from} or ${to}: add it above`);
        return from !== to && rank[to]! >= rank[from]!;
      });
    expect(upward).toEqual([]);
  });
});

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

/** Every function (declarations, methods, arrows) longer than `max` lines, as "file:line name (n lines)". */
function longFunctions(file: string, text: string, max: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - first + 1;
      const name = (node as ts.FunctionDeclaration).name?.getText() ?? node.parent.getText().slice(0, 30);
      if (lines > max) found.push(`${file}:${first + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("src/ files", () => {
  const files = sources(join(ROOT, "src")).map((path) => ({
    file: relative(ROOT, path),
    text: readFileSync(path, "utf8"),
  }));

  it(`are at most ${MAX_FILE_LINES} lines each`, () => {
    const long = files
      .filter(({ text }) => lineCount(text) > MAX_FILE_LINES)
      .map(({ file, text }) => `${file} (${lineCount(text)} lines)`);
    expect(long).toEqual([]);
  });

  it(`have no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.flatMap(({ file, text }) => longFunctions(file, text, MAX_FUNCTION_LINES));
    expect(long).toEqual([]);
  });

  it("are measured: a planted long file and a planted long function are caught", () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const planted = `export function planted() {\n${body}\n}\n`;
    expect(longFunctions("planted.ts", planted, MAX_FUNCTION_LINES)).toHaveLength(1);
    expect(lineCount("x\n".repeat(MAX_FILE_LINES + 1))).toBeGreaterThan(MAX_FILE_LINES);
  });
});
