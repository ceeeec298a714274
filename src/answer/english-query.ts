/**
 * Offline English -> Chinese query mapping, so an English question can be answered from Chinese
 * articles without a translation service. Each English term becomes the Chinese words the paper
 * would print: news-domain phrases from a curated table (CC-CEDICT has no 科创板 or 高新区),
 * proper names through the pinyin of the corpus's own names (Qingyuan -> 清远), dates and numbers
 * in Chinese forms (January 25 -> 1月25日; english-tokens.ts), and everything else through
 * CC-CEDICT read backwards (cedict-dictionary.ts).
 */
import type { NameLexicon } from "../text/name-lexicon.js";
import { createCedictDictionary } from "./cedict-dictionary.js";
import { PHRASES } from "./english-phrases.js";
import { type EnglishChineseDictionary, matchDateOrNumber, type Token, tokenize } from "./english-tokens.js";

export type { EnglishChineseDictionary } from "./english-tokens.js";

export interface MappedTerm {
  /** The English words as asked ("general manager", "Zhongguancun", "January 25"). */
  en: string;
  /** Chinese candidates, best first. */
  zh: string[];
  /**
   * Where the mapping came from. `corpus-name`: a name the corpus contains (Qingyuan -> 清远);
   * `dictionary-name`: a proper noun only CC-CEDICT knows (Qingdao -> 青岛), so the corpus
   * probably never mentions it; `phrase`: the curated news table; `word`: CC-CEDICT;
   * `date`: dates and numbers; `verbatim`: Chinese characters, acronyms and codes kept as asked.
   */
  kind: TermKind;
}

export type TermKind = "corpus-name" | "dictionary-name" | "phrase" | "word" | "date" | "verbatim";

export interface EnglishQuery {
  /** Chinese search text: every candidate of every term, space-separated; "" when nothing mapped. */
  query: string;
  terms: MappedTerm[];
  /**
   * Content words nothing could map. A capitalised one usually names something the corpus never
   * mentions, which is a reason to abstain rather than answer from the other terms.
   */
  unmapped: string[];
}

export interface EnglishQueryMapper {
  toChinese(question: string): EnglishQuery;
}

export interface EnglishQueryMapperOptions {
  /** The corpus's own names; without it, names fall back to CC-CEDICT's proper nouns. */
  lexicon?: NameLexicon;
  /** Defaults to CC-CEDICT from the `cc-cedict` package, loaded on first use (about 1 s). */
  dictionary?: EnglishChineseDictionary;
  /** Most candidates a dictionary word or name contributes to the query. Default 3. */
  maxCandidates?: number;
}

/** Function words and question words: they carry no topic (the fact type is read from the English). */
const STOPWORDS = new Set(
  (
    "a an the of in on at by for to from with into onto about as than and or but nor not no " +
    "is are was were be been being am do does did done has have had having will would shall should can could may might must " +
    "which what who whom whose when where why how many much whether if " +
    "this that these those it its they them their there he she his her him we our us you your i me my " +
    "please tell name give say said says according paper newspaper article report reported mentioned mention " +
    "also then so such very just only any some each every all both other another same own " +
    "s get got gets one ones"
  ).split(/\s+/),
);

/** One or more toneless pinyin syllables (loose: it admits a few non-syllables such as "fai"). */
const PINYIN =
  /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ue|un|ai|ei|ao|ou|an|en|er|in|ia|ie|iu|ua|uo|ui|a|o|e|i|u|v)'?)+$/;

const MAX_PHRASE_WORDS = 6;
const MAX_NAME_TOKENS = 4;

/** True when a question is mostly Latin letters (English), not Chinese characters. */
export function isEnglishQuestion(question: string): boolean {
  const latin = question.match(/[A-Za-z]/g)?.length ?? 0;
  const han = question.match(/\p{Script=Han}/gu)?.length ?? 0;
  return latin >= 3 && latin > 2 * han;
}

