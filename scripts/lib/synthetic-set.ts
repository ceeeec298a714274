/**
 * The generated training set: the repository's seed page plus distractor pages from scripts/lib/synth
 * (seed 101, never one the distractor benchmark reports: 1, 5, 9, 13), with a sample of their
 * questions and the seed page's own QA files. It teaches the answer model what real news rarely
 * shows in a few hundred questions (another zone of the same kind, another year, a batch's total),
 * and it is a regression check, never a quality figure.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseQaSet, type QaItem } from "../../src/eval/evaluate.js";
import { generateCorpus, Rng } from "./synth/index.js";

const ROOT = resolve(import.meta.dirname, "../..");

export async function prepareSyntheticSet(
  work: string,
  opts: { pages?: number; seed?: number; perKind?: number } = {},
): Promise<{ corpusDir: string; items: QaItem[] }> {
  const pages = opts.pages ?? 300;
  const seed = opts.seed ?? 101;
  const perKind = opts.perKind ?? 60;
  const dir = join(work, "synthetic");
  const corpusDir = join(dir, "corpus");
  const ready = join(dir, ".ready");
  const stamp = `${pages}:${seed}`;
  if (!existsSync(ready) || readFileSync(ready, "utf8") !== stamp) {
    mkdirSync(corpusDir, { recursive: true });
    cpSync(join(ROOT, "corpus"), corpusDir, { recursive: true });
    await generateCorpus({ pages, seed, outDir: join(dir, "generated") });
    cpSync(join(dir, "generated"), join(corpusDir, "synthetic"), {
      recursive: true,
      filter: (src) => !src.endsWith(".jsonl"),
    });
    writeFileSync(ready, stamp);
  }
  const generated = parseQaSet(readFileSync(join(dir, "generated/qa.jsonl"), "utf8"), "qa.jsonl");
  const rng = new Rng(seed);
  const items: QaItem[] = [];
  for (const kind of [...new Set(generated.map((q) => q.kind))].sort()) {
    const ofKind = generated.filter((q) => q.kind === kind);
    for (let i = 0; i < Math.min(perKind, ofKind.length); i++)
      items.push(ofKind.splice(Math.floor(rng.float() * ofKind.length), 1)[0]!);
  }
  for (const file of ["dev-qa.jsonl", "seed-extra.jsonl", "seed-probe.jsonl"]) {
    const path = join(ROOT, "test/fixtures/qa", file);
    items.push(...parseQaSet(readFileSync(path, "utf8"), file).map((q) => ({ ...q, id: `${file}:${q.id}` })));
  }
  return { corpusDir, items };
}
