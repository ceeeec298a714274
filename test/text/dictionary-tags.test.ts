import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { describe, expect, it } from "vitest";
import { createDictionaryTags } from "../../src/text/dictionary-tags.js";
import { mulberry32 } from "../../src/text/seeded-random.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import { NEW_ZONE_PAGE } from "../support/pages.js";
import { REPO_CORPUS } from "../support/seed-index.js";

const SEED = readFileSync(join(REPO_CORPUS, "科技日报", "2021-04", "000_f28b1bf4d582b9a4.txt"), "utf8");
const jieba = Jieba.withDict(dict);
const native = (text: string) => jieba.tag(text, true).map((t) => ({ word: t.word, tag: t.tag }));

/** Texts of every kind of word jieba's tag has a rule for: dictionary words, Latin, digits, both, neither. */
const MIXED = [
  "5G网络覆盖率达到98.5%，iPhone15和ＡＢＣ公司的4S店在2021年开业。",
  "GRB 090423是一次伽马射线暴；Wow!信号；停止！！云雀",
  "温度为25℃，第Ⅳ期，编号No.7 A-B_c，😀表情，𠀀字，  两个空格",
  "x86架构、H2O、3D打印、COVID-19疫情、AI大模型、O2O、B2B、4s店",
];

/** Strings drawn from ideographs, Latin letters, digits, punctuation, spaces and symbols. */
function randomTexts(count: number): string[] {
  const random = mulberry32(20261205);
  const pools = [
    "的是在高新区企业科技创新发展中国",
    "abcXYZ",
    "0123456789",
    "，。！？、“”（）-_.%",
    " \t",
    "℃Ⅳ㎡😀",
  ];
  return Array.from({ length: count }, () => {
    let s = "";
    for (let i = 0; i < 40; i++) {
      const pool = pools[Math.floor(random() * pools.length)]!;
      s += [...pool][Math.floor(random() * [...pool].length)];
    }
    return s;
  });
}

describe("tags from the dictionary", () => {
  const tagOf = createDictionaryTags();
  const fromDictionary = (text: string) => jieba.cut(text, true).map((word) => ({ word, tag: tagOf(word) }));

  it("give jieba's own words and tags for a real page, mixed scripts and random strings", () => {
    const texts = [...SEED.split(/\n+/), NEW_ZONE_PAGE, ...MIXED, ...randomTexts(300)];
    let words = 0;
    for (const text of texts) {
      const expected = native(text);
      words += expected.length;
      expect(fromDictionary(text)).toEqual(expected);
    }
    expect(words).toBeGreaterThan(5000);
  });

  it("tag an unknown word by its ASCII letters and digits, and a listed word by its first entry", () => {
    const tags = createDictionaryTags(Buffer.from("甲乙 5 ns\n甲乙 9 v\n丙丁 3 nr\n"));
    expect(tags("甲乙")).toBe("ns");
    expect(tags("丙丁")).toBe("nr");
    expect(tags("abc12")).toBe("eng");
    expect(tags("2021")).toBe("m");
    expect(tags("戊己")).toBe("x");
  });
});

describe("a tokenizer tagging from the dictionary", () => {
  it("tags as jieba does until it is taught, then tags a taught name as jieba does", () => {
    const tokenizer = createTokenizer({ dictionaryTags: true });
    const plain = createTokenizer();
    const text = "星迪电子在衡水高新区签约，iPhone15和5G网络。";
    for (const t of [text, ...MIXED, ...SEED.split(/\n+/)]) expect(tokenizer.tag(t)).toEqual(plain.tag(t));
    tokenizer.addWords(["星迪电子"]);
    const tagged = tokenizer.tag(text);
    expect(tagged.find((t) => t.word === "星迪电子")?.tag).toBe("nz");
    expect(tagged.map((t) => t.word)).toContain("衡水");
  });
});
