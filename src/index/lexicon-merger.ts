/**
 * Adds name lexicons together (name-lexicon.ts): a name's counts under a key are summed, and each
 * key's names stay most frequent first, ties in the order they stood. A build adds every page's
 * lexicon as its batch comes in, in page order, then the previous generation's and its parts when it
 * writes them (name-parts.ts).
 *
 * A page's lexicon comes as entries, as a build worker makes it: a worker used to build an object
 * keyed by pinyin, interning every key as a property name, only for the structured clone to copy
 * it as a dictionary-mode object and this thread to take it apart again with `Object.entries`. (The
 * merge itself costs about what it did: ~3 s for the 68,210 news pages, its time in looking up
 * ~100,000 keys and their short lists of names, which a Map or an object does alike, and an index
 * of a key's names did not shorten.)
 */
import type { NameLexiconData, NameLexiconEntries } from "../text/name-lexicon.js";

export interface LexiconMerger {
  /** Adds a lexicon's counts (a page's entries, or a stored lexicon) after what was added before. */
  add(more: NameLexiconEntries | NameLexiconData): void;
  /** Everything added, as stored: keys in the order they were first added. */
  data(): NameLexiconData;
}

type Counted = [string, number];

export function createLexiconMerger(): LexiconMerger {
  const byKey = new Map<string, Counted[]>();
  const addKey = (key: string, names: readonly Counted[]) => {
    const have = byKey.get(key);
    if (!have) {
      byKey.set(
        key,
        names.map(([n, c]) => [n, c]),
      );
      return;
    }
    for (const [name, count] of names) {
      const entry = have.find(([n]) => n === name);
      if (entry) entry[1] += count;
      else have.push([name, count]);
    }
    // Stable: names of equal counts keep their order, as they always have in the stored lexicon.
    have.sort((a, b) => b[1] - a[1]);
  };
  return {
    add(more) {
      for (const [key, names] of Array.isArray(more) ? more : Object.entries(more)) addKey(key, names);
    },
    data() {
      const out: NameLexiconData = {};
      for (const [key, names] of byKey) out[key] = names;
      return out;
    },
  };
}
