/**
 * The user dictionary and the English-name lexicon of a generation, as a base file plus parts
 * appended by incremental builds (issue #14 item 4). Both only ever grow: a build adds the names
 * its new pages bring. Rewriting them whole on every build cost an 8-page issue most of a second
 * at a million chunks (a 25 MB lexicon parsed, merged, serialised, written and synced), so an
 * incremental build hard-links the base and the earlier parts into its generation, as it does
 * unchanged segments, and writes only a part with what is new. A full build, and the build after
 * MAX_PARTS parts, writes a single base again.
 *
 *   userdict.txt, names.json                          the base (store.ts GEN_FILES)
 *   userdict-<generation>.txt, names-<generation>.json one part each, listed in manifest.parts
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { NameLexiconData } from "../text/name-lexicon.js";
import { durableWrite, type FileSums } from "./durable-write.js";
import type { Manifest } from "./manifest.js";
import { mergeLexicon } from "./read-sources.js";
import { linkReused } from "./segment.js";
import { parseDictionary, serializeDictionary } from "./user-dictionary.js";

/** The base files (store.ts lists them among a generation's files). */
export const DICTIONARY_BASE = "userdict.txt";
export const LEXICON_BASE = "names.json";

/** Parts of one kind after which the next build writes one base again: a load reads every part. */
export const MAX_PARTS = 16;

export type NameParts = NonNullable<Manifest["parts"]>;

/** A generation's dictionary files, base first. */
export function dictionaryFiles(manifest: Pick<Manifest, "parts">): string[] {
  return [DICTIONARY_BASE, ...(manifest.parts?.dictionary ?? [])];
}

/** A generation's lexicon files, base first. */
export function lexiconFiles(manifest: Pick<Manifest, "parts">): string[] {
  return [LEXICON_BASE, ...(manifest.parts?.names ?? [])];
}

/** The dictionary from its files' text, base first: every word once, in the order first seen. */
export function joinDictionary(texts: readonly string[]): string[] {
  if (texts.length === 1) return parseDictionary(texts[0]!);
  return [...new Set(texts.flatMap((t) => parseDictionary(t)))];
}

/** The lexicon from its files' bytes, base first, each part's counts added to the ones before. */
export function joinLexicon(parts: readonly (Buffer | string)[]): NameLexiconData {
  const lexicon = JSON.parse(parts[0]!.toString()) as NameLexiconData;
  for (const part of parts.slice(1)) mergeLexicon(lexicon, JSON.parse(part.toString()) as NameLexiconData);
  return lexicon;
}

export interface NamesToWrite {
  /** Every word of the new generation's dictionary (the previous one's first). */
  dictionary: readonly string[];
  /** The words of `dictionary` the previous generation did not have. */
  addedWords: readonly string[];
  /** The names the pages read in this build bring (their counts only). */
  addedNames: NameLexiconData;
}

/**
 * Writes the dictionary and the lexicon of generation `genPath` (their sums go into `files`):
 * the previous generation's files linked and a part with what is new, or one base when there is
 * no previous generation or it has MAX_PARTS parts already. Returns the parts to list.
 */
export async function writeNames(
  prev: { path: string; manifest: Manifest } | undefined,
  genPath: string,
  part: string,
  files: FileSums,
  names: NamesToWrite,
): Promise<NameParts | undefined> {
  const most = Math.max(
    prev?.manifest.parts?.dictionary.length ?? 0,
    prev?.manifest.parts?.names.length ?? 0,
  );
  if (!prev || most >= MAX_PARTS) {
    const lexicon = prev ? await readLexicon(prev.path, prev.manifest) : {};
    mergeLexicon(lexicon, names.addedNames);
    files[DICTIONARY_BASE] = await durableWrite(join(genPath, DICTIONARY_BASE), [
      serializeDictionary([...names.dictionary]),
    ]);
    files[LEXICON_BASE] = await durableWrite(join(genPath, LEXICON_BASE), [JSON.stringify(lexicon)]);
    return undefined;
  }
  for (const file of [...dictionaryFiles(prev.manifest), ...lexiconFiles(prev.manifest)])
    await linkReused(prev.path, genPath, file, prev.manifest.files[file]!, files);
  const parts: NameParts = {
    dictionary: [...(prev.manifest.parts?.dictionary ?? [])],
    names: [...(prev.manifest.parts?.names ?? [])],
  };
  if (names.addedWords.length > 0) {
    const file = `userdict-${part}.txt`;
    files[file] = await durableWrite(join(genPath, file), [serializeDictionary([...names.addedWords])]);
    parts.dictionary.push(file);
  }
  if (Object.keys(names.addedNames).length > 0) {
    const file = `names-${part}.json`;
    files[file] = await durableWrite(join(genPath, file), [JSON.stringify(names.addedNames)]);
    parts.names.push(file);
  }
  return parts.dictionary.length + parts.names.length > 0 ? parts : undefined;
}

/** A generation's whole dictionary, read from its files (already checked). */
export async function readDictionary(genPath: string, manifest: Pick<Manifest, "parts">): Promise<string[]> {
  return joinDictionary(
    await Promise.all(dictionaryFiles(manifest).map((f) => readFile(join(genPath, f), "utf8"))),
  );
}

async function readLexicon(genPath: string, manifest: Pick<Manifest, "parts">): Promise<NameLexiconData> {
  return joinLexicon(await Promise.all(lexiconFiles(manifest).map((f) => readFile(join(genPath, f)))));
}
