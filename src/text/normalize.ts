/**
 * Character-level clean-up for text extracted from newspaper PDFs, where every line break and
 * many spaces are layout accidents rather than meaning.
 */

/** CJK ideographs, CJK punctuation and full-width forms: no spaces belong next to these. */
const CJK =
  /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·]/;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

const isLatinWordChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z]/.test(ch);
const isDigit = (ch: string | undefined) => ch !== undefined && /[0-9]/.test(ch);

/**
 * Joins two pieces of one broken line. A space survives only between two Latin words
 * ("SEE" + "Fund"); CJK, digits and punctuation join directly ("扬州生" + "物医药").
 */
export function joinBroken(left: string, right: string): string {
  const a = left.trimEnd();
  const b = right.trimStart();
  if (!a) return b;
  if (!b) return a;
  const needsSpace = isLatinWordChar(a.at(-1)) && isLatinWordChar(b[0]);
  return needsSpace ? `${a} ${b}` : a + b;
}

/**
 * Removes the stray spaces PDF extraction puts around numbers and between CJK characters
 * ("从 1992 年" -> "从1992年", "总投资 2.7 亿美元" -> "总投资2.7亿美元"). Spaces between two
 * Latin words or two numbers are kept, since there they separate tokens.
 */
export function collapseSpaces(text: string): string {
  return text
    .replace(/[\t\u00a0\u3000]/g, " ")
    .replace(/ {2,}/g, " ")
    .replace(/(\S) (?=\S)/g, (match, before: string, offset: number, whole: string) => {
      const after = whole[offset + match.length];
      const keep = (isLatinWordChar(before) || isDigit(before)) && (isLatinWordChar(after) || isDigit(after));
      return keep && !(isDigit(before) && isLatinWordChar(after)) ? match : before;
    })
    .trim();
}

/**
 * Full-width ASCII (ＡＢＣ１２３，) as half-width, character for character, so offsets stay put. One
 * pass over the code units, copying the runs between folds: Chinese text holds a full-width comma or
 * colon every few characters, and a replace() calling back for each was the answerer's costliest step
 * (every candidate passage is compacted; `npm run bench -- --real` serving profile).
 */
export function foldFullWidth(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += text.slice(from, i) + String.fromCharCode(c - 0xfee0);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Unit and numeral symbols a page prints as one character and NFKC spells out: ℃ ℉ № ℡ ™, the
 * Roman numerals (Ⅳ级 响应) and the squared units (㎡ ㎏ ㎞). Pages keep them as printed, so an answer
 * quotes "16.95℃", not "16.95°C" (in the 68,210 real news articles ℃ appears 2,982 times and the
 * Roman numerals ~1,100); comparisons fold them with {@link compact}, so "IV级" still finds "Ⅳ级".
 */
const PRINTED_SYMBOLS = "\u2103\u2109\u2116\u2121\u2122\u2160-\u2188\u3371-\u33df";
const PRINTED_SYMBOL = new RegExp(`[${PRINTED_SYMBOLS}]`, "g");

/** {@link PRINTED_SYMBOLS} spelled out as NFKC spells them ("℃" → "°C", "Ⅳ" → "IV"). */
export function foldSymbols(text: string): string {
  return text.replace(PRINTED_SYMBOL, (c) => c.normalize("NFKC"));
}

/**
 * Normalises text for substring comparison: no whitespace, full-width ASCII and printed symbols
 * folded, lower case. Symbols are folded after the fact, so the result can be longer than the text.
 */
export function compact(text: string): string {
  let out = "";
  let from = 0; // start of the run of unchanged code units not yet copied to `out`
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let kind = compactKind[c]!;
    if (kind === KEEP) continue;
    if (kind === UNSEEN) kind = learnCompact(c);
    if (kind === KEEP) continue;
    if (kind === WHOLE) return compactWhole(text);
    out += text.slice(from, i);
    if (kind === MAPPED) out += String.fromCharCode(compactTo[c]!);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** compact() as its steps define it, over the whole text. */
function compactWhole(text: string): string {
  return verbatimCompact(foldSymbols(text));
}

/*
 * compact() one code unit at a time: each step (symbol and full-width folding, dropping whitespace,
 * lower-casing) acts on each character alone, but for the lower case of Σ (σ or ς by what follows)
 * and for surrogates (a pair is one character). So a code unit that compacts alone to itself is kept,
 * to nothing dropped, to one other code unit replaced; Σ, surrogates and characters that compact to
 * more than one (℃ → °c, Ⅻ → xii) send the text down the steps whole. Each code unit's kind is
 * learned the first time a text holds it. Chinese text holds a full-width comma every few characters:
 * the steps' three passes and their regular expressions were half of preparing the reranker's passages.
 */
const UNSEEN = 0;
const KEEP = 1;
const DROP = 2;
const MAPPED = 3;
const WHOLE = 4;
const compactKind = new Uint8Array(65536);
const compactTo = new Uint16Array(65536);

function learnCompact(c: number): number {
  const ch = String.fromCharCode(c);
  const alone = compactWhole(ch);
  let kind = WHOLE;
  if ((c >= 0xd800 && c <= 0xdfff) || ch === "Σ") kind = WHOLE;
  else if (alone === ch) kind = KEEP;
  else if (alone === "") kind = DROP;
  else if (alone.length === 1) {
    kind = MAPPED;
    compactTo[c] = alone.charCodeAt(0);
  }
  compactKind[c] = kind;
  return kind;
}

/**
 * {@link compact} without the symbol folding: what the scorer compares answers and facts by, so an
 * answer is right only when it quotes the page's "16.95℃" as printed.
 */
export function verbatimCompact(text: string): string {
  return foldFullWidth(text).replace(/\s+/g, "").toLowerCase();
}

/**
 * Characters NFKC would fold that are printed that way for a reason, so they are left as they are.
 * Chinese is typeset with full-width punctuation (，？：（）), and every answer quotes its page:
 * folding would turn "，" into "," in each quote. An ellipsis would become "...", and a circled
 * number (①) or a superscript (m², CO₂) would run into the digits beside it ("①2020年" -> "12020年"),
 * and a unit or numeral symbol would no longer read as printed ({@link PRINTED_SYMBOLS}).
 * The ideographic space stays too: two of them at a line's start are how a page marks a paragraph
 * indent, which segmentation reads (ingest/lines.ts).
 * Full-width digits and letters, compatibility ideographs and the like are folded as usual.
 */
const KEEP_UNFOLDED = new RegExp(
  `[\\u3000\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff60\\u2025\\u2026\\u00b2\\u00b3\\u00b9\\u2070-\\u209f\\u2460-\\u24ff\\u2776-\\u2793\\u3251-\\u325f\\u32b1-\\u32bf${PRINTED_SYMBOLS}]+`,
  "gu",
);

/**
 * Characters that print as nothing but split words for search: zero-width spaces and joiners
 * (U+200B–U+200D, U+2060), the byte-order mark (U+FEFF), bidi marks and overrides (U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069), the soft hyphen and the other format characters (Unicode category
 * Cf), and variation selectors. Copying text out of web pages and chat apps brings them in unseen.
 */
const INVISIBLE = /\p{Cf}|\p{Variation_Selector}/gu;

/** Control characters other than the whitespace ones, which the whitespace rules below handle. */
const CONTROL = /(?![\t\n\v\f\r\u0085])\p{Cc}/gu;

/** Line breaks in all their forms: CRLF, CR, NEL, VT, FF, and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n?|[\v\f\u0085\u2028\u2029]/g;

export interface NormalizeOptions {
  /**
   * The text is a page: its whitespace is layout (line breaks, tabs, the spaces that indent a
   * paragraph) and is kept as it is, only every kind of line break becoming "\n"; segmentation
   * reads the layout and collapses the spaces itself. Otherwise (a question, a button's data) every
   * run of whitespace becomes one space and the ends are trimmed. Default false.
   */
  page?: boolean;
}

/**
 * The first step for every text from outside (questions from the CLI and Telegram, pages at ingest,
 * callback data): invisible and control characters removed, NFKC (full-width digits and letters
 * folded, with the exceptions in {@link KEEP_UNFOLDED}), whitespace collapsed (a page's layout
 * excepted, see {@link NormalizeOptions.page}). Without it a zero-width space inside 清远高新区
 * splits the name, and search no longer finds it.
 */
export function normalizeText(text: string, opts: NormalizeOptions = {}): string {
  const visible = text.replace(INVISIBLE, "").replace(CONTROL, "");
  const folded = nfkcKeeping(visible);
  if (!opts.page) return folded.replace(/[\s\u0085]+/g, " ").trim();
  return folded.replace(LINE_BREAK, "\n");
}

/** NFKC everywhere but in the runs of {@link KEEP_UNFOLDED}, which are copied as they are. */
function nfkcKeeping(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(KEEP_UNFOLDED)) {
    out += text.slice(last, m.index).normalize("NFKC") + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).normalize("NFKC");
}

