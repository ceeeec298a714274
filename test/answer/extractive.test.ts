import { describe, expect, it } from "vitest";
import { decomposeQuestion } from "../../src/answer/decompose.js";
import { createExtractiveAnswerer } from "../../src/answer/extractive.js";
import { analyzeQuestion } from "../../src/answer/question.js";
import { createTokenizer } from "../../src/text/tokenizer.js";
import type { Passage } from "../../src/types.js";

const tokenizer = createTokenizer();
const answerer = createExtractiveAnswerer({ tokenizer, termWeight: () => 1 });

/**
 * The short answer the answerer finds and quotes under: it leads the reply only when the model is
 * sure enough, but it must be the right one whenever it is found.
 */
async function shortAnswer(question: string, passages: Passage[], a = answerer) {
  const d = await a.answer(question, passages);
  const found = a.best(question, passages).best;
  return { d, span: found?.span };
}

function passage(text: string, title = "", n = 1): Passage {
  return { id: `p${n}`, title, source: "x.txt", article: 0, seq: 0, text, rank: n, score: 1 };
}

describe("the extractive answerer", () => {
  it("does not answer a question about one year from a passage about another", async () => {
    const p = passage("统计数据显示，2018年一季度温州科学城新增企业1184家，实际利用外资33.3亿美元。");
    const d = await answerer.answer("2019年一季度温州科学城新增了多少家企业？", [p]);
    expect(d.abstained).toBe(true);
  });

  it("does not answer about another organisation that shares the city", async () => {
    const p = passage("荆门智峰检测技术集团有限公司董事长张新说，园区服务很到位。");
    const d = await answerer.answer("荆门科创园的董事长是谁？", [p]);
    expect(d.abstained).toBe(true);
  });

  it("answers a two-fact question part by part, each with its citation", async () => {
    const a = passage("清远高新区管委会主任周岐贤有着清醒的认识。", "", 1);
    const b = passage("中关村软件园总经理张金辉为17家创新企业颁发毕业证书。", "", 2);
    const d = await answerer.answer("清远高新区管委会主任和中关村软件园总经理分别是谁？", [a, b]);
    expect(d.abstained).toBe(false);
    expect(d.text).toContain("周岐贤");
    expect(d.text).toContain("张金辉");
    expect(d.cited.sort()).toEqual([1, 2]);
  });

  it("does not take a year for the count asked for", async () => {
    const p = passage("近日，2021年武汉高新区重点项目签约仪式举行。武汉高新区共有14个重点项目签约。");
    const { d, span } = await shortAnswer("武汉高新区2021年签约的重点项目数量是多少？", [p]);
    expect(span).toBe("14个");
    expect(d.text).toContain("共有14个重点项目签约");
  });

  it("does not answer from a sentence about another zone of the same kind", async () => {
    const p = passage(
      "惠州高新区重点项目签约仪式举行。近日，孝感市高端装备项目集中开工仪式在孝感高新区举行，鼎锐项目等75个高端装备项目集中开工。",
      "惠州高新区重点项目签约落地",
    );
    const d = await answerer.answer("惠州高新区有多少个高端装备项目集中开工？", [p]);
    expect(d.text).not.toContain("75个");
  });

  it("reads a park's name whole when the question runs on after it", async () => {
    const text = "镇江微通科技创新园项目占地122亩，总建筑面积13万平方米，可容纳114余家企业。";
    // As over a real corpus: a question word the corpus never uses (园总) must not be required.
    const corpusAware = createExtractiveAnswerer({
      tokenizer,
      termWeight: () => 1,
      termKnown: (t) => text.includes(t),
    });
    const question = "镇江微通科技创新园总建筑面积是多少？";
    expect(analyzeQuestion(question, tokenizer).terms).not.toContain("园总");
    const d = await corpusAware.answer(question, [passage(text)]);
    expect(d.text.startsWith("13万平方米。")).toBe(true);
  });

  it("matches a question's paraphrase of the attribute (GDP, 学成归国)", async () => {
    const gdp = passage("统计数据显示，一季度德阳科学城完成地区生产总值313.2亿元，同比增长6.4%。");
    expect((await shortAnswer("德阳科学城一季度的GDP是多少亿元？", [gdp])).span).toBe("313.2亿元");
    const back = passage("2013年，冯晓晓从日本留学回国，年底企业进驻芜湖高新区。");
    expect((await shortAnswer("冯晓晓哪年学成归国？", [back])).span).toBe("2013年");
  });

  it("reads a later chunk with its article's opening, which names who 双方 are", async () => {
    const later = passage(
      "双方计划投资约92亿元建设呼和浩特晶晟新材料产业园。该园区将整合周边334余家技术性企业资源。",
    );
    const lead =
      "近日，广东恒捷数据科技集团有限公司与齐齐哈尔华鹍软件集团有限公司在呼和浩特高新区签署战略合作框架协议。";
    const question =
      "广东恒捷数据科技集团有限公司与齐齐哈尔华鹍软件集团有限公司计划投资多少钱建设呼和浩特晶晟新材料产业园？";
    expect((await answerer.answer(question, [later])).abstained).toBe(true);
    const { d, span } = await shortAnswer(question, [{ ...later, lead }]);
    expect(span).toBe("92亿元");
    expect(d.text).toContain("双方计划投资约92亿元");
    // The quote stays the passage's own sentence; the opening only told who the parties are.
    expect(Object.values(d.quotes ?? {})[0]).not.toContain("广东恒捷");
  });
});

