/**
 * The corpus's own proper names (places, organisations, people), keyed by toneless pinyin, so an
 * English question that spells a name in pinyin ("Qingyuan", "Zhang Jinhui") finds the exact
 * Chinese form the paper uses (清远, 张金辉). Only names the corpus contains can be found, which is
 * the point: a pinyin word with no entry here names something the paper never mentions.
 */
import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import type { pinyin as PinyinOf } from "pinyin-pro";

/**
 * pinyin-pro, loaded on the first name read (a build, or the first English question): loading it
 * is ~90 ms of a cold start that a Chinese question never needs. Only this module uses it, so the
 * CommonJS copy `require` gives is the only one loaded.
 */
const requireHere = createRequire(import.meta.url);
let loadedPinyin: ((...args: unknown[]) => unknown) | undefined;
const pinyin = ((...args: unknown[]) => {
  loadedPinyin ??= (requireHere("pinyin-pro") as { pinyin: (...args: unknown[]) => unknown }).pinyin;
  return loadedPinyin(...args);
}) as typeof PinyinOf;

export interface TaggedWord {
  word: string;
  /** jieba part-of-speech tag: ns place, nr person, nt organisation, nz other proper noun, x unknown. */
  tag: string;
}

/** Part-of-speech tagging, as jieba's `tag()` gives it. */
export interface Tagger {
  tag(text: string): TaggedWord[];
}

export interface NameLexicon {
  /** Chinese names spelled `key` in toneless pinyin (any case, spaces and apostrophes ignored), most frequent first. */
  lookup(key: string): string[];
  /** Whether the corpus has this exact name (e.g. 中关村软件园), for joining a name to its type word. */
  has(name: string): boolean;
  /** Number of distinct pinyin keys. */
  readonly size: number;
  /** Plain data for storing beside the index; `nameLexiconFromJSON` reads it back. */
  toJSON(): NameLexiconData;
}

/** pinyin key -> [name, occurrences][] */
export type NameLexiconData = Record<string, [string, number][]>;

/**
 * The same as [key, names] pairs, in key order: what a build worker hands the main thread for a
 * page. An object keyed by pinyin made each key a property name (interned, in a dictionary-mode
 * object) only for the main thread to take it apart again.
 */
export type NameLexiconEntries = [string, [string, number][]][];

export interface NameLexiconOptions {
  /** Ignore names seen fewer times than this across all texts. Default 1. */
  minCount?: number;
}

/** Proper-noun tags, plus `j` (abbreviations such as 中科院) and `x` (words jieba's HMM found: mostly names). */
const NAME_TAGS = new Set(["ns", "nr", "nrt", "nrfg", "nt", "nz", "j", "x"]);
const PERSON_TAGS = new Set(["nr", "nrt", "nrfg"]);
/** Tags of words that never start a name even when a type word follows (为/p 高新区, 创新/v 研究院). */
const NON_NAME_TAGS = /^(?:u|p|c|r|d|m|q|f|v|t|e|y|o|zg|uj|ul|uz|ug|ud|uv)/;

/**
 * Words that say what kind of thing a name is. What comes before them is a name whatever jieba
 * tagged it (it tags 清远 as an adjective), and a name that ends in one is also indexed without it
 * (清远高新区 -> qingyuan), since English keeps the type as a separate word ("Qingyuan High-tech Zone").
 */
const TYPE_WORDS = [
  "股份有限公司",
  "有限责任公司",
  "有限公司",
  "公司",
  "集团",
  "控股集团",
  "高新技术产业开发区",
  "经济技术开发区",
  "高新区",
  "开发区",
  "经开区",
  "自贸区",
  "新区",
  "园区",
  "软件园",
  "科技园",
  "产业园",
  "工业园",
  "科学城",
  "科技城",
  "孵化器",
  "管委会",
  "大学",
  "学院",
  "研究院",
  "研究所",
  "实验室",
  "医院",
  "交易所",
  "银行",
  "中心",
  "省",
  "市",
  "区",
  "县",
  "镇",
  "乡",
];
const TYPE_WORD_SET = new Set(TYPE_WORDS);
const TYPE_SUFFIXES = [...TYPE_WORDS].sort((a, b) => b.length - a.length);

const HAN = /^\p{Script=Han}+$/u;
const MAX_NAME_CHARS = 12;

/** Normalises a pinyin spelling to a key: lower-case a-z only, ü/v as u ("Lü", "Lv" -> "lu"; "Xi'an" -> "xian"). */
export function pinyinKey(spelling: string): string {
  return spelling
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/v/g, "u")
    .replace(/[^a-z]/g, "");
}

/** A tagger on jieba's default dictionary, for when the caller's tokenizer does not expose `tag`. */
export function createJiebaTagger(userWords: Iterable<string> = []): Tagger {
  const jieba = Jieba.withDict(dict);
  const lines = [...userWords].filter((w) => w.length > 1 && !/\s/.test(w)).map((w) => `${w} 1000 nz`);
  if (lines.length) jieba.loadDict(Buffer.from(lines.join("\n")));
  return { tag: (text) => jieba.tag(text, true) };
}

