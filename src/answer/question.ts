/**
 * Question analysis: the language, the kind of fact asked for, and the content terms. The
 * extractive answerer uses the fact type to prefer a sentence that can actually answer (a year
 * question wants a year, 谁 wants a person).
 */
import { isCjk } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";

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
}

/** Measure words and units that follow 几 / 多少 in questions and a number in answers. */
const UNITS =
  "家|个|名|位|项|亩|年|月|天|次|倍|人|户|所|座|台|套|条|元|亿元|万元|亿美元|万美元|亿|万|平方米|万平方米|公里|千米|米|吨|万吨|%";
const UNIT_AFTER_QUESTION = new RegExp(`(?:几|多少)(${UNITS})`);

const ZH_PATTERNS: [FactType, RegExp][] = [
  ["year", /哪一?年|何年|哪个年份|什么年份/],
  ["time", /什么时候|何时|哪一?天|几月|哪个月|什么时间|多久/],
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
  ["number", /\bhow (?:many|much|big|large|far|high)\b|\bwhat (?:percentage|share|rank|proportion)\b/i],
  ["org", /\bwhich (?:company|firm|institute|organi[sz]ation|university|group|zone|park)\b/i],
  ["list", /\bwhat are\b|\bwhich\b.*\bare\b/i],
];

export function analyzeQuestion(question: string, tokenizer: Tokenizer): QuestionAnalysis {
  const language = [...question].some((c) => isCjk(c) && /\p{Script=Han}/u.test(c)) ? "zh" : "en";
  const patterns = language === "zh" ? ZH_PATTERNS : EN_PATTERNS;
  const factType = patterns.find(([, re]) => re.test(question))?.[0] ?? "other";
  const terms = [...new Set(tokenizer.contentWords(question))].filter((t) => !/^[几第多少]+$/.test(t));
  let unit: string | undefined;
  if (factType === "number") unit = /第几/.test(question) ? "第" : question.match(UNIT_AFTER_QUESTION)?.[1];
  return { language, factType, terms, unit };
}