describe("the extractive answerer and the headline", () => {
  it("takes the headline's subject as said in every sentence under it", async () => {
    const p = passage(
      "一季度，园区高新技术产业投资同比增长56.3%。不仅如此，嘉兴秀洲高新区今年持续健全创新体系，构建创新平台体系。" +
        "数据显示，一季度，园区R&D占GDP比重3.17%，规上工业R&D增长46%、位列嘉兴市第三。",
      "嘉兴秀洲高新区：招大引强 产业集聚成势",
    );
    const { d, span } = await shortAnswer("嘉兴秀洲高新区高新技术产业投资同比增长多少？", [p]);
    expect(span).toBe("56.3%");
    expect(d.text).toContain("园区高新技术产业投资同比增长56.3%");
  });
});

describe("the extractive answerer and the seed page's other wordings", () => {
  it("answers a question about a quarter from that quarter's figure", async () => {
    const p = passage("一季度，园区实到外资2.47亿美元；引进高质量项目7个。", "嘉兴秀洲高新区：招大引强");
    expect((await shortAnswer("嘉兴秀洲高新区一季度实到外资多少？", [p])).span).toBe("2.47亿美元");
  });

  it("takes a figure for the company it names, though the company leads 等一批 others", async () => {
    const p = passage("今年以来，邗江区招引了总投资50亿元的礼邦医药等一批产业项目签约落地。");
    expect((await shortAnswer("礼邦医药项目的总投资是多少？", [p])).span).toBe("50亿元");
  });

  it("gives the 主任 by name", async () => {
    const p = passage("对此，清远高新区管委会主任周岐贤有着清醒的认识。");
    expect((await shortAnswer("清远高新区管委会主任是谁？", [p])).span).toBe("周岐贤");
  });

  it("reads 占北京市24.2% as a share", async () => {
    const p = passage(
      "一季度海淀完成地区生产总值2161.2亿元，经济总量占北京市24.2%，同比增长20.4%。",
      "海淀区",
    );
    expect((await shortAnswer("海淀经济总量占北京市的比重是多少？", [p])).span).toBe("24.2%");
  });
});

describe("the extractive answerer and references back", () => {
  it("answers 哪家公司 from a quote that says 我们, naming the company from the sentence before", async () => {
    const p = passage(
      "1月25日上午，广东聚石化学股份有限公司在上海证券交易所科创板正式上市。“是清远的营商环境吸引了我们从广州转战过来。”该公司总经理杨正高说。",
      "清远高新区跑出创新加速度",
    );
    const d = await answerer.answer("清远高新区的营商环境吸引了哪家公司从广州转战过来？", [p]);
    expect(d.abstained).toBe(false);
    expect(d.text).toContain("广东聚石化学股份有限公司");
  });
});

describe("splitting a two-fact question", () => {
  it("gives a bare name the attribute written once after the last name, and nothing else", () => {
    expect(decomposeQuestion("A公司和B公司的董事长分别是谁？")).toEqual([
      "A公司的董事长是谁？",
      "B公司的董事长是谁？",
    ]);
    expect(decomposeQuestion("朗捷项目总投资与中山产业园整合的企业数量各是多少？")).toEqual([
      "朗捷项目总投资是多少？",
      "中山产业园整合的企业数量是多少？",
    ]);
    expect(decomposeQuestion("清远高新区排名第几？")).toEqual(["清远高新区排名第几？"]);
    // 和 inside a name the corpus does not know: a one-character piece asks nothing, nor does a
    // two-character one after the first cut.
    expect(decomposeQuestion("请问唯和项目的开工时间、自贡软件园计划的启动时间分别是什么时候？")).toEqual([
      "请问唯和项目的开工时间是什么时候？",
      "自贡软件园计划的启动时间是什么时候？",
    ]);
    expect(decomposeQuestion("厦门高新区投资增速与昌吉和海科技创新园整合的企业数量各是多少？")).toEqual([
      "厦门高新区投资增速是多少？",
      "昌吉和海科技创新园整合的企业数量是多少？",
    ]);
    expect(decomposeQuestion("清远和佛山的排名分别是第几？")).toEqual([
      "清远的排名是第几？",
      "佛山的排名是第几？",
    ]);
    // A name the corpus knows splits nowhere, though it holds 和.
    const knows = createTokenizer();
    knows.addWords(["郑州和丰数字经济产业园"]);
    expect(
      decomposeQuestion("绍兴高新区的排名和郑州和丰数字经济产业园的入驻企业数量分别是多少？", knows),
    ).toEqual(["绍兴高新区的排名是多少？", "郑州和丰数字经济产业园的入驻企业数量是多少？"]);
  });
});
