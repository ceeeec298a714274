/**
 * Sentence splitting for Chinese news text. A sentence ends at 。！？；… (or ASCII !?;) and keeps
 * any closing quotes or brackets that follow, so "…加速度。”" stays whole.
 */
const SENTENCE = /[^。！？；!?;…\n]*(?:(?:[。！？；!?;]|…+)[”’」』）)]*|$)/g;

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    for (const m of paragraph.matchAll(SENTENCE)) {
      const s = m[0].trim();
      if (s) out.push(s);
    }
  }
  return out;
}

/**
 * Cuts one over-long sentence into pieces of at most `size` characters, preferring to cut after a
 * comma or enumeration mark so each piece still reads as a clause.
 */
export function splitLongSentence(sentence: string, size: number): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > size) {
    const window = rest.slice(0, size);
    const cut = Math.max(window.lastIndexOf("，"), window.lastIndexOf("、"), window.lastIndexOf(","));
    const at = cut >= size / 2 ? cut + 1 : size;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest) pieces.push(rest);
  return pieces;
}
