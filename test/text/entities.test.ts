import { describe, expect, it } from "vitest";
import { findEntities } from "../../src/text/entities.js";
import { createTokenizer } from "../../src/text/tokenizer.js";

const tokenizer = createTokenizer();
const names = (text: string) => findEntities(text, tokenizer).map((e) => e.core + e.suffix);

describe("organisation and zone names in text", () => {
  it("finds the whole name and leaves the sentence's verbs, dates and counts out", () => {
    expect(names("有多少家意向企业签约入驻保定中关村数字经济产业园？")).toContain("中关村数字经济产业园");
    expect(names("2019年一季度温州科学城新增了多少家企业？")).toEqual(["温州科学城"]);
    expect(names("报名白银软件园“启航计划”的创新创业项目有几个？")).toEqual(["白银软件园"]);
    expect(names("广东聚石化学股份有限公司的总经理是谁？")).toEqual(["广东聚石化学股份有限公司"]);
  });

  it("keeps name parts that jieba tags as verbs", () => {
    expect(names("白银创新港的董事长是谁？")).toEqual(["白银创新港"]);
    expect(names("谁担任自贡软件园董事长？")).toEqual(["自贡软件园"]);
    // jieba tags 新余 as a distinguishing word (b), not a place.
    expect(names("新余高新区高新技术产业投资同比增长多少？")).toEqual(["新余高新区"]);
    // The middle dot joins a city to its park's name.
    expect(names("双方计划投资约57亿元建设常熟·科创人工智能产业园。")).toEqual(["常熟·科创人工智能产业园"]);
    // 国家级高新区 is a kind of zone, not one zone's name.
    expect(names("徐州高新区哪年获批升级为国家级高新区？")).toEqual(["徐州高新区"]);
    // "首个工作日" says when; it is not part of the zone's name.
    expect(names("2021年首个工作日嘉兴秀洲高新区有多少个项目集中开工？")).toEqual(["嘉兴秀洲高新区"]);
  });

  it("terminates on a question made of dates, counts and plain nouns", () => {
    expect(names("义乌高新区在2018年集中开工的高端装备项目一共几个？")).toEqual(["义乌高新区"]);
  });
});