/**
 * Collects the proper names in `texts` (article bodies or chunks) and indexes them by toneless
 * pinyin. A name is a word jieba tags as a proper noun (or found by its HMM), a word directly
 * before a type word (清远 in 清远高新区, 中关村 in 中关村软件园), a surname joined to the given
 * name jieba split from it (邱 + 建华), or a run of such words (广东 + 聚石). Long names are indexed
 * whole and without their type word.
 *
 * Pass the tokenizer's tagger when it has one, so names taught to the tokenizer stay whole;
 * otherwise a tagger on jieba's default dictionary is used.
 */
export function buildNameLexicon(
  texts: Iterable<string>,
  tagger: Tagger = createJiebaTagger(),
  options: NameLexiconOptions = {},
): NameLexicon {
  return nameLexiconFromJSON(Object.fromEntries(nameLexiconEntries(texts, tagger, options)));
}

/** What `buildNameLexicon` finds, as entries (for a build, which only merges and stores them). */
export function nameLexiconEntries(
  texts: Iterable<string>,
  tagger: Tagger = createJiebaTagger(),
  options: NameLexiconOptions = {},
): NameLexiconEntries {
  const counts = new Map<string, { count: number; person: boolean }>();
  const add = (name: string, person: boolean) => {
    if (name.length < 2 || name.length > MAX_NAME_CHARS || !HAN.test(name) || TYPE_WORD_SET.has(name)) return;
    const seen = counts.get(name);
    if (seen) {
      seen.count++;
      seen.person ||= person;
    } else counts.set(name, { count: 1, person });
  };

  for (const text of texts) {
    const words = tagger.tag(text);
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1 && run.length <= 3) add(run.join(""), false);
      run = [];
    };
    for (let i = 0; i < words.length; i++) {
      const { word, tag } = words[i]!;
      if (!HAN.test(word)) {
        flush();
        continue;
      }
      const next = words[i + 1];
      // 邱/nr 建华/nz: a one-character surname that jieba cut off the given name.
      if (PERSON_TAGS.has(tag) && word.length === 1 && next && HAN.test(next.word) && next.word.length <= 2) {
        add(word + next.word, true);
        flush();
        i++;
        continue;
      }
      const beforeType = next !== undefined && TYPE_WORD_SET.has(next.word) && !NON_NAME_TAGS.test(tag);
      if (word.length >= 2 && (NAME_TAGS.has(tag) || beforeType) && !TYPE_WORD_SET.has(word)) {
        add(word, PERSON_TAGS.has(tag) || (tag === "x" && word.length === 3));
        const stem = stripTypeWord(word);
        if (stem) add(stem, false);
        if (beforeType) add(word + next.word, false);
        run.push(word);
      } else flush();
    }
    flush();
  }

  const minCount = options.minCount ?? 1;
  const byKey = new Map<string, Map<string, number>>();
  for (const [name, { count, person }] of counts) {
    if (count < minCount) continue;
    for (const key of namePinyinKeys(name, person)) {
      const names = byKey.get(key) ?? new Map<string, number>();
      byKey.set(key, names);
      names.set(name, (names.get(name) ?? 0) + count);
    }
  }
  const entries: NameLexiconEntries = [];
  for (const [key, names] of byKey) entries.push([key, [...names].sort((a, b) => b[1] - a[1])]);
  return entries;
}

export function nameLexiconFromJSON(data: NameLexiconData): NameLexicon {
  const byKey = new Map(Object.entries(data).map(([key, names]) => [key, names.map(([name]) => name)]));
  const names = new Set([...byKey.values()].flat());
  return {
    lookup: (key) => byKey.get(pinyinKey(key)) ?? [],
    has: (name) => names.has(name),
    get size() {
      return byKey.size;
    },
    toJSON: () => data,
  };
}

/** 清远高新区 -> 清远; undefined when the name has no type word or nothing name-like is left. */
function stripTypeWord(name: string): string | undefined {
  const suffix = TYPE_SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
  return suffix ? name.slice(0, -suffix.length) : undefined;
}

/**
 * Toneless pinyin keys of a name. People's names are also read with surname readings (单 shan, not
 * dan), since pinyin-pro's default reading of a surname can differ.
 */
function namePinyinKeys(name: string, person: boolean): readonly string[] {
  const memo = person ? PERSON_KEYS : PLACE_KEYS;
  const known = memo.get(name);
  if (known) return known;
  const plain = pinyinKey(pinyin(name, { toneType: "none", type: "array" }).join(""));
  let keys: readonly string[] = [plain];
  if (person) {
    const surname = pinyinKey(pinyin(name, { toneType: "none", type: "array", surname: "head" }).join(""));
    if (surname !== plain) keys = [plain, surname];
  }
  if (memo.size >= MAX_MEMO_NAMES) memo.clear();
  memo.set(name, keys);
  return keys;
}

/**
 * Keys already worked out, by name. A build reads every page's names, and the same names (places,
 * officials, companies) come back page after page: at 68,210 news pages pinyin-pro was a tenth of
 * reading a page. The keys of a name never change, so a memo is safe; it is emptied when full, which
 * bounds its memory whatever the archive.
 */
const PERSON_KEYS = new Map<string, readonly string[]>();
const PLACE_KEYS = new Map<string, readonly string[]>();
const MAX_MEMO_NAMES = 200_000;
