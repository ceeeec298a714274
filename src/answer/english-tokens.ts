/**
 * An English question as word, number and Han tokens, and the dates and numbers among them in
 * the forms the paper prints (January 25 -> 1月25日, 2.7 billion yuan -> 27亿元), for the English
 * query mapper (english-query.ts).
 */

/** English to Chinese lookups: CC-CEDICT (cedict-dictionary.ts) by default, any other in tests. */
export interface EnglishChineseDictionary {
  /** Simplified Chinese renderings of a lower-case English word or phrase, best first; [] when unknown. */
  lookup(english: string): string[];
  /** Chinese proper names spelled `key` in toneless pinyin ("qingdao" -> 青岛); [] when unknown. */
  lookupName(key: string): string[];
}

export interface Token {
  raw: string;
  lower: string;
  kind: "word" | "number" | "han";
  capitalised: boolean;
  /** First token of the question, capitalised by grammar rather than because it is a name. */
  initial: boolean;
}

export function tokenize(question: string): Token[] {
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

/**
 * Dates and numbers in the forms the paper prints: January 25 / 25 January -> 1月25日,
 * January 2021 -> 2021年1月, 2020 -> 2020年 (a year unless a quantity word follows),
 * 96th -> 第96, 71 percent -> 71%, 2.7 billion yuan -> 27亿元.
 */
export function matchDateOrNumber(tokens: Token[], i: number): { length: number; zh: string[] } | undefined {
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
