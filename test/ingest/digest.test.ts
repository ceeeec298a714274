/**
 * A digest column (资讯速递, 速览, 微阅读): short items under one label, each with its own headline
 * and dateline, which the paper runs as one article (digests.ts). Where the label is printed before
 * its items, the items after it are that article, with their headlines in its text; a headline
 * carrying a column tag heads a story of its own again.
 */
import { describe, expect, it } from "vitest";
import { segmentPage } from "../../src/ingest/segment.js";
import { wrapAt } from "./wrap.js";

const wrap = wrapAt(15);

const LEAD = [
  "冷链物流迎来发展机遇期",
  ...wrap(
    "本报北京1月21日电（记者王芳）记者从有关部门获悉，去年我国冷链物流市场规模继续扩大，产地预冷、冷藏运输和城市配送的短板正在补齐。业内人士认为，随着生鲜电商和预制菜快速发展，冷链设施的建设还将提速，行业服务质量也会进一步提升。",
  ),
];

const ITEMS = [
  {
    head: "我国人工智能产业规模突破百亿美元",
    body: "本报北京1月20日电（记者李明）记者在近日召开的一次年度工作会上获悉：我国人工智能核心产业规模已经突破百亿美元，企业数量位居世界前列。预计今年产业规模将继续保持较快增长。",
  },
  {
    head: "“百场宣讲进工地”走进建筑企业",
    body: "本报电 近日，关爱农村留守儿童的宣讲活动走进一家建筑企业的施工现场，志愿者为务工人员讲解家庭教育和安全防护知识。两年来，活动已走进两百多个工地，直接受益的务工人员家庭达六万余个。",
  },
];

const TAGGED = [
  "用新技术提升服务业效率（新视点）",
  ...wrap(
    "今年是全面建成小康社会的收官之年。专家认为，服务业要用好大数据、云计算和人工智能等新技术，推动生产性服务业向专业化和价值链高端延伸，推动生活性服务业向高品质和多样化升级，让群众得到更多实惠。",
  ),
];

const page = (label: string[]) =>
  [...LEAD, ...label, ...ITEMS.flatMap((i) => [i.head, ...wrap(i.body)]), ...TAGGED].join("\n");

describe("a digest column printed before its items", () => {
  it("is one article under its label, its items' headlines kept in its text, and the tagged story after it apart", () => {
    const articles = segmentPage(page(["资讯速递"]));
    expect(articles.map((a) => a.title)).toEqual([
      "冷链物流迎来发展机遇期",
      "资讯速递",
      "用新技术提升服务业效率（新视点）",
    ]);
    const digest = articles[1]!.text.replace(/\s/g, "");
    for (const item of ITEMS) {
      expect(digest).toContain(item.head);
      expect(digest).toContain(item.body.slice(-20));
    }
  });

  it("leaves items that no digest label heads as stories of their own", () => {
    const articles = segmentPage(page([]));
    expect(articles.map((a) => a.title)).toContain(ITEMS[1]!.head);
    expect(articles).toHaveLength(4);
  });
});

describe("a digest label on a page with a blank after every line", () => {
  // The page prints each headline block whole (the lead's two lines have no blank between them),
  // and sets the label apart from its first item's one-line headline, as every other line.
  const everyLine = () => {
    const [head, ...body] = LEAD;
    const rest = ["资讯速递", ...ITEMS.flatMap((i) => [i.head, ...wrap(i.body)]), ...TAGGED];
    return [`今年行业市场规模有望扩大\n${head}`, ...body, ...rest].join("\n\n");
  };

  it("heads its first item's headline: the digest is one article under its label", () => {
    const articles = segmentPage(everyLine());
    expect(articles.map((a) => a.title)).toEqual([
      "今年行业市场规模有望扩大冷链物流迎来发展机遇期",
      "资讯速递",
      "用新技术提升服务业效率（新视点）",
    ]);
    const digest = articles[1]!.text.replace(/\s/g, "");
    for (const item of ITEMS) expect(digest).toContain(item.head);
  });
});
