import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { segmentPage } from "../../src/ingest/segment.js";
import type { Article } from "../../src/types.js";

const SEED = "corpus/科技日报/2021-04/000_f28b1bf4d582b9a4.txt";
const articles = segmentPage(readFileSync(SEED, "utf8"));
const byTitle = (fragment: string): Article => {
  const found = articles.filter((a) => a.title.includes(fragment));
  expect(found, `one article titled *${fragment}*`).toHaveLength(1);
  return found[0]!;
};

describe("segmenting the seed page (科技日报, April 2021)", () => {
  it("finds seven articles and the 烟台 photo caption, in the reading order of their bodies", () => {
    expect(articles.map((a) => [a.kind, a.title])).toEqual([
      ["article", "创新练就“肌肉” 项目排队进场 清远高新区跑出创新发展加速度"],
      ["article", "“互学互比互赛”活动走进嘉兴秀洲高新区"],
      ["article", "广州开发区投资集团与广州工控开展战略合作"],
      ["article", "9个先进制造业项目在扬州高新区集中开工"],
      ["caption", ""],
      ["article", "北京市海淀区创新合伙人合力助推“两区”建设"],
      ["article", "中关村软件园“Z计划”双创加速营一期结营"],
      ["article", "保定·中关村数字经济产业园启动"],
    ]);
  });

  it("tells a lead-in deck from a headline wrapped over two lines", () => {
    expect(byTitle("清远").subtitle).toBe("清远高新区跑出创新发展加速度");
    expect(byTitle("广州开发区").subtitle).toBeUndefined();
    expect(byTitle("扬州").subtitle).toBeUndefined();
  });

  it("reads bylines in every printed form and keeps only person names as authors", () => {
    expect(articles.map((a) => [a.byline, a.authors])).toEqual([
      ["▶ 科技日报记者 龙跃梅 本报特约通讯员 钟敏华", ["龙跃梅", "钟敏华"]],
      ["本报讯 （特约通讯员 马燕琴）", ["马燕琴"]],
      ["本报讯", ["张世港", "凡辉"]],
      ["本报讯", ["钱伟"]],
      ["图片来源：烟台高新区", []],
      ["本报讯（记者 李争粉）", ["李争粉"]],
      ["本报讯（记者 张伟）", ["张伟"]],
      ["本报讯", ["张辉"]],
    ]);
  });

  it("keeps the 清远 story whole, its three section subheads as paragraphs of its text", () => {
    const qingyuan = byTitle("清远");
    const paragraphs = qingyuan.text.split("\n");
    expect(paragraphs[0]).toMatch(/^4月20日，记者走进广东先导先进材料股份有限公司/);
    for (const subhead of [
      "老与新",
      "老朋友更好 新朋友更多",
      "内与外",
      "对内练内功 对外伸橄榄枝",
      "硬与软",
      "硬环境存差距软服务弥补",
    ]) {
      expect(paragraphs).toContain(subhead);
    }
    expect(paragraphs.indexOf("老与新")).toBeLessThan(paragraphs.indexOf("内与外"));
    expect(paragraphs.indexOf("内与外")).toBeLessThan(paragraphs.indexOf("硬与软"));
    expect(qingyuan.text).toContain("总量将超清远高新区过去28年的总和。");
  });

  it("removes bylines, trailing names and headlines from body text", () => {
    const guangzhou = byTitle("广州开发区");
    expect(guangzhou.text).toMatch(/^近日，广州开发区投资集团有限公司/);
    expect(guangzhou.text).toMatch(/达产产值超1000亿元。$/);
    expect(byTitle("扬州").text).toMatch(/殷切希望。$/);
    expect(byTitle("保定").text).toMatch(/重点项目签约。$/);
    expect(byTitle("嘉兴").text).toMatch(/^近日，嘉兴市2021年度第一次/);
    expect(byTitle("海淀").text).toMatch(/^近日，2021年北京市海淀区/);
    for (const a of articles) {
      expect(a.text).not.toContain("本报讯");
      expect(a.text).not.toContain("科技日报记者");
      // Headlines are not paragraphs; the words may recur in the prose (嘉兴's does), so compare whole paragraphs.
      const paragraphs = a.text.split("\n");
      for (const headline of [
        a.title,
        a.subtitle,
        "广州开发区投资集团与",
        "9个先进制造业项目",
        "合力助推“两区”建设",
      ]) {
        if (headline) expect(paragraphs).not.toContain(headline);
      }
    }
    expect(articles.map((a) => a.text).join("\n")).not.toContain("图片来源：保定高新区");
  });

  it("rejoins words and numbers broken across lines, without stray spaces", () => {
    const all = articles.map((a) => a.text).join("\n");
    for (const phrase of [
      "综合排名第96名",
      "连续5年稳步攀升",
      "该项目一期占地158亩",
      "自贸区海淀组团新增企业395家",
      "中关村科学城党工委书记于军表示",
      "引进高质量项目7个、亿元以上内资项目20个，其中总投资超亿美元项目1个",
      "总投资达88亿元",
      "导师代表无限基金SEE Fund合伙人贺静",
    ]) {
      expect(all).toContain(phrase);
    }
    expect(all).not.toMatch(/[\u4e00-\u9fff，。] [0-9]|[0-9] [\u4e00-\u9fff]/);
  });

  it("keeps the caption's credit at the end of its text", () => {
    const caption = articles.find((a) => a.kind === "caption")!;
    expect(caption.text).toMatch(/^近日，烟台海纳川文体办公有限公司/);
    expect(caption.text).toMatch(/图片来源：烟台高新区$/);
  });

  it("does not depend on blank lines: the page without them segments the same", () => {
    const dense = readFileSync(SEED, "utf8").replace(/\n\s*\n/g, "\n");
    expect(segmentPage(dense)).toEqual(articles);
  });
});

