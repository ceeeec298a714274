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
import { createLexiconMerger } from "./lexicon-merger.js";
import type { Manifest } from "./manifest.js";
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
  if (parts.length === 1) return JSON.parse(parts[0]!.toString()) as NameLexiconData;
  const lexicon = createLexiconMerger();
  for (const part of parts) lexicon.add(JSON.parse(part.toString()) as NameLexiconData);
  return lexicon.data();
}

/**
 * The user dictionary a build worker's segment job teaches its segmenter, as the worker reads it:
 * a generation's dictionary files (absolute paths), then words besides (none of them in the files).
 * Sending the words themselves cost an added issue ~0.3 s of copying 818,000 strings at a million
 * chunks.
 */
export interface DictionaryRef {
  files: string[];
  words: string[];
}

export interface NamesToWrite {
  /** Every word of the new generation's dictionary (the previous one's first), read when a base is written. */
  dictionary: () => Promise<readonly string[]>;
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
    // With no previous generation the pages' lexicon is the whole one: adding it to an empty one
    // only copied it (1.1 s of a 68k build's last seconds, with both workers done).
    let lexicon = names.addedNames;
    if (prev) {
      const merger = createLexiconMerger();
      merger.add(await readLexicon(prev.path, prev.manifest));
      merger.add(names.addedNames);
      lexicon = merger.data();
    }
    files[DICTIONARY_BASE] = await durableWrite(join(genPath, DICTIONARY_BASE), [
      serializeDictionary([...(await names.dictionary())]),
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

/**
 * Which of `words` a generation's dictionary files hold, read as bytes: each line is hashed where
 * it lies and decoded only when a word has its hash. Decoding and splitting the whole dictionary to
 * find the few hundred names an 8-page issue brings took ~0.45 s of an add at a million chunks.
 */
export async function dictionaryHas(
  genPath: string,
  manifest: Pick<Manifest, "parts">,
  words: Iterable<string>,
): Promise<Set<string>> {
  const wanted: Wanted = { byHash: new Map(), filter: new Uint8Array(1 << 13) };
  for (const w of words) {
    const h = fnv1a(Buffer.from(w), 0, Buffer.byteLength(w));
    wanted.byHash.set(h, [...(wanted.byHash.get(h) ?? []), w]);
    wanted.filter[(h & 0xffff) >>> 3]! |= 1 << (h & 7);
  }
  const found = new Set<string>();
  if (wanted.byHash.size === 0) return found;
  for (const file of dictionaryFiles(manifest)) {
    linesAmong(await readFile(join(genPath, file)), wanted, found);
  }
  return found;
}

/** Words looked for, by their bytes' hash, with a bit per hash's low 16 bits to turn most lines away. */
interface Wanted {
  byHash: Map<number, string[]>;
  filter: Uint8Array;
}

/** Adds to `found` the lines of `bytes` among the words `wanted`: one pass, each line hashed as its bytes go by. */
function linesAmong(bytes: Buffer, wanted: Wanted, found: Set<string>): void {
  const { byHash, filter } = wanted;
  let h = FNV_BASIS;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const c = i < bytes.length ? bytes[i]! : 10;
    if (c !== 10) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    const same = filter[(h & 0xffff) >>> 3]! & (1 << (h & 7)) ? byHash.get(h) : undefined;
    // Compared as decoded, as readDictionary would have them.
    if (same) {
      const line = bytes.toString("utf8", start, i);
      if (same.includes(line)) found.add(line);
    }
    h = FNV_BASIS;
    start = i + 1;
  }
}

const FNV_BASIS = 0x811c9dc5 | 0;

/** FNV-1a of bytes[start, end), as a signed 32-bit number (a small integer to V8, unlike h >>> 0). */
function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_BASIS;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

async function readLexicon(genPath: string, manifest: Pick<Manifest, "parts">): Promise<NameLexiconData> {
  return joinLexicon(await Promise.all(lexiconFiles(manifest).map((f) => readFile(join(genPath, f)))));
}
