/**
 * The [n] citation markers in answer text: finding them, dropping the ones that point to no
 * passage, and renumbering them. Pure string functions, shared by every answerer.
 *
 * Models write markers in several shapes: [1], 【1】 (full-width, common from Chinese models),
 * [1, 2], [1，2], [1-3] and [1][2]. All are read; whatever is written back is canonical: [1][2].
 */

/**
 * Marker numbers have at most three digits so that a bracketed year such as [2020] is left alone
 * as text instead of being taken for a citation of passage 2020 and deleted.
 */
const NUMBER_LIST = String.raw`\s*\d{1,3}(?:\s*[,，、;；\-–—~]\s*\d{1,3})*\s*`;
const MARKER = new RegExp(String.raw`\[(${NUMBER_LIST})\]|【(${NUMBER_LIST})】`, "g");

/** Widest range ("[1-10]") expanded into single numbers; anything wider is read as two numbers. */
const MAX_RANGE = 10;

/** Stands in for a removed marker until the whitespace around it is tidied. */
const GAP = "\u0000";
/** Characters before which a removed marker takes its leading space with it ("名 [9]。" -> "名。"). */
const CLOSING = String.raw`,.;:!?，。；：！？、)）\]】」』”’…`;

/** Reads the numbers in one marker's inside: "1, 3" -> [1, 3]; "2-4" -> [2, 3, 4]. */
function parseNumbers(inner: string): number[] {
  const out: number[] = [];
  for (const part of inner.split(/[,，、;；]/)) {
    const [a, b] = part.split(/[-–—~]/).map((s) => Number.parseInt(s.trim(), 10));
    if (a === undefined || Number.isNaN(a)) continue;
    if (b === undefined || Number.isNaN(b)) out.push(a);
    else if (b >= a && b - a <= MAX_RANGE) for (let n = a; n <= b; n++) out.push(n);
    else out.push(a, b);
  }
  return out;
}

/** The distinct marker numbers in the text, in order of first appearance. Out-of-range ones included. */
export function extractMarkers(text: string): number[] {
  const seen = new Set<number>();
  for (const m of text.matchAll(MARKER)) for (const n of parseNumbers(m[1] ?? m[2] ?? "")) seen.add(n);
  return [...seen];
}

/**
 * Rewrites every marker through `map`: a number maps to its new number, or to `undefined` to drop
 * it. A marker left with no numbers is removed together with the space it leaves behind, so
 * "第96名 [9]。" becomes "第96名。" and "see [9] above" becomes "see above".
 */
export function rewriteMarkers(text: string, map: (n: number) => number | undefined): string {
  const rewritten = text.replaceAll(GAP, "").replace(MARKER, (_m, a?: string, b?: string) => {
    const kept = new Set<number>();
    for (const n of parseNumbers(a ?? b ?? "")) {
      const to = map(n);
      if (to !== undefined) kept.add(to);
    }
    return kept.size ? [...kept].map((n) => `[${n}]`).join("") : GAP;
  });
  if (!rewritten.includes(GAP)) return rewritten;
  const gaps = String.raw`(?:[ \t]*${GAP})+[ \t]*`;
  return (
    rewritten
      // Before punctuation or a line end, the gap and the spaces before it go.
      .replace(new RegExp(`${gaps}(?=[${CLOSING}]|\\n|$)`, "g"), "")
      // At a line start, the gap and the spaces after it go.
      .replace(new RegExp(`(^|\\n)${gaps}`, "g"), "$1")
      // Between two words, one space survives if there was any.
      .replace(new RegExp(gaps, "g"), (gap) => (/[ \t]/.test(gap) ? " " : ""))
  );
}

/** The result of {@link stripDanglingMarkers}. */
export interface StrippedMarkers {
  /** The text with only markers 1..count left, in canonical [n] form. */
  text: string;
  /** Valid marker numbers in order of first appearance. */
  cited: number[];
  /** Marker numbers that pointed to no passage and were removed. */
  removed: number[];
}

/** Removes markers that point to no passage (n < 1 or n > count), keeping the valid ones. */
export function stripDanglingMarkers(text: string, count: number): StrippedMarkers {
  const valid = (n: number) => n >= 1 && n <= count;
  const all = extractMarkers(text);
  return {
    text: rewriteMarkers(text, (n) => (valid(n) ? n : undefined)),
    cited: all.filter(valid),
    removed: all.filter((n) => !valid(n)),
  };
}

/** Renumbers markers old -> new. Markers without an entry in `mapping` are removed. */
export function renumberMarkers(text: string, mapping: ReadonlyMap<number, number>): string {
  return rewriteMarkers(text, (n) => mapping.get(n));
}

/**
 * Cuts a marker that is still being written at the end of streamed text ("…第96名[", "…【1"), so a
 * half marker never flashes up in a message that is edited as tokens arrive.
 */
export function dropTrailingPartialMarker(text: string): string {
  return text.replace(/(?:\[|【)[\d\s,，、;；\-–—~]*$/, "");
}
