import { describe, expect, it } from "vitest";
import { analyzeQuestion } from "../../src/answer/question.js";
import { findSpan } from "../../src/answer/span.js";
import { createTokenizer } from "../../src/text/tokenizer.js";

const tokenizer = createTokenizer();
const span = (question: string, sentence: string) => findSpan(sentence, analyzeQuestion(question, tokenizer));

describe("the smallest span that answers", () => {
  it("takes the number next to the asked-for attribute, with its unit", () => {
    const s =
      "根据2020年度国家高新区评价结果，清远高新区综合排名第96名，是粤东西北惟一一家排名进入前100名的国家高新区。";
    expect(span("清远高新区在2020年度国家高新区评价中综合排名第几？", s)).toBe("第96名");
    expect(span("德沃康项目一期占地多少亩？", "据介绍，该项目一期占地158亩，总投资2.7亿美元。")).toBe(
      "158亩",
    );
    expect(span("德沃康项目总投资多少？", "据介绍，该项目一期占地158亩，总投资2.7亿美元。")).toBe(
      "2.7亿美元",
    );
  });

  it("takes a year, a date, and a person's name after the asked-for role", () => {
    expect(
      span("邱建华是哪一年从美国留学回国的？", "2017年，邱建华从美国留学回国，年底企业进驻清远高新区。"),
    ).toBe("2017年");
    expect(
      span("中关村软件园“Z计划”是什么时候启动的？", "2020年8月，中关村发展集团面向创新创业项目启动“Z计划”。"),
    ).toBe("2020年8月");
    expect(
      span("广东聚石化学股份有限公司的总经理是谁？", "“是清远的营商环境吸引了我们。”该公司总经理杨正高说。"),
    ).toBe("杨正高");
    expect(
      span("海淀区委书记是谁？", "北京市海淀区委书记、中关村科学城党工委书记于军表示，海淀要走在最前头。"),
    ).toBe("于军");
  });

  it("keeps 底/初 with a year, and a name followed by a verb other than saying", () => {
    const plan = "据介绍，该项目于2020年8月开工建设，计划于2021年底投产。";
    expect(span("德沃康项目计划什么时候投产？", plan)).toBe("2021年底");
    expect(span("德沃康项目哪年哪月开工？", plan)).toBe("2020年8月");
    expect(span("清远高新区管委会主任是谁？", "对此，清远高新区管委会主任周岐贤有着清醒的认识。")).toBe(
      "周岐贤",
    );
  });

  it("finds the person after the asked role among several, whatever verb follows the name", () => {
    const s = "导师代表无限基金SEE Fund合伙人贺静，学员代表新名医创始人、创一班班长牟晓勇分别发表了感言。";
    expect(span("新名医的创始人是谁？", s)).toBe("牟晓勇");
    const t = "清华大学全球产业研究院创新与产业发展研究总监崔桂林以《生态视野下的产业节奏》为题作了分享。";
    expect(span("清华大学全球产业研究院创新与产业发展研究总监是谁？", t)).toBe("崔桂林");
  });

  it("between figures equally near the counted noun, takes the one whose clause holds the asked verb", () => {
    const s = "总投资117.2亿元的62个项目集中开工，总投资68.9亿元的41个项目集中竣工，并开展集中签约。";
    expect(span("嘉兴秀洲高新区2021年首个工作日集中竣工了几个项目？", s)).toBe("41个");
    expect(span("嘉兴秀洲高新区2021年首个工作日集中开工了几个项目？", s)).toBe("62个");
  });

  it("takes the measure the question names, longest first", () => {
    const s = "据介绍，该项目总建筑面积11.4万平方米，总投资47亿元。";
    expect(span("该项目建筑面积有多少万平方米？", s)).toBe("11.4万平方米");
    expect(span("柳州灵实新材料产业园项目用地面积是多少？", "该项目占地167亩，总建筑面积31万平方米。")).toBe(
      "167亩",
    );
  });

  it("gives no span when the form of the answer is not unmistakable", () => {
    expect(
      span("李卫红是哪个学院的教授？", "华南师范大学地理科学学院教授李卫红现在还有另外一个身份。"),
    ).toBeUndefined();
    expect(
      span("广东聚石化学股份有限公司的总经理是谁？", "该公司依托已有科研成果，构建了数字孪生地理基座。"),
    ).toBeUndefined();
  });
});
