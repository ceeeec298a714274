import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createCedictDictionary } from "../../src/answer/cedict-dictionary.js";
import {
  createEnglishQueryMapper,
  type EnglishChineseDictionary,
  isEnglishQuestion,
} from "../../src/answer/english-query.js";
import { readPage } from "../../src/ingest/read-page.js";
import { buildNameLexicon, type NameLexicon, nameLexiconFromJSON } from "../../src/text/name-lexicon.js";
import { REPO_CORPUS } from "../support/seed-index.js";

const SEED = join(REPO_CORPUS, "科技日报", "2021-04", "000_f28b1bf4d582b9a4.txt");

let lexicon: NameLexicon;
const dictionary = createCedictDictionary();

beforeAll(async () => {
  const page = await readPage(SEED, REPO_CORPUS);
  lexicon = buildNameLexicon(page.articles.map((a) => `${a.title}\n${a.text}`));
  dictionary.lookup("warm up"); // loads CC-CEDICT once (about a second)
}, 30_000);

describe("the corpus's own names, by pinyin", () => {
  it("finds places, organisations and people of the seed page by their toneless pinyin", () => {
    expect(lexicon.lookup("qingyuan")).toContain("清远");
    expect(lexicon.lookup("Zhongguancun")).toContain("中关村");
    expect(lexicon.lookup("zhangjinhui")).toContain("张金辉");
    expect(lexicon.lookup("Zhang Jinhui")).toContain("张金辉");
    expect(lexicon.lookup("qiujianhua")).toContain("邱建华"); // jieba splits it as 邱 + 建华
    expect(lexicon.lookup("jushi")).toContain("聚石"); // 广东聚石化学股份有限公司
  });

  it("indexes a name with its type word whole and without it", () => {
    expect(lexicon.has("中关村软件园")).toBe(true);
    expect(lexicon.lookup("zhongguancunruanjianyuan")).toContain("中关村软件园");
    expect(lexicon.lookup("xiuzhou")).toContain("秀洲"); // from 秀洲高新区
  });

  it("has no entry for a place the paper never mentions", () => {
    expect(lexicon.lookup("qingdao")).toEqual([]);
  });

  it("reads a name as a person's, with its surname reading, whatever it was read as on an earlier page", () => {
    // The same name tagged a place on one page and a person on a later one: a build reads page after
    // page, and the keys worked out for the place must not stand in for the person's.
    const tagged = (tag: string) => ({ tag: () => [{ word: "单田芳", tag }] });
    const asPlace = buildNameLexicon(["page one"], tagged("ns"));
    const asPerson = buildNameLexicon(["page two"], tagged("nr"));
    expect(asPlace.lookup("dantianfang")).toEqual(["单田芳"]);
    expect(asPlace.lookup("shantianfang")).toEqual([]);
    expect(asPerson.lookup("shantianfang")).toEqual(["单田芳"]);
    expect(asPerson.lookup("dantianfang")).toEqual(["单田芳"]);
    // Read again, the keys are the same.
    expect(buildNameLexicon(["page three"], tagged("nr")).toJSON()).toEqual(asPerson.toJSON());
  });

  it("survives a round trip through JSON, for storing beside the index", () => {
    const copy = nameLexiconFromJSON(JSON.parse(JSON.stringify(lexicon.toJSON())));
    expect(copy.size).toBe(lexicon.size);
    expect(copy.lookup("qingyuan")).toEqual(lexicon.lookup("qingyuan"));
  });
});