describe("segmenting narrow columns", () => {
  it("does not take a sentence carried over unpunctuated lines for a headline", () => {
    // From a generated page: "双方计划投资约64亿元建 / 设…产业" was read as the next story's
    // headline, cutting the sentence off from "园。该园区…".
    const page = [
      "咸阳两企业开展战略合作",
      "本报讯（记者 罗强）",
      "端创新载体建设，构建多",
      "层次创新平台体系。在集",
      "成电路领域，园区已经形",
      "成从研发设计到生产制造",
      "的完整链条。",
      "园区坚持“项目为王”，",
      "把每一个项目都当作“自",
      "家事”来办。今年以来，",
      "咸阳高新区坚持招商引资",
      "“一号工程”不动摇，千",
      "方百计扩增量、提动能。",
      "对入驻企业，园区提供落",
      "地孵化、产业加速、投融",
      "资对接等全周期服务。",
      "双方计划投资约64亿元建",
      "设咸阳鹍实人工智能产业",
      "园。该园区将整合周边",
      "300 余家技术性企业资源，",
      "合力打造综合服务平台。 韩建亮",
      "图片来源：咸阳高新区",
    ].join("\n");
    const found = segmentPage(page).filter((a) => a.kind === "article");
    expect(found.map((a) => a.title)).toEqual(["咸阳两企业开展战略合作"]);
    expect(found[0]!.text).toContain(
      "双方计划投资约64亿元建设咸阳鹍实人工智能产业园。该园区将整合周边300余家",
    );
  });

  it("does so too when the carried sentence runs most of a line before it ends", () => {
    const page = [
      "呼和浩特两企业开展战略合作",
      "本报讯（记者 罗强）",
      "近日，两家公司在呼和浩特",
      "高新区签署战略合作框架协",
      "议，双方将在先进制造等领",
      "域开展深度合作。",
      "双方计划投资约92亿元建",
      "设呼",
      "和浩特晶晟新材料产业园。该",
      "园区将整合周边334余家技",
      "术性企业资源，合力打造综",
      "合服务平台。",
    ].join("\n");
    const found = segmentPage(page);
    expect(found.map((a) => a.title)).toEqual(["呼和浩特两企业开展战略合作"]);
    expect(found[0]!.text).toContain("双方计划投资约92亿元建设呼和浩特晶晟新材料产业园。");
  });
});

describe("titles that the text under them repeats (encyclopaedia-style pages)", () => {
  // Written for this test, in the form of a Wikipedia page: the title alone, then the article,
  // which opens by naming its subject again.
  it.each([
    ["Lantern Bay Line", "Lantern Bay Line是一条虚构的城市轻轨线路，全长十二公里，沿海湾设站九座。"],
    ["停下！！小海鸥", "《停下！！小海鸥》是一部虚构的少年漫画，讲述海边小镇一群中学生的故事。"],
    ["Wow!", "Wow!是一档虚构的科普电视节目，每集介绍一种日常现象背后的科学道理。"],
    // The text may repeat a Latin title in another case.
    ["Blue harbour", "《blue harbour》是一支虚构乐队的第三张单曲，于某年夏天在本地发行。"],
  ])("keeps %s whole as the title, in Latin script or with exclamation marks", (title, body) => {
    const text = `${title}\n\n${body}\n\n它在本地颇有名气，许多读者都曾听说过它的故事。\n`;
    const found = segmentPage(text).filter((a) => a.kind === "article");
    expect(found).toHaveLength(1);
    expect(found[0]!.title).toBe(title);
    expect(found[0]!.text.startsWith(body.slice(0, 8))).toBe(true);
  });

  it("is the rule `eval:segment -- --ablate` switches off as headlineBlocksByForm: off, the title runs into the text", () => {
    const text = "停下！！小海鸥\n\n《停下！！小海鸥》是一部虚构的少年漫画，讲述海边小镇一群中学生的故事。\n";
    const found = segmentPage(text, { rulesOff: new Set(["headlineBlocksByForm"]) });
    expect(found.map((a) => a.title)).toEqual([""]);
    expect(found[0]!.text.replace(/\s/g, "")).toMatch(/^停下！！小海鸥《停下/);
  });
});
