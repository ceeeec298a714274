/**
 * Offline English -> Chinese query mapping, so an English question can be answered from Chinese
 * articles without a translation service. Each English term becomes the Chinese words the paper
 * would print: news-domain phrases from a curated table (CC-CEDICT has no 科创板 or 高新区),
 * proper names through the pinyin of the corpus's own names (Qingyuan -> 清远), dates and numbers
 * in Chinese forms (January 25 -> 1月25日), and everything else through CC-CEDICT read backwards
 * (cedict-dictionary.ts).
 */
import type { NameLexicon } from "../text/name-lexicon.js";
import { createCedictDictionary } from "./cedict-dictionary.js";
import { PHRASES } from "./english-phrases.js";

export interface EnglishChineseDictionary {
  /** Simplified Chinese renderings of a lower-case English word or phrase, best first; [] when unknown. */
  lookup(english: string): string[];
  /** Chinese proper names spelled `key` in toneless pinyin ("qingdao" -> 青岛); [] when unknown. */
  lookupName(key: string): string[];
}

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

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Words after a four-digit number that make it a quantity rather than a year ("2000 mu"). */
const QUANTITY_WORDS = new Set(
  "yuan dollars dollar mu hectares tons tonnes people persons companies enterprises firms projects units meters metres kilometers km square billion million thousand percent".split(
    " ",
  ),
);

/** One or more toneless pinyin syllables (loose: it admits a few non-syllables such as "fai"). */
const PINYIN =
  /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ue|un|ai|ei|ao|ou|an|en|er|in|ia|ie|iu|ua|uo|ui|a|o|e|i|u|v)'?)+$/;

const MAX_PHRASE_WORDS = 6;
const MAX_NAME_TOKENS = 4;

interface Token {
  raw: string;
  lower: string;
  kind: "word" | "number" | "han";
  capitalised: boolean;
  /** First token of the question, capitalised by grammar rather than because it is a name. */
  initial: boolean;
}

/** True when a question is mostly Latin letters (English), not Chinese characters. */
export function isEnglishQuestion(question: string): boolean {
  const latin = question.match(/[A-Za-z]/g)?.length ?? 0;
  const han = question.match(/\p{Script=Han}/gu)?.length ?? 0;
  return latin >= 3 && latin > 2 * han;
}

