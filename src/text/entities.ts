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
    const nameLike =
      /^(?:n|eng|m|j|x|un|a)/.test(t.tag) &&
      t.word.trim() !== "" &&
      !/^\p{P}+$/u.test(t.word) &&
      !skip(t.word);
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
    const r = words.map((w) => w.word).join("");
    const m = ORG_SUFFIX.exec(r);
    if (m && m.index >= 2) out.push({ core: r.slice(0, m.index), suffix: m[1]! });
  }
  return out;
}

const TIME_OR_COUNT =
  /^(?:[\d.]+|[一二三四五六七八九十百千万两]+)(?:年|月|日|季度|个|家|项|名)?$|季度$|^(?:今年|去年|明年|近日|目前)$/;
