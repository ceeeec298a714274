/**
 * Organisation and zone names in running text, found by their generic endings (有限公司, 集团,
 * 高新区 …) and the run of nouns and names before them. Used to check that a passage is about the
 * entity a question names, and to build the corpus's user dictionary.
 */
import type { Tokenizer } from "./tokenizer.js";

/** Generic endings of organisation and zone names. */
export const ORG_SUFFIX =
  /(股份有限公司|有限责任公司|有限公司|控股集团|集团|公司|研究院|研究所|科创园|软件园|产业园|科技园|创新园|工业园|高新区|经开区|开发区|科学城|智谷|创新港|大学|学院|银行|协会|中心)/;

export interface NamedEntity {
  /** The distinctive part: 荆门 in 荆门科创园, 广东聚石化学 in 广东聚石化学股份有限公司. */
  core: string;
  suffix: string;
}

/**
 * A name is a run of nouns, names, numbers and unknown words; a verb or measure word ends it
 * ("签约入驻保定中关村数字经济产业园" -> 保定中关村数字经济 + 产业园).
 */
export function findEntities(
  text: string,
  tokenizer: Tokenizer,
  skip: (word: string) => boolean = () => false,
): NamedEntity[] {
  const runs: { word: string; tag: string }[][] = [];
  let run: { word: string; tag: string }[] = [];
  for (const t of tokenizer.tag(text)) {
    // jieba tags some name parts as verbs (创新 in 白银创新港, 自贡) or as distinguishing words (新余).
    // Those join a name too; a verb does not when it is one of the verbs news uses around names
    // (签约入驻保定…, 迁入嘉兴…).
    const kind = tagKind(t.tag);
    const tagOk = kind === NAME_PART || (kind === VERB && !NEWS_VERBS.has(t.word));
    // "西宁·科创人工智能产业园": the middle dot joins a city to its park's name.
    const dot = (t.word === "·" || t.word === "•") && run.length > 0;
    const nameLike = dot || (tagOk && isWordy(t.word) && !skip(t.word));
    if (nameLike) run.push(t);
    else {
      if (run.length) runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  const out: NamedEntity[] = [];
  for (const words of runs) {
    // Dates and counts before a name belong to the sentence ("2019年一季度温州科学城").
    while (words.length && (/^[mtq]/.test(words[0]!.tag) || TIME_OR_COUNT.test(words[0]!.word)))
      words.shift();
    // A verb before a place or person name is the sentence's ("报名白银软件园"), unless it is the only
    // candidate for the name itself (自贡, which jieba tags as a verb).
    while (
      words.length > 1 &&
      words[0]!.tag.startsWith("v") &&
      words.slice(1).some((w) => /^(?:ns|nr|nz|nt|j)/.test(w.tag))
    )
      words.shift();
    const r = words.map((w) => w.word).join("");
    const m = ORG_SUFFIX.exec(r);
    if (m && m.index >= 2 && !GENERIC_CORE.test(r.slice(0, m.index)))
      out.push({ core: r.slice(0, m.index), suffix: m[1]! });
  }
  return out;
}

const NAME_PART = 1;
const VERB = 2;
/** By tag: whether a word so tagged may be part of a name (NAME_PART), only if not a news verb (VERB), or not (0). */
const TAG_KINDS = new Map<string, number>();

/**
 * What a tag says of its word's place in a name. A build asks it for every word of every page (~20
 * million at 68,210 news pages), and a page's tags are a few dozen strings: the two tests are made
 * once a tag.
 */
function tagKind(tag: string): number {
  let kind = TAG_KINDS.get(tag);
  if (kind === undefined) {
    kind = /^(?:n|eng|m|j|x|un|a|b)/.test(tag) ? NAME_PART : tag.startsWith("v") ? VERB : 0;
    if (TAG_KINDS.size < 1024) TAG_KINDS.set(tag, kind);
  }
  return kind;
}

/**
 * A word that is neither blank nor punctuation only. Most words start with an ideograph, which
 * settles it without the two tests.
 */
function isWordy(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c >= 0x4e00 && c <= 0x9fff) return true;
  return word.trim() !== "" && !/^\p{P}+$/u.test(word);
}

/**
 * Words before a generic ending that make a kind or a reference, not a name: 国家级高新区, 省级开发区,
 * 全省高新区, 该公司, 其他园区.
 */
const GENERIC_CORE =
  /^(?:国家级?|省级|市级|全国|全省|全市|首批|新一批|所在|当地|周边|相关|其他|其它|多个|一批|这些|各地)$|^[该本此其这各]/;

const TIME_OR_COUNT =
  /^(?:[\d.]+|[一二三四五六七八九十百千万两]+)(?:年|月|日|季度|个|家|项|名)?$|季度$|^(?:今年|去年|明年|近日|目前|工作日|首日|当天|当日|日前|上午|下午|年初|年底|年末|月初|月底)$/;

/** Verbs that stand next to names in news sentences but are never part of one. */
const NEWS_VERBS = new Set(
  (
    "请问 请 问 想 知道 是 有 在 为 担任 任 签约 签署 签订 入驻 进驻 迁入 落户 位于 来自 走进 举行 举办 建设 投资 开工 启动 " +
    "引进 实现 完成 开展 推进 打造 成立 创办 组建 上市 获得 荣获 入选 发布 召开 参加 出席 表示 介绍 " +
    "告诉 认为 说 升级 成为 达到 增长 提升 计划 预计 包括 涵盖 整合 合作 建成 投产 签 在做 做"
  ).split(/\s+/),
);
