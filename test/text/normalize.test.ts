/**
 * Text normalisation, the first step for questions, pages and button data: invisible and control
 * characters go, NFKC folds full-width digits and letters (but not Chinese punctuation, which every
 * quote keeps), whitespace collapses; politeness is taken off a question before search.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compact,
  foldFullWidth,
  foldSymbols,
  normalizeText,
  stripPoliteness,
  verbatimCompact,
} from "../../src/text/normalize.js";

const Q = "清远高新区在2020年度国家高新区评价中综合排名第几？";
const SEED = "corpus/科技日报/2021-04/000_f28b1bf4d582b9a4.txt";

describe("normalizing text", () => {
  it.each([
    ["zero-width space", "\u200b"],
    ["zero-width non-joiner", "\u200c"],
    ["zero-width joiner", "\u200d"],
    ["word joiner", "\u2060"],
    ["byte-order mark", "\ufeff"],
    ["left-to-right mark", "\u200e"],
    ["right-to-left mark", "\u200f"],
    ["left-to-right embedding", "\u202a"],
    ["right-to-left embedding", "\u202b"],
    ["pop directional formatting", "\u202c"],
    ["left-to-right override", "\u202d"],
    ["right-to-left override", "\u202e"],
    ["left-to-right isolate", "\u2066"],
    ["right-to-left isolate", "\u2067"],
    ["first strong isolate", "\u2068"],
    ["pop directional isolate", "\u2069"],
    ["soft hyphen", "\u00ad"],
    ["variation selector", "\ufe0f"],
    ["bell (C0 control)", "\u0007"],
    ["escape (C0 control)", "\u001b"],
    ["delete", "\u007f"],
    ["C1 control", "\u009b"],
  ])("removes a %s wherever it stands", (_name, ch) => {
    const inside = Q.replace("清远高新区", `清远${ch}高新区`);
    for (const text of [`${ch}${Q}`, `${Q}${ch}`, inside, `${ch}${inside}${ch}${ch}`]) {
      expect(normalizeText(text)).toBe(Q);
      expect(normalizeText(text, { page: true })).toBe(Q);
    }
  });

  it("folds full-width digits and letters and compatibility ideographs (NFKC)", () => {
    expect(normalizeText("２０２０年度ＡＢＣ公司")).toBe("2020年度ABC公司");
    expect(normalizeText("\uf90a")).toBe("金");
    expect(normalizeText("ｶﾀｶﾅ")).toBe("カタカナ");
  });

  it("keeps the punctuation Chinese is printed with, so quotes from pages read as printed", () => {
    const printed = "据介绍，（一期）占地158亩；总投资约3亿元！是否……？“好”：①②③ 面积100m²";
    expect(normalizeText(printed)).toBe(printed);
    expect(normalizeText(printed, { page: true })).toBe(printed);
  });

  it("keeps unit and numeral symbols as printed, and compares them spelled out", () => {
    const printed = "气温16.95℃，启动Ⅳ级应急响应，面积3000㎡，№5";
    expect(normalizeText(printed)).toBe(printed);
    expect(normalizeText(printed, { page: true })).toBe(printed);
    expect(compact(printed)).toBe(compact("气温16.95°C，启动IV级应急响应，面积3000m2，No5"));
    expect(verbatimCompact(printed)).not.toBe(
      verbatimCompact("气温16.95°C，启动IV级应急响应，面积3000m2，No5"),
    );
  });

  it("compacts character by character exactly as its steps do over the whole text", () => {
    // What each step treats specially: whitespace of every kind, full-width forms, capitals of
    // several scripts, Σ (σ or ς by what follows), İ (two characters in lower case), printed symbols
    // NFKC spells out, astral letters and lone surrogates, beside plain Chinese and punctuation.
    const pieces = [
      ..."高新区项目签约。，、“”（）：；！？…—·",
      ..."ABCabcÀÉÖΑΒΣσςДЖİı019",
      ..."ＡＢｚ１２，（）：＄",
      ..."℃℉№™ⅣⅫ㎡㎏",
      " ",
      "\n",
      "\t",
      "\u3000",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "\u200b",
      "𝒜",
      "𐐀",
      "😀",
      "\ud800",
      "\udc00",
    ];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 3000; n++) {
      const text = Array.from(
        { length: Math.floor(rand() * 30) },
        () => pieces[Math.floor(rand() * pieces.length)],
      ).join("");
      expect(compact(text)).toBe(verbatimCompact(foldSymbols(text)));
    }
  });

  it("collapses whitespace in a question to single spaces and trims it", () => {
    expect(normalizeText("  What  is\tthe\n\nranking\u3000of\u00a0Qingyuan?\u2028 ")).toBe(
      "What is the ranking of Qingyuan?",
    );
  });

  it("keeps a page's layout: indents, spaces and tabs as they are, every kind of line break as \\n", () => {
    const page =
      "\u3000\u3000第一行  有   空格 \r\n  第二行\r第三行\u2028第四行\u2029第五行\u0085第六行\f第七行\t列\n";
    expect(normalizeText(page, { page: true })).toBe(
      "\u3000\u3000第一行  有   空格 \n  第二行\n第三行\n第四行\n第五行\n第六行\n第七行\t列\n",
    );
  });
});

describe("normalizing a clean page", () => {
  it("leaves it exactly as it is, so segmentation reads the layout it was given", async () => {
    const seed = await readFile(join(import.meta.dirname, "..", "..", SEED), "utf8");
    expect(normalizeText(seed, { page: true })).toBe(seed);
    // People's Daily pages keep paragraph indents as two ideographic spaces; segmentation reads them.
    const indented =
      "梨花开处好种田\n\u3000\u3000本报记者（王晓明）今年春天，\n果农的日子越过越红火。\n\u3000\u3000核心阅读\n";
    expect(normalizeText(indented, { page: true })).toBe(indented);
  });
});

describe("taking politeness off a question", () => {
  it.each([
    [`${Q}谢谢`],
    [`${Q}谢谢你`],
    [`${Q}，谢谢！`],
    [`请问${Q}`],
    [`你好，请问${Q}`],
    [Q.replace("？", "吗？")],
    [`你知道${Q.replace("？", "吗？")}`],
  ])("reads %s as the plain question", (polite) => {
    expect(stripPoliteness(polite)).toBe(Q);
  });

  it.each([
    ["What is the ranking of Qingyuan, please?", "What is the ranking of Qingyuan?"],
    ["Please, who is the general manager?", "who is the general manager?"],
    ["Who founded it? Thanks!", "Who founded it?"],
    ["Hi, who is it? thank you very much", "who is it?"],
  ])("reads %s as %s", (polite, plain) => {
    expect(stripPoliteness(polite)).toBe(plain);
  });

  it.each([
    ["a yes-or-no 吗 question", "清远高新区是否进入前100名吗？"],
    ["a message that is only thanks", "谢谢！"],
    ["an English thank-you", "Thank you"],
    ["words that only start like a greeting", "Hi-tech zone ranking?"],
    ["a word that only ends like please", "Does the result displease them?"],
  ])("leaves %s as it is", (_what, text) => {
    expect(stripPoliteness(text)).toBe(text);
  });
});

describe("folding full-width ASCII", () => {
  const byRegex = (t: string) =>
    t.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

  it("folds exactly the full-width forms of ASCII, one for one, and nothing else", () => {
    expect(foldFullWidth("ＧＲＢ　０９０４２３，“停止！！云雀”：ｗｏｗ～")).toBe(
      "GRB　090423,“停止!!云雀”:wow~",
    );
    // The neighbours of the block are left alone: U+FF00 and U+FF5F (the full-width white parenthesis).
    expect(foldFullWidth("\uff00\uff5f")).toBe("\uff00\uff5f");
  });

  it("agrees with a character-by-character fold on the seed page and on random text", async () => {
    const page = await readFile(join(import.meta.dirname, "../..", SEED), "utf8");
    expect(foldFullWidth(page)).toBe(byRegex(page));
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const alphabet = ["a", "，", "。", "Ａ", "１", "\uff00", "\uff5e", "\uff5f", "中", "😀", " "];
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join("");
      expect(foldFullWidth(text)).toBe(byRegex(text));
    }
  });
});