describe("English questions mapped to Chinese queries", () => {
  const mapper = () => createEnglishQueryMapper({ lexicon, dictionary });

  it("maps the STAR Market listing question to the words of its evidence sentence", () => {
    const { query, unmapped } = mapper().toChinese("Which company listed on the STAR Market on January 25?");
    const words = query.split(" ");
    expect(words).toEqual(expect.arrayContaining(["科创板", "上市", "1月25日", "公司"]));
    expect(unmapped).toEqual([]);
  });

  it("maps the software park question to the park, its parts and the role", () => {
    const { query, terms } = mapper().toChinese("Who is the general manager of Zhongguancun Software Park?");
    expect(query.split(" ")).toEqual(expect.arrayContaining(["中关村", "软件园", "总经理", "中关村软件园"]));
    expect(terms.find((t) => t.en === "Zhongguancun")).toMatchObject({ zh: ["中关村"], kind: "corpus-name" });
    expect(terms.find((t) => t.en === "general manager")?.zh).toEqual(["总经理"]);
  });

  it("maps pinyin names to the corpus's spelling, in either name order", () => {
    const m = mapper();
    expect(m.toChinese("What ranking did Qingyuan High-tech Zone get in 2020?").query.split(" ")).toEqual(
      expect.arrayContaining(["清远", "高新区", "清远高新区", "排名", "2020年"]),
    );
    expect(m.toChinese("Who is Zhang Jinhui?").query).toBe("张金辉");
    expect(m.toChinese("Who is Jinhui Zhang?").query).toBe("张金辉");
    expect(m.toChinese("What drug is qiu jianhua developing?").query).toContain("邱建华");
  });

  it("marks a place the corpus lacks as a dictionary name, so the answerer can abstain", () => {
    const { terms } = mapper().toChinese("Who is the general manager of Qingdao Software Park?");
    expect(terms.find((t) => t.en === "Qingdao")).toMatchObject({ zh: ["青岛"], kind: "dictionary-name" });
  });

  it("writes dates, years and amounts the way the paper prints them", () => {
    const m = mapper();
    expect(m.toChinese("What happened on 25 January 2021?").query).toContain("2021年1月25日");
    expect(m.toChinese("How many firms were added in 2020?").query.split(" ")).toContain("2020年");
    expect(m.toChinese("Which park covers 2000 mu?").query.split(" ")).toContain("2000");
    expect(m.toChinese("Which project invested 2.7 billion yuan?").query.split(" ")).toContain("27亿元");
    expect(m.toChinese("Which zone ranked 96th?").query.split(" ")).toContain("第96");
  });

  it("falls back to CC-CEDICT for everyday words the curated table lacks", () => {
    const { query } = mapper().toChinese("Which drug treats stomach bacteria infection?");
    expect(query.split(" ")).toEqual(expect.arrayContaining(["胃", "感染"]));
  });

  it("keeps Chinese characters and acronyms in a mixed question as they are", () => {
    const { query } = mapper().toChinese("Which 5G projects did 张金辉 mention?");
    expect(query.split(" ")).toEqual(expect.arrayContaining(["5G", "张金辉", "项目"]));
  });

  it("does not crash on unknown words, and reports them", () => {
    const result = mapper().toChinese("Does Blorfington zzyzx the Qingyuan quux?");
    expect(result.query.split(" ")).toContain("清远");
    expect(result.unmapped).toEqual(expect.arrayContaining(["Blorfington", "zzyzx", "quux"]));
  });

  it("returns an empty query when nothing in the question can be mapped", () => {
    expect(mapper().toChinese("What is it?")).toMatchObject({ query: "", terms: [] });
    expect(mapper().toChinese("")).toMatchObject({ query: "", terms: [], unmapped: [] });
  });

  it("works without a lexicon, and with any dictionary passed in", () => {
    const tiny: EnglishChineseDictionary = {
      lookup: (en) => (en === "bridge" ? ["大桥"] : []),
      lookupName: () => [],
    };
    const { query, unmapped } = createEnglishQueryMapper({ dictionary: tiny }).toChinese(
      "When did the bridge in Qingyuan open?",
    );
    expect(query).toBe("大桥");
    expect(unmapped).toEqual(expect.arrayContaining(["Qingyuan", "open"]));
  });
});

describe("isEnglishQuestion", () => {
  it("tells English questions from Chinese ones", () => {
    expect(isEnglishQuestion("Who is the general manager of Zhongguancun Software Park?")).toBe(true);
    expect(isEnglishQuestion("Who is the general manager of 中关村软件园?")).toBe(true);
    expect(isEnglishQuestion("中关村软件园总经理是谁？")).toBe(false);
    expect(isEnglishQuestion("5G企业有哪些？")).toBe(false);
  });
});