/*
 * Politeness around a question. It names nothing the paper prints, so left in it only adds noise to
 * search and to the answerer's word matching: "…第几？谢谢" must find what "…第几？" finds.
 */

/** Openings that ask permission to ask: 请问, 麻烦问一下, 你好, please. */
const POLITE_HEAD =
  /^(?:(?:请问一下|请问|请教一下|麻烦问一下|麻烦问下|想问一下|想问下|我想问一下|你好|您好|(?<![A-Za-z])(?:please|pls|hi|hello|hey)(?![A-Za-z'-]))[\s,，、:：!！~～.。]*)+/iu;

/** Closings that thank: 谢谢, 谢谢你, 多谢, thanks, thank you, and a trailing "please". */
const POLITE_TAIL =
  /[\s,，、.。!！~～]*(?:谢谢(?:你|您|啦|了)?|多谢(?:了|啦)?|(?<![A-Za-z])(?:please|pls|thanks(?: a lot| so much)?|thank you(?: very much| so much)?|thx)(?![A-Za-z]))[\s.。!！~～]*([?？]*)[\s.。!！~～]*$/iu;

/**
 * "你知道…第几吗？" asks the question inside it: with a question word already there, a leading
 * "do you know" and the trailing 吗 are politeness, not a yes-or-no question.
 */
const DO_YOU_KNOW = /^(?:你知道|您知道|你能告诉我|您能告诉我|能告诉我|请告诉我|告诉我)[\s,，:：]*/u;
const QUESTION_WORD = /谁|什么|哪|几(?!乎)|多少|怎|何|为啥|多久|多大|多高|多长|多远/u;
const POLITE_MA = /吗([?？]*)$/u;

/**
 * The question without its politeness (请问, 谢谢, please, thanks, a politeness 吗), for search
 * and answering. A message that is nothing but politeness ("谢谢！") is returned as it is.
 */
export function stripPoliteness(question: string): string {
  let q = question.trim();
  for (let changed = true; changed; ) {
    const before = q;
    q = q.replace(POLITE_HEAD, "");
    const tail = POLITE_TAIL.exec(q);
    if (tail && tail.index > 0) q = q.slice(0, tail.index) + tail[1];
    if (QUESTION_WORD.test(q)) q = q.replace(DO_YOU_KNOW, "").replace(POLITE_MA, "$1");
    q = q.trim();
    changed = q !== before;
  }
  return /[\p{L}\p{N}]/u.test(q) ? q : question.trim();
}
