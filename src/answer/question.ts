/**
 * Question analysis: the language, the kind of fact asked for, and the content terms. The
 * extractive answerer uses the fact type to prefer a sentence that can actually answer (a year
 * question wants a year, 谁 wants a person).
 */

import { findEntities } from "../text/entities.js";
import { isCjk } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";
import { QUESTION_UNITS } from "./lexicon.js";
import { synonymsOf } from "./synonyms.js";

export type FactType = "number" | "year" | "time" | "person" | "place" | "org" | "reason" | "list" | "other";

export interface QuestionAnalysis {
  language: "zh" | "en";
  factType: FactType;
  /** Content words (stopwords and question words removed), each once. */
  terms: string[];
  /**
   * For number questions, the measure word the answer must carry: 几家 -> 家, 多少亩 -> 亩,
   * 第几 -> 第. Undefined when the question names none.
   */
  unit?: string;
  /**
   * The attribute asked about: the content word just before the question word ("总经理是谁" ->
   * 总经理, "占地多少亩" -> 占地), or the last content word when the question word comes first
   * ("谁是X公司的董事长" -> 董事长). An answer must contain it (or a synonym).
   */
  attribute?: string;
  /**
   * Named organisations and places in the question, split into a distinctive core and a generic
   * suffix ("荆门科创园" -> 荆门 + 科创园). A passage about 荆门智峰…公司 shares the city but is
   * about another entity: the core must appear whole.
   */
  entities: { core: string; suffix: string }[];
}

/** Question words, after which (or before which) the attribute stands. */
const QUESTION_WORD =
  /^(?:谁|多少|几|第几|什么|哪|哪个|哪些|哪里|哪儿|哪一年|哪年|哪位|何时|何地|多大|多高|多长|多久|如何|怎样|怎么|为什么|为何)/;

/**
 * Generic measure nouns a question adds around the real attribute ("开工时间", "报名项目数量");
 * the article says "于2016年7月开工" and "183个项目报名", so they are skipped, not required.
 */
const GENERIC = new Set([
  "数量",
  "数目",
  "时间",
  "日期",
  "年份",
  "月份",
  "金额",
  "规模",
  "情况",
  "总数",
  "名字",
  "名称",
  "年数",
  "次数",
  "天数",
]);

/** Function words skipped when looking for the attribute next to the question word. */
const FILLER = new Set([
  "是",
  "第",
  "有",
  "的",
  "为",
  "达",
  "达到",
  "一共",
  "共",
  "共有",
  "总共",
  "约",
  "了",
  "在",
  "排",
  "位于",
]);

const UNITS = QUESTION_UNITS;
const UNIT_AFTER_QUESTION = new RegExp(`(?:几|多少)(${UNITS})`);
const UNIT_WORD = new RegExp(`^(?:${UNITS})$`);
const UNIT_AFTER_QUESTION_ALL = new RegExp(`(?:几|多少)(?:${UNITS})`, "g");
/** Endings of zone and park names, where a name ends unless 区 follows (科技园区 is one word). */
const NAME_END =
  /(?:科创园|软件园|产业园|科技园|创新园|工业园|高新区|经开区|开发区|科学城|智谷|创新港)(?![区\s])/g;

const ZH_PATTERNS: [FactType, RegExp][] = [
  // "哪年哪月" wants the month too: a time, not a year.
  ["time", /哪一?年(?:哪|几)个?月|何年何月|几月|哪个月/],
  ["year", /哪一?年|何年|哪个年份|什么年份/],
  ["time", /什么时候|何时|哪一?天|什么时间|多久/],
  ["person", /谁|哪位|什么人|何人|叫什么名字/],
  ["reason", /为什么|为何|什么原因|原因是|怎么会/],
  ["place", /哪里|哪儿|在哪|何地|什么地方|哪个(?:城市|省|地区|国家)/],
  ["org", /哪(?:个|家|所)(?:公司|企业|研究院|机构|单位|学院|大学|集团|高新区|园区)|什么(?:公司|企业|机构)/],
  ["number", /多少|几|多大|多高|多长|多远|比例|占比|百分之|第几|排名/],
  ["list", /哪些|有什么|包括什么|都有/],
];

