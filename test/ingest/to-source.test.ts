/**
 * toSource cuts a page's path by the corpus root's prefix when it can (metadata.ts): it must name
 * every page exactly as path.relative would, whatever form the root was given in.
 */
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { toSource } from "../../src/ingest/metadata.js";

const reference = (file: string, root: string) => relative(root, file).split(sep).join("/");

describe("toSource", () => {
  const roots = ["/srv/corpus", "/srv/corpus/", "corpus", "./corpus", ".", "/srv/a/../corpus", "/"];
  const pages = ["科技日报/2021-04/01.txt", "a.txt", "人民日报/2020-01-19/03.pdf", "x/./y/z.txt"];

  it("names each page as path.relative does, for roots given in any form", () => {
    for (const root of roots)
      for (const page of pages) {
        const file = join(root, page);
        expect(toSource(file, root), `${root} + ${page}`).toBe(reference(file, root));
      }
  });

  it("falls back to path.relative for a path not under the root as given", () => {
    expect(toSource("/srv/other/p.txt", "/srv/corpus")).toBe("../other/p.txt");
    expect(toSource("/srv/corpus-old/p.txt", "/srv/corpus")).toBe("../corpus-old/p.txt");
  });
});
