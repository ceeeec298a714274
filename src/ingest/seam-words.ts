/**
 * Whether a line break falls inside a word: "却足以反映出治" / "理者是否…" breaks 治理, so the two
 * lines are one sentence's; a headline and the body under it never share a word. jieba's own
 * dictionary decides, segmenting the last and first few characters of the two lines joined.
 *
 * One jieba instance for the thread, made on first use (about 300 ms and 40 MB): it is never taught
 * a word, so every caller gets the same answer whatever corpus it indexes, and a page segments the
 * same in a build worker, the bot's upload path and the evaluation. (The build's reading tokenizer
 * is untaught too, but becomes the writing one and is taught names: sharing it would not do.)
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

/** Characters either side of the break given to the segmenter: longer than the words that matter. */
const SIDE = 6;
const IDEOGRAPH = /\p{Script=Han}/u;

let plain: Jieba | undefined;

/** Loads the dictionary now, so a build worker can do it while it waits for pages (build-worker.ts). */
export function prepareSeamWords(): Jieba {
  plain ??= Jieba.withDict(dict);
  return plain;
}

/**
 * Lets the instance go once a build worker has read its pages: it writes its segment next and
 * segments no page there, so a collection may free the dictionary's native memory meanwhile (V8
 * does not see that memory, so when is up to it). The next page read loads it again.
 */
export function releaseSeamWords(): void {
  plain = undefined;
}

const squash = (s: string) => s.normalize("NFKC").replace(/\s/g, "");

/** A word of jieba's dictionary holding an ideograph spans the break between `above` and `below`. */
export function wordAcross(above: string, below: string): boolean {
  const a = squash(above).slice(-SIDE);
  const b = squash(below).slice(0, SIDE);
  if (!a || !b) return false;
  let at = 0;
  for (const word of prepareSeamWords().cut(a + b, false)) {
    const end = at + word.length;
    if (end > a.length) return at < a.length && IDEOGRAPH.test(word);
    at = end;
  }
  return false;
}