export function createEnglishQueryMapper(options: EnglishQueryMapperOptions = {}): EnglishQueryMapper {
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

  return {
    toChinese(question) {
      const tokens = tokenize(question);
      const terms: MappedTerm[] = [];
      const unmapped: string[] = [];
      const push = (from: Token[], zh: string[], kind: TermKind) =>
        terms.push({ en: from.map((t) => t.raw).join(" "), zh: [...new Set(zh)], kind });

      for (let i = 0; i < tokens.length; ) {
        const token = tokens[i]!;
        if (token.kind === "han") {
          push([token], [token.raw], "verbatim");
          i++;
          continue;
        }
        const date = matchDateOrNumber(tokens, i);
        if (date) {
          push(tokens.slice(i, i + date.length), date.zh, "date");
          i += date.length;
          continue;
        }
        const words = tokens.slice(i, i + MAX_PHRASE_WORDS).map((t) => t.lower);
        let matched = false;
        for (let n = words.length; n >= 2 && !matched; n--) {
          const zh = curated(words.slice(0, n));
          if (zh) {
            push(tokens.slice(i, i + n), zh, "phrase");
            i += n;
            matched = true;
          }
        }
        if (matched) continue;
        const name = lexicon ? matchName(tokens, i, (key) => lexicon.lookup(key)) : undefined;
        if (name) {
          push(tokens.slice(i, i + name.length), name.zh, "corpus-name");
          i += name.length;
          continue;
        }
        for (let n = Math.min(words.length, 4); n >= 2 && !matched; n--) {
          const zh = fromDictionary(words.slice(0, n));
          if (zh.length && words.slice(0, n).some((w) => !STOPWORDS.has(w))) {
            push(tokens.slice(i, i + n), zh, "word");
            i += n;
            matched = true;
          }
        }
        if (matched) continue;
        if (STOPWORDS.has(token.lower)) {
          i++;
          continue;
        }
        const phrase = curated([token.lower]);
        const word = phrase ?? fromDictionary([token.lower]);
        const wordKind = phrase ? "phrase" : "word";
        if (word.length && !(isNameCandidate(token) && token.capitalised && !token.initial)) {
          push([token], word, wordKind);
          i++;
          continue;
        }
        const cedictName = isNameCandidate(token)
          ? matchName(tokens, i, (key) => dictionary.lookupName(key))
          : undefined;
        if (cedictName) {
          push(tokens.slice(i, i + cedictName.length), cedictName.zh, "dictionary-name");
          i += cedictName.length;
          continue;
        }
        if (word.length) push([token], word, wordKind);
        else if (/\d/.test(token.raw) || /^[A-Z]{2,}$/.test(token.raw))
          push([token], [token.raw], "verbatim");
        else unmapped.push(token.raw);
        i++;
      }

      joinNamesToTypes(terms, lexicon);
      return { query: [...new Set(terms.flatMap((t) => t.zh))].join(" "), terms, unmapped };
    },
  };
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

function tokenize(question: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\p{Script=Han}+|[A-Za-z0-9]+(?:['’.&][A-Za-z0-9]+)*%?/gu;
  for (const match of question.matchAll(pattern)) {
    let raw = match[0].replace(/’/g, "'");
    if (/^\p{Script=Han}/u.test(raw)) {
      tokens.push({ raw, lower: raw, kind: "han", capitalised: false, initial: tokens.length === 0 });
      continue;
    }
    raw = raw.replace(/'s$/i, "");
    const kind = /^\d/.test(raw) ? "number" : "word";
    tokens.push({
      raw,
      lower: raw.toLowerCase(),
      kind,
      capitalised: /^[A-Z]/.test(raw),
      initial: tokens.length === 0,
    });
  }
  return tokens;
}

/**
 * Dates and numbers in the forms the paper prints: January 25 / 25 January -> 1月25日,
 * January 2021 -> 2021年1月, 2020 -> 2020年 (a year unless a quantity word follows),
 * 96th -> 第96, 71 percent -> 71%, 2.7 billion yuan -> 27亿元.
 */
function matchDateOrNumber(tokens: Token[], i: number): { length: number; zh: string[] } | undefined {
  const at = (k: number) => tokens[i + k];
  const month = MONTHS[at(0)?.lower ?? ""];
  const dayOf = (t: Token | undefined) => {
    const m = t?.lower.match(/^(\d{1,2})(?:st|nd|rd|th)?$/);
    const d = m ? Number(m[1]) : 0;
    return d >= 1 && d <= 31 ? d : undefined;
  };
  const yearOf = (t: Token | undefined) => (t && /^(?:19|20)\d\d$/.test(t.lower) ? t.lower : undefined);

  if (month !== undefined && at(0)!.kind === "word") {
    // "may" and "march" are also English words; only a following day or year makes them months.
    const day = dayOf(at(1));
    if (day !== undefined) {
      const year = yearOf(at(2));
      return year
        ? { length: 3, zh: [`${year}年${month}月${day}日`, `${month}月${day}日`] }
        : { length: 2, zh: [`${month}月${day}日`] };
    }
    const year = yearOf(at(1));
    if (year) return { length: 2, zh: [`${year}年${month}月`] };
    if (at(0)!.capitalised && !["may", "march"].includes(at(0)!.lower))
      return { length: 1, zh: [`${month}月`] };
    return undefined;
  }
  if (at(0)?.kind !== "number") return undefined;
  const raw = at(0)!.lower;

  const day = dayOf(at(0));
  const next = at(1)?.lower === "of" ? 2 : 1;
  const monthAfter = MONTHS[at(next)?.lower ?? ""];
  if (day !== undefined && monthAfter !== undefined) {
    const year = yearOf(at(next + 1));
    return year
      ? { length: next + 2, zh: [`${year}年${monthAfter}月${day}日`, `${monthAfter}月${day}日`] }
      : { length: next + 1, zh: [`${monthAfter}月${day}日`] };
  }
  const ordinal = raw.match(/^(\d+)(?:st|nd|rd|th)$/);
  if (ordinal) return { length: 1, zh: [`第${ordinal[1]}`] };
  if (raw.endsWith("%")) return { length: 1, zh: [raw] };

  const value = Number(raw.replace(/,/g, ""));
  if (Number.isNaN(value)) return { length: 1, zh: [at(0)!.raw] };
  const scale = at(1)?.lower;
  let length = 1;
  let zh = raw;
  if (scale === "billion") zh = `${round(value * 10)}亿`;
  else if (scale === "million") zh = `${round(value * 100)}万`;
  else if (scale === "percent" || scale === "per") zh = `${raw}%`;
  if (zh !== raw) length = scale === "per" && at(2)?.lower === "cent" ? 3 : 2;
  const currency = at(length)?.lower;
  if (currency === "yuan" || currency === "rmb") {
    zh += "元";
    length++;
  } else if (currency === "us" && /^dollars?$/.test(at(length + 1)?.lower ?? "")) {
    zh += "美元";
    length += 2;
  } else if (currency === "dollars" || currency === "dollar") {
    zh += "美元";
    length++;
  }
  if (length === 1 && yearOf(at(0)) && !QUANTITY_WORDS.has(at(1)?.lower ?? "")) zh = `${raw}年`;
  return { length, zh: [zh] };
}

function round(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
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

// ---------------------------------------------------------------------------------------------
// CC-CEDICT, read backwards: English gloss -> simplified headwords.
