/**
 * Whether dist/ holds the compiled form of the sources as they are now. The build records a hash of
 * every file under src/ and of the compiler settings (dist/.source-hash); the launcher hashes them
 * again (about 150 small files, a few milliseconds) and runs dist/ only when both agree, so an edit,
 * a checkout or a failed build can never run stale JavaScript. Plain JavaScript: it runs before
 * anything that could load TypeScript.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Files besides src/ whose change changes the compiled output. */
const SETTINGS = ["tsconfig.json", "tsconfig.build.json"];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

/** The hash of the sources and settings under `root`: paths and contents, in a fixed order. */
export function sourceHash(root) {
  const hash = createHash("sha256");
  const files = [...filesUnder(join(root, "src")), ...SETTINGS.map((f) => join(root, f))].sort();
  for (const file of files) {
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    hash.update(relative(root, file)).update("\0").update(String(bytes.length)).update("\0").update(bytes);
  }
  return hash.digest("hex");
}

export const STAMP = ".source-hash";

/** dist/ under `root` was built from exactly the sources there now. */
export function distIsFresh(root, dist = join(root, "dist")) {
  try {
    return readFileSync(join(dist, STAMP), "utf8").trim() === sourceHash(root);
  } catch {
    return false;
  }
}
