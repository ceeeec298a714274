/**
 * A panel: remarks of several people, each piece under its own heads and closed by the credit of
 * the reporter who compiled it ("（本报记者 X整理）"), which the paper runs as one article
 * (sections.ts panelSections). On a page without blank lines, three or more such pieces in a row
 * are one story; two are two.
 */
import { describe, expect, it } from "vitest";
import { segmentPage } from "../../src/ingest/segment.js";
import { wrapAt } from "./wrap.js";

const wrap = wrapAt(15);

const PIECES = [
  {
    heads: ["把特色产业做强做优", "王建国代表（甲省乙市市长）"],
    body: "乡村要振兴，产业是基础。我们立足本地资源，把食用菌、中药材和特色林果作为主导产业来抓，建起了冷链仓储和电商服务中心，让农产品卖得出、卖得好。下一步，要引导龙头企业和合作社结成利益共同体，让农民更多分享产业增值收益。",
    credit: "（本报记者 张明远整理）",
  },
  {
    heads: ["让人才愿意回乡创业", "李秀兰委员（丙县农业技术推广站站长）"],
    body: "人才是乡村振兴的关键。这几年返乡创业的年轻人越来越多，他们带回了新技术和新理念。政府要在用地、贷款和培训上给予更多支持，帮他们解决起步阶段的难题，把好项目留在乡村，把好人才留在乡村。",
    credit: "（本报记者 刘晓燕整理）",
  },
  {
    heads: ["补齐农村基础设施短板", "赵志刚代表（丁镇党委书记）"],
    body: "道路、供水和网络是农村发展的基础条件。我们镇今年新修了三十公里通村公路，实现了自来水村村通，光纤宽带覆盖到每个自然村。接下来还要加快建设村级物流站点，打通农产品进城和工业品下乡的最后一公里。",
    credit: "（本报记者 陈立新整理）",
  },
];

const STORY = [
  "全国首个乡村数字博物馆上线",
  ...wrap(
    "本报北京5月26日电（记者周敏）全国首个乡村数字博物馆26日正式上线，首批收录了来自二十多个省份的三千余件农耕文物和民俗影像。观众在手机上就能浏览展品，还可以通过三维模型近距离观察老物件的细节。",
  ),
];

function panelPage(pieces: typeof PIECES): string {
  const lines = ["代表委员谈乡村振兴"];
  for (const p of pieces) lines.push(...p.heads, ...wrap(p.body), p.credit);
  return [...lines, ...STORY].join("\n");
}

describe("panels of compiled remarks", () => {
  it("reads three or more compiled pieces in a row as one article, and the story after them apart", () => {
    const articles = segmentPage(panelPage(PIECES));
    expect(articles).toHaveLength(2);
    const [panel, story] = articles;
    for (const p of PIECES) expect(panel!.text.replace(/\s/g, "")).toContain(p.body.slice(0, 20));
    expect(story!.title).toBe("全国首个乡村数字博物馆上线");
    expect(story!.text).not.toContain("本报记者");
  });

  it("keeps two compiled pieces apart: two neighbours are not yet a panel", () => {
    const articles = segmentPage(panelPage(PIECES.slice(0, 2)));
    expect(articles).toHaveLength(3);
    expect(articles[1]!.text.replace(/\s/g, "")).toContain(PIECES[1]!.body.slice(0, 20));
  });
});