const EN_PATTERNS: [FactType, RegExp][] = [
  ["year", /\bwhat year\b|\bwhich year\b/i],
  ["time", /\bwhen\b|\bwhat date\b|\bhow long\b/i],
  ["person", /\bwho\b|\bwhose\b|\bwhom\b/i],
  ["reason", /\bwhy\b/i],
  ["place", /\bwhere\b/i],
  [
    "number",
    /\bhow (?:many|much|big|large|far|high)\b|\bwhat (?:percentage|share|rank|proportion)\b|\brank(?:ing|ed)?\b/i,
  ],
  ["org", /\bwhich (?:company|firm|institute|organi[sz]ation|university|group|zone|park)\b/i],
  ["list", /\bwhat are\b|\bwhich\b.*\bare\b/i],
];

export function analyzeQuestion(asked: string, tokenizer: Tokenizer): QuestionAnalysis {
  // "多少家高企": keep the measure word apart, or jieba glues it to the noun (家高企).
  // "…创新园总建筑面积": end the name at its generic ending, or jieba glues 园总 and loses both.
  const question = asked.replace(UNIT_AFTER_QUESTION_ALL, "$& ").replace(NAME_END, "$& ");
  const language = [...question].some((c) => isCjk(c) && /\p{Script=Han}/u.test(c)) ? "zh" : "en";
  const patterns = language === "zh" ? ZH_PATTERNS : EN_PATTERNS;
  const factType = patterns.find(([, re]) => re.test(question))?.[0] ?? "other";
  const terms = [...new Set(tokenizer.contentWords(question))].filter(
    (t) => !/^[几第多少]+$/.test(t) && !GENERIC.has(t) && !QUESTION_WORD.test(t),
  );
  let unit: string | undefined;
  if (factType === "number") unit = /第几/.test(question) ? "第" : question.match(UNIT_AFTER_QUESTION)?.[1];
  return {
    language,
    factType,
    terms,
    unit,
    attribute: deputy(question, findAttribute(question, tokenizer, terms)),
    entities: findEntities(question, tokenizer, (w) => QUESTION_WORD.test(w) || FILLER.has(w)),
  };
}

function findAttribute(question: string, tokenizer: Tokenizer, terms: string[]): string | undefined {
  const words = tokenizer.words(question).map((w) => w.toLowerCase());
  // jieba may cut 多大 / 多高 into two words.
  const q = words.findIndex(
    (w, i) => QUESTION_WORD.test(w) || (w === "多" && /^[大高长远久重宽深少]/.test(words[i + 1] ?? "")),
  );
  if (q < 0) return undefined;
  const isTerm = (w: string) => terms.includes(w) && !FILLER.has(w);
  const qEnd = words[q] === "多" ? q + 1 : q;
  const after = words.slice(qEnd + 1).filter((w) => isTerm(w) && !UNIT_WORD.test(w));
  if (after.length > 0) {
    // "多少员工", "几家企业": the counted noun follows the quantity word (past a measure word).
    if (/^(?:多少|几)/.test(words[q]!)) {
      const next = UNIT_WORD.test(words[q + 1] ?? "") ? words[q + 2] : words[q + 1];
      if (next && isTerm(next)) return next;
    }
    // "哪一年从美国留学回国的", "谁是X公司的董事长": the attribute closes the question.
    return after.at(-1);
  }
  // "总经理是谁", "占地多少亩", "综合排名第几": the attribute stands before the question word.
  for (let i = q - 1; i >= 0 && i >= q - 4; i--) {
    const w = words[i]!;
    // "用地面积是多少": the attribute is the phrase 用地面积, not its last word 面积.
    const phrase = `${words[i - 1] ?? ""}${w}`;
    if (isTerm(w) && isTerm(words[i - 1] ?? "") && synonymsOf(phrase).length > 1) return phrase;
    if (isTerm(w)) return w;
    // "排名稳步攀升的年数是多少": the measure noun stands for the attribute before it.
    if (!FILLER.has(w) && !GENERIC.has(w)) break;
  }
  return undefined;
}

/** "副主任" is another role than 主任: keep 副 when the question writes it before the attribute. */
function deputy(question: string, attribute: string | undefined): string | undefined {
  return attribute && question.includes(`副${attribute}`) ? `副${attribute}` : attribute;
}