export function createEnglishQueryMapper(options: EnglishQueryMapperOptions = {}): EnglishQueryMapper {
  const lookups = createLookups(options);
  return {
    toChinese(question) {
      const tokens = tokenize(question);
      const terms: MappedTerm[] = [];
      const unmapped: string[] = [];
      for (let i = 0; i < tokens.length; ) {
        const step = mapAt(tokens, i, lookups);
        if (step.kind === "unmapped") unmapped.push(tokens[i]!.raw);
        else if (step.kind !== "skip") {
          const from = tokens.slice(i, i + step.length);
          terms.push({ en: from.map((t) => t.raw).join(" "), zh: [...new Set(step.zh)], kind: step.kind });
        }
        i += step.length;
      }
      joinNamesToTypes(terms, options.lexicon);
      return { query: [...new Set(terms.flatMap((t) => t.zh))].join(" "), terms, unmapped };
    },
  };
}

/** What the tokens from one position map to, and how many tokens that takes. */
type Step =
  | { length: number; zh: string[]; kind: TermKind }
  | { length: 1; kind: "skip" }
  | { length: 1; kind: "unmapped" };

type Lookups = ReturnType<typeof createLookups>;

/** The phrase table, the dictionary and the name lexicon, as the mapper asks them. */
function createLookups(options: EnglishQueryMapperOptions) {
  const lexicon = options.lexicon;
  const dictionary = options.dictionary ?? createCedictDictionary();
  const maxCandidates = options.maxCandidates ?? 3;

  const curated = (words: string[]): string[] | undefined => {
    for (const variant of lastWordVariants(words)) {
      const zh = PHRASES[variant];
      if (zh) return zh;
    }
    return undefined;
  };
  const fromDictionary = (words: string[]): string[] => {
    for (const variant of lastWordVariants(words)) {
      const zh = dictionary.lookup(variant);
      if (zh.length) return zh.slice(0, maxCandidates);
    }
    return [];
  };
  const isEnglishWord = (lower: string) =>
    STOPWORDS.has(lower) || curated([lower]) !== undefined || fromDictionary([lower]).length > 0;
  const isNameCandidate = (t: Token) =>
    t.kind === "word" &&
    /^[a-z']+$/.test(t.lower) &&
    !STOPWORDS.has(t.lower) &&
    ((t.capitalised && !t.initial) || !isEnglishWord(t.lower));

  /**
   * Longest run of name-like tokens from `i` that spells a known name; tries "Jinhui Zhang" reversed
   * too. In a run of two or more, lower-case pinyin counts even when it is also an English word
   * ("qiu jianhua"); alone, such a word stays English ("change" is not 嫦娥).
   */
  const matchName = (tokens: Token[], i: number, find: (key: string) => string[]) => {
    const inRun = (t: Token) =>
      isNameCandidate(t) || (t.kind === "word" && !STOPWORDS.has(t.lower) && PINYIN.test(t.lower));
    let end = i;
    while (end < tokens.length && end - i < MAX_NAME_TOKENS && inRun(tokens[end]!)) end++;
    for (let j = end; j > i; j--) {
      if (j - i === 1 && !isNameCandidate(tokens[i]!)) break;
      const run = tokens.slice(i, j).map((t) => t.lower);
      const orders = run.length === 2 ? [run, [...run].reverse()] : [run];
      for (const order of orders) {
        const zh = find(order.join(""));
        if (zh.length) return { length: j - i, zh: zh.slice(0, maxCandidates) };
      }
    }
    return undefined;
  };
  return { lexicon, dictionary, curated, fromDictionary, isNameCandidate, matchName };
}

/**
 * Maps the tokens from `i`, trying in turn: Chinese as asked, a date or number, the longest
 * curated phrase, a corpus name, a dictionary phrase, then the single word (a stopword is
 * skipped; a capitalised unknown may be a name only CC-CEDICT knows).
 */
function mapAt(tokens: Token[], i: number, l: Lookups): Step {
  const token = tokens[i]!;
  if (token.kind === "han") return { length: 1, zh: [token.raw], kind: "verbatim" };
  const date = matchDateOrNumber(tokens, i);
  if (date) return { ...date, kind: "date" };
  const words = tokens.slice(i, i + MAX_PHRASE_WORDS).map((t) => t.lower);
  for (let n = words.length; n >= 2; n--) {
    const zh = l.curated(words.slice(0, n));
    if (zh) return { length: n, zh, kind: "phrase" };
  }
  const { lexicon } = l;
  const name = lexicon ? l.matchName(tokens, i, (key) => lexicon.lookup(key)) : undefined;
  if (name) return { ...name, kind: "corpus-name" };
  for (let n = Math.min(words.length, 4); n >= 2; n--) {
    const zh = l.fromDictionary(words.slice(0, n));
    if (zh.length && words.slice(0, n).some((w) => !STOPWORDS.has(w))) return { length: n, zh, kind: "word" };
  }
  if (STOPWORDS.has(token.lower)) return { length: 1, kind: "skip" };
  const phrase = l.curated([token.lower]);
  const word = phrase ?? l.fromDictionary([token.lower]);
  const wordKind = phrase ? "phrase" : "word";
  if (word.length && !(l.isNameCandidate(token) && token.capitalised && !token.initial))
    return { length: 1, zh: word, kind: wordKind };
  const cedictName = l.isNameCandidate(token)
    ? l.matchName(tokens, i, (key) => l.dictionary.lookupName(key))
    : undefined;
  if (cedictName) return { ...cedictName, kind: "dictionary-name" };
  if (word.length) return { length: 1, zh: word, kind: wordKind };
  if (/\d/.test(token.raw) || /^[A-Z]{2,}$/.test(token.raw))
    return { length: 1, zh: [token.raw], kind: "verbatim" };
  return { length: 1, kind: "unmapped" };
}

/**
 * "Zhongguancun Software Park" maps to 中关村 + 软件园; when the corpus has the whole name
 * 中关村软件园, add it too, so retrieval can match the entity and not just its parts.
 */
function joinNamesToTypes(terms: MappedTerm[], lexicon: NameLexicon | undefined) {
  if (!lexicon) return;
  for (let i = 0; i + 1 < terms.length; i++) {
    const name = terms[i]!;
    const type = terms[i + 1]!;
    if (name.kind !== "corpus-name" || type.kind !== "phrase") continue;
    const whole = name.zh.flatMap((n) => type.zh.map((t) => n + t)).filter((w) => lexicon.has(w));
    if (whole.length) terms.splice(i + 2, 0, { en: `${name.en} ${type.en}`, zh: whole, kind: "corpus-name" });
  }
}

/** The phrase as asked, then with its last word singular or uninflected ("parks" -> "park", "listed" -> "list"). */
function lastWordVariants(words: string[]): string[] {
  const head = words.slice(0, -1);
  const last = words.at(-1) ?? "";
  return [...new Set([last, ...lemmas(last)])].map((w) => [...head, w].join(" "));
}

function lemmas(word: string): string[] {
  const out: string[] = [];
  const add = (stem: string, min = 3) => {
    if (stem.length >= min) out.push(stem);
  };
  if (/ies$/.test(word)) add(`${word.slice(0, -3)}y`);
  if (/(?:s|x|z|ch|sh)es$/.test(word)) add(word.slice(0, -2));
  if (/[^s]s$/.test(word)) add(word.slice(0, -1));
  if (/ied$/.test(word)) add(`${word.slice(0, -3)}y`);
  if (/ed$/.test(word)) {
    const stem = word.slice(0, -2);
    add(stem);
    add(`${stem}e`);
    if (/(.)\1$/.test(stem)) add(stem.slice(0, -1));
  }
  if (/ing$/.test(word)) {
    const stem = word.slice(0, -3);
    add(stem);
    add(`${stem}e`);
    if (/(.)\1$/.test(stem)) add(stem.slice(0, -1));
  }
  return out;
}
