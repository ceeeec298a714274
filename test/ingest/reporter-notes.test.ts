/**
 * A reporter's notes (记者手记) close a report under their own label and subhead, and the paper runs
 * them as part of it: "■记者手记" is a label, not a byline naming "手记", and the notes stay in the
 * story above (sections.ts isSectionMark, byline.ts COLUMN_WORDS). The page sets a blank after every
 * line, as the real page this was seen on does.
 */
import { describe, expect, it } from "vitest";
import { segmentPage } from "../../src/ingest/segment.js";
import { wrapAt } from "./wrap.js";

const wrap = wrapAt(18);
const everyLine = (parts: string[]): string => parts.flatMap(wrap).join("\n\n");

const REPORT =
  "疫情防控常态化形势下，全国人大代表夏文勇立足行业和岗位履职尽责。复工以来，他所在的带钢企业订单排到了三个月后，车间里的生产线昼夜运转，工人们分成三班轮流上岗。夏文勇说，企业稳住了，上下游的配套企业才能稳住，职工的饭碗才能端得更牢。今年他带来了关于支持中小企业纾困的建议，希望为企业渡难关增信心、添动力，为经济发展贡献力量。";
const NOTES =
  "采访中，夏文勇的手机响个不停，有客户催货，有供应商对账，他一边接电话一边在本子上记下要办的事。他说，代表的履职不在会期几天，而在一年三百六十五天的点点滴滴，立足岗位把每件小事做好，就是对选民最好的交代。";
const NEXT =
  "一个个生产车间加班加点赶制医疗产品，一架架货运包机满载物资飞向世界各地。面对疫情，各国只有团结合作，才能战胜这场全球性的挑战，守护人类共同的美好家园。国际社会应当携起手来，加强信息分享和经验交流，共同筑牢全球公共卫生防线。";

const page = everyLine([
  "夏文勇代表——",
  "车间一线 解难纾困",
  REPORT,
  "■记者手记",
  "立足岗位尽职尽责",
  NOTES,
  "挽紧团结合作的臂膀（人民论坛）",
  NEXT,
]);

describe("a reporter's notes under a report", () => {
  it("stay in the report, under their label and subhead, and name nobody", () => {
    const articles = segmentPage(page).filter((a) => a.kind === "article");
    expect(articles).toHaveLength(2);
    const [report, next] = articles;
    const text = report!.text.replace(/\s/g, "");
    expect(text).toContain("立足岗位尽职尽责");
    expect(text).toContain(NOTES.slice(-20));
    expect(report!.authors).not.toContain("手记");
    expect(next!.title).toBe("挽紧团结合作的臂膀（人民论坛）");
  });

  it("stay in the report when their label is a tag on their headline, 有心又有为（记者手记）", () => {
    const tagged = everyLine([
      "夏文勇代表——",
      "车间一线 解难纾困",
      REPORT,
      "有心又有为（记者手记）",
      NOTES,
      "挽紧团结合作的臂膀（人民论坛）",
      NEXT,
    ]);
    const articles = segmentPage(tagged).filter((a) => a.kind === "article");
    expect(articles).toHaveLength(2);
    expect(articles[0]!.text.replace(/\s/g, "")).toContain(NOTES.slice(-20));
  });
});
