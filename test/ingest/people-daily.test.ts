/**
 * Pages in the style of People's Daily (人民日报) as a PDF extractor gives them: a running head and
 * the page's name at the top, headline blocks (kicker ending in "——", main headline, column tag)
 * printed before or after their bodies, credits and notes under stories, in-body subheads. The
 * stories are written for these tests; no newspaper text is copied.
 */
import { describe, expect, it } from "vitest";
import { scanPage } from "../../src/ingest/layout.js";
import { toLines } from "../../src/ingest/lines.js";
import { segmentPage } from "../../src/ingest/segment.js";
import type { Article } from "../../src/types.js";

/** Sets paragraphs into lines of `width` characters, as extracted PDF text (no indents). */
function column(paragraphs: string[], width: number): string[] {
  const lines: string[] = [];
  for (const p of paragraphs) {
    const chars = [...p];
    for (let i = 0; i < chars.length; ) {
      let end = Math.min(chars.length, i + width);
      // A closing mark never starts a line.
      while (end < chars.length && /[，。、；：！？”）》]/.test(chars[end]!)) end++;
      lines.push(chars.slice(i, end).join(""));
      i = end;
    }
  }
  return lines;
}

const page = (...parts: string[][]) => parts.flat().join("\n");
const articlesOf = (text: string): Article[] => segmentPage(text).filter((a) => a.kind === "article");

const RIVER = [
  "本报杭州3月4日电（记者王晓明）记者从浙江省水利厅获悉：今年全省将新建和改造一批农村供水工程，让山区群众喝上放心水。",
  "据介绍，去年以来，浙江在丽水、衢州等地开展农村供水提质行动，新建水厂四十余座，改造管网一千多公里。",
  "水利部门表示，今年将继续加大投入，力争年底前实现城乡同质供水全覆盖。",
];
const LIBRARY = [
  "走进位于县城东头的新图书馆，阅览室里坐满了前来看书的居民，孩子们在绘本区安静地翻看图画书。",
  "馆长李红梅告诉记者，图书馆去年接待读者二十多万人次，比前年翻了一番。“晚上开放到九点，下班的人也能来坐一坐。”",
  "除了借书还书，图书馆还定期举办讲座和展览，成了县城里最热闹的文化空间。",
];
const FERRY = [
  "海岛上的渡口今年换了新模样。候船厅里装上了空调和电子屏，乘客可以用手机扫码购票。",
  "船长陈海生在这条航线上跑了二十年。他说，过去遇上大风天只能停航，现在新船抗风能力强多了。",
  "交通部门介绍，全市今年还将新开两条海岛航线，方便岛上居民出行。",
];
const ORCHARD = [
  "清晨，果园里的梨花开得正盛。种植户张建国一边修剪枝条，一边向记者介绍今年的打算。",
  "“合作社统一技术、统一销售，我们只管种好梨。”张建国说，去年他家的梨卖到了上海和广州，收入超过十万元。",
  "村党支部书记说，下一步要把梨园和乡村旅游结合起来，让果农多一份收入。",
];

describe("page furniture on a People's Daily page", () => {
  it("never takes the running head or the page name for a headline", () => {
    const text = page(
      ["2021年3月5日 星期五 人民日报 第6版", "要闻"],
      column(LIBRARY, 18),
      ["县城图书馆成了热门去处"],
      column(ORCHARD, 18),
      ["梨花开处好种田"],
    );
    expect(articlesOf(text).map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
  });
});

describe("credits under a story", () => {
  it("close the story above, go to its credits, and are never the next headline", () => {
    const text = page(
      ["浙江推进农村供水提质"],
      column(RIVER, 20),
      ["制图：赵小兰"],
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 20),
      ["（作者为浙江省某县文化馆", "馆员）"],
      ["梨花开处好种田"],
      column(ORCHARD, 20),
      ["周 涛摄（人民视觉）"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "浙江推进农村供水提质",
      "县城图书馆成了热门去处",
      "梨花开处好种田",
    ]);
    expect(found.map((a) => a.credits)).toEqual([
      ["制图：赵小兰"],
      ["（作者为浙江省某县文化馆馆员）"],
      ["周 涛摄（人民视觉）"],
    ]);
    expect(found[0]!.authors).toEqual(["王晓明"]);
    for (const a of found) expect(a.authors).not.toContain("周涛");
  });

  it("include a cartoon's artist and writer, an author's unit, a pointer to the full text and a compiler", () => {
    const text = page(
      ["浙江推进农村供水提质"],
      column(RIVER, 20),
      ["（《条例》全文见第十五版）"],
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 20),
      ["（作者单位：浙江省某县文化馆（图书馆））"],
      ["梨花开处好种田"],
      column(ORCHARD, 20),
      ["本报记者 王晓明整理"],
      ["海岛渡口换新颜"],
      column(FERRY, 20),
      ["曹 一图 石 羚文"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "浙江推进农村供水提质",
      "县城图书馆成了热门去处",
      "梨花开处好种田",
      "海岛渡口换新颜",
    ]);
    expect(found.map((a) => a.credits)).toEqual([
      ["（《条例》全文见第十五版）"],
      ["（作者单位：浙江省某县文化馆（图书馆））"],
      ["本报记者 王晓明整理"],
      ["曹 一图 石 羚文"],
    ]);
  });
});

describe("a photo under a story of several parts", () => {
  it("is a caption of its own: the story keeps its headline, parts and text", () => {
    // Blanks set off layout blocks; the parts run on with no blank, each signed by its reporter, and
    // the photo's caption and credit close the last.
    const text = page(
      ["县城图书馆成了热门去处（走基层）", ""],
      column([LIBRARY[0]!, LIBRARY[1]!], 18),
      ["（本报记者 王晓明）"],
      ["夜里也亮着灯"],
      column([LIBRARY[2]!], 18),
      ["（本报记者 陈海生）"],
      ["图为读者在阅览室看书。"],
      ["周 涛摄", ""],
      ["梨花开处好种田", ""],
      column(ORCHARD, 18),
    );
    const found = segmentPage(text);
    expect(found.map((a) => [a.kind, a.title])).toEqual([
      ["article", "县城图书馆成了热门去处（走基层）"],
      ["caption", ""],
      ["article", "梨花开处好种田"],
    ]);
    expect(found[0]!.text).toContain("夜里也亮着灯");
    expect(found[0]!.text).toMatch(/最热闹的文化空间。/);
    expect(found[1]!.text).toMatch(/^图为读者在阅览室看书。/);
  });
});

describe("a cartoon (图片报道)", () => {
  it("keeps its 这正是 verses in the piece: they are not a photo's caption or a text of their own", () => {
    // A blank after every line, so the narrow verses read as a block of their own.
    const spaced = (lines: string[]) => lines.flatMap((l) => [l, ""]);
    const text = page(
      spaced(["县城图书馆成了热门去处"]),
      spaced(column(LIBRARY, 20)),
      spaced(["图片报道"]),
      spaced(column([FERRY[0]!, FERRY[2]!], 28)),
      spaced(["这正是：", "渡口换新颜，", "扫码上客船。", "海岛通四方，", "出行更方便。"]),
      spaced(["曹 一图 石 羚文"]),
      spaced(["梨花开处好种田"]),
      spaced(column(ORCHARD, 20)),
    );
    const found = segmentPage(text);
    expect(found.filter((a) => a.kind === "caption")).toEqual([]);
    const cartoon = found.find((a) => a.title === "图片报道");
    expect(cartoon?.text.replace(/\s/g, "")).toMatch(
      /出行。这正是：渡口换新颜，扫码上客船。海岛通四方，出行更方便。$/,
    );
    expect(cartoon?.credits).toEqual(["曹 一图 石 羚文"]);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "图片报道", "梨花开处好种田"]);
  });
});

describe("a column's mailbox and a headline wrapped before a comma", () => {
  it("close the story above, and carry the headline on", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 18),
      ["栏目投稿邮箱：lanmu@example.com"],
      ["浙江推进农村供水提质"],
      ["，山区群众喝上放心水"],
      column(RIVER, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "县城图书馆成了热门去处",
      "浙江推进农村供水提质，山区群众喝上放心水",
    ]);
    expect(found[0]!.credits).toEqual(["栏目投稿邮箱：lanmu@example.com"]);
  });
});

describe("a page's mailbox", () => {
  it("closes the story above as a credit, while an address inside a sentence stays in the body", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      column([...LIBRARY, "读者可来信提建议，电子邮箱：tsg@example.com。馆里每月回复一次。"], 18),
      ["版式设计：赵小兰"],
      ["电子信箱：lanmu@example.com"],
      ["浙江推进农村供水提质"],
      column(RIVER, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "浙江推进农村供水提质"]);
    // The layout designer's line is page furniture, gone before anything reads the page.
    expect(found[0]!.credits).toEqual(["电子信箱：lanmu@example.com"]);
    expect(found[0]!.text).not.toContain("赵小兰");
    expect(found[0]!.text.replace(/\s/g, "")).toContain("电子邮箱：tsg@example.com。馆里每月回复一次。");
    expect(found[1]!.authors).toEqual(["王晓明"]);
  });
});

describe("opinion pages", () => {
  it("end a headline at its column tag, keep a quote's attribution in its piece, and take a reprint's source as a note", () => {
    const quote = "“图书馆晚上开放到九点，下班的人也能来坐一坐，这是我们给市民的承诺。”";
    const text = page(
      column(LIBRARY, 18),
      ["（摘编自3月5日《某某日报》，原题为《县城图书馆的新气象》）"],
      ["县城图书馆成了热门去处（一线视角）", "梨花开处好种田（新论）"],
      column(ORCHARD, 18),
      ["（作者为某县农业农村局干部）"],
      ["书香县城（声音）"],
      column([quote], 18),
      ["——某县文化和旅游局负责人近日接受记者采访时说"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "县城图书馆成了热门去处（一线视角）",
      "梨花开处好种田（新论）",
      "书香县城（声音）",
    ]);
    expect(found[0]!.credits).toEqual(["（摘编自3月5日《某某日报》，原题为《县城图书馆的新气象》）"]);
    expect(found[2]!.text).toMatch(/接受记者采访时说$/);
  });
});

describe("an editor's note", () => {
  it("ends at its signature ——编 者, which is never a headline", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      ["编者按"],
      column(["县城的公共文化空间正在变样。本版今起推出系列报道，看基层文化生活的新变化。"], 18),
      ["——编 者"],
      column(LIBRARY, 18),
      ["梨花开处好种田"],
      column(ORCHARD, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
    expect(found[0]!.text.replace(/\s/g, "")).toContain("。——编者走进位于县城东头");
  });
});

describe("labels over a body", () => {
  it("核心阅读 and 内容提要 open the text under them and are never its headline", () => {
    const text = page(
      ["梨花开处好种田"],
      ["核心阅读"],
      column(ORCHARD, 18),
      ["县城图书馆成了热门去处"],
      ["内容提要"],
      column(LIBRARY, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["梨花开处好种田", "县城图书馆成了热门去处"]);
    expect(found[0]!.text).toMatch(/^核心阅读/);
  });
});

describe("names opening a sentence", () => {
  it("stay in the body when they fill the line and the sentence runs on under them", () => {
    // The names line ends mid-name and the line under it holds no comma, as in a narrow column.
    const text = page(
      ["县城图书馆成了热门去处"],
      column(
        [
          LIBRARY[0]!,
          "李红梅、王小明、陈立生、刘晓华等十名志愿者参加了开馆仪式并为读者讲解新书。",
          LIBRARY[2]!,
        ],
        15,
      ),
      ["梨花开处好种田"],
      column(ORCHARD, 15),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
    expect(found[0]!.text.replace(/\s/g, "")).toContain("李红梅、王小明、陈立生、刘晓华等十名志愿者");
    expect(found[0]!.authors).toEqual([]);
  });
});

describe("bylines as People's Daily prints them", () => {
  const story = (opening: string) => [
    `${opening}记者从省交通运输厅获悉：今年将新开通农村客运线路三百条，方便群众出行。`,
    "据介绍，新线路将优先覆盖偏远山区和海岛，票价实行政府指导价。",
    "交通部门表示，将加强车辆安全检查，确保群众出行安全。",
  ];
  const bylined = (headline: string, opening: string, width = 19) => [
    headline,
    ...column(story(opening), width),
  ];

  it("reads wire datelines with 据, without a place or date, and gapped two-character names", () => {
    const text = page(
      bylined("山西新开农村客运线路", "据新华社太原2月11日电（记者吕梦琦）"),
      bylined("福建海岛通上客运班车", "新华社电（记者阳建）"),
      bylined("云南山区客运线路加密", "本报昆明3月2日电（记者徐  隽、王海林）"),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "山西新开农村客运线路",
      "福建海岛通上客运班车",
      "云南山区客运线路加密",
    ]);
    expect(found.map((a) => a.authors)).toEqual([["吕梦琦"], ["阳建"], ["徐隽", "王海林"]]);
    for (const a of found) expect(a.text).toMatch(/^记者从省交通运输厅获悉/);
  });

  it("reads a closing byline of several reporters wrapped over lines, and a trailing dateline names nobody", () => {
    const text = page(
      ["假日消费亮点多"],
      column(LIBRARY, 14),
      ["（本报记者罗珊珊、吴秋余、", "谢卫群、庞革平、张云河）"],
      ["梨花开处好种田"],
      column(ORCHARD, 14),
      ["（据新华社悉尼电 记者张三）"],
      ["浙江推进农村供水提质"],
      column(RIVER, 14),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["假日消费亮点多", "梨花开处好种田", "浙江推进农村供水提质"]);
    expect(found.map((a) => a.authors)).toEqual([
      ["罗珊珊", "吴秋余", "谢卫群", "庞革平", "张云河"],
      [],
      ["王晓明"],
    ]);
  });

  it("reads a list of twenty reporters wrapped over three lines, and takes 参与记者 as a note", () => {
    const names =
      "王晓明、李红梅、张建国、陈海生、刘志伟、赵小兰、周涛、吴长锋、郑少忠、孙广勇、吕强、徐伟、黄培昭、孔歌、姜波、叶琦、韩硕、花放、苏航、李浩".split(
        "、",
      );
    const text = page(
      ["假日消费亮点多"],
      column(LIBRARY, 14),
      [
        `（本报记者${names.slice(0, 7).join("、")}、`,
        `${names.slice(7, 14).join("、")}、`,
        `${names.slice(14).join("、")}）`,
      ],
      ["梨花开处好种田"],
      column(ORCHARD, 14),
      ["（参与记者：王晓明、", "李红梅）"],
      ["浙江推进农村供水提质"],
      column(RIVER, 14),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["假日消费亮点多", "梨花开处好种田", "浙江推进农村供水提质"]);
    expect(found[0]!.authors).toEqual(names);
    expect(found[1]!.credits).toEqual(["（参与记者：王晓明、李红梅）"]);
  });

  it("reads a bracketed list of seven reporters, and takes 执笔 and a series' closing note as notes", () => {
    const text = page(
      ["假日消费亮点多"],
      column(LIBRARY, 14),
      ["（本报记者罗珊珊、吴秋余、谢卫群、", "庞革平、张云河、曹玲娟、贺林平）"],
      ["梨花开处好种田"],
      column(ORCHARD, 14),
      ["（执笔：张 红 李小明）"],
      ["海岛渡口换新颜"],
      column(FERRY, 14),
      ["（本系列评论到此结束）"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["假日消费亮点多", "梨花开处好种田", "海岛渡口换新颜"]);
    expect(found[0]!.authors).toEqual(["罗珊珊", "吴秋余", "谢卫群", "庞革平", "张云河", "曹玲娟", "贺林平"]);
    expect(found.map((a) => a.credits)).toEqual([
      undefined,
      ["（执笔：张 红 李小明）"],
      ["（本系列评论到此结束）"],
    ]);
  });
});

describe("in-body subheads", () => {
  it("keeps an indented subhead inside its story on a page that keeps paragraph indents", () => {
    const indent = (lines: string[], starts: Set<number>) =>
      lines.map((l, i) => (starts.has(i) ? `\u3000\u3000${l}` : l));
    const first = column([ORCHARD[0]!, ORCHARD[1]!], 20);
    const second = column([ORCHARD[2]!], 20);
    const text = page(
      ["梨花开处好种田"],
      indent(first, new Set([0, first.findIndex((l) => l.startsWith("“合作社"))])),
      ["\u3000\u3000梨园连着旅游路"],
      indent(second, new Set([0])),
      ["县城图书馆成了热门去处"],
      indent(column(LIBRARY, 20), new Set([0])),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["梨花开处好种田", "县城图书馆成了热门去处"]);
    expect(found[0]!.text).toContain("梨园连着旅游路");
    expect(found[0]!.text).toMatch(/让果农多一份收入。$/);
  });
});

describe("pages whose blank lines mark layout blocks", () => {
  it("keep a package's subheaded, separately signed parts in one story, and pair headline blocks set off by blanks", () => {
    const text = page(
      ["新春走基层 节日里的坚守"],
      [""],
      column([LIBRARY[0]!, LIBRARY[1]!], 18),
      ["渡口迎来新船"],
      ["本报记者 陈海生"],
      column(FERRY, 18),
      ["梨园里的新打算"],
      ["本报记者 王晓明"],
      column(ORCHARD, 18),
      [""],
      ["浙江农村供水提质"],
      [""],
      column(RIVER, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["新春走基层 节日里的坚守", "浙江农村供水提质"]);
    expect(found[0]!.text).toContain("渡口迎来新船");
    expect(found[0]!.text).toMatch(/让果农多一份收入。$/);
    expect(found[1]!.authors).toEqual(["王晓明"]);
  });

  it("make a few lines holding no sentence, set off by blanks, one headline block even with commas", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      ["晚上开放到九点，下班的人也能来坐一坐"],
      [""],
      column(LIBRARY, 18),
      [""],
      ["梨花开处好种田"],
      [""],
      column(ORCHARD, 18),
    );
    const found = articlesOf(text);
    expect(found).toHaveLength(2);
    expect(found[0]!.title).toContain("县城图书馆成了热门去处");
    expect(found[0]!.title).toContain("晚上开放到九点，下班的人也能来坐一坐");
    expect(found[0]!.text).toMatch(/^走进位于县城东头/);
    expect(found[1]!.title).toBe("梨花开处好种田");
  });

  it("give each headline block to a neighbour, so every story gets one, whatever words they share", () => {
    // Both headlines speak of the orchard's words (two stories on one theme), but the first can
    // only be the library's: it opens the page, and each body has one headline, next to it.
    const text = page(
      ["梨花开时 合作社果农进馆读书"],
      [""],
      column(LIBRARY, 18),
      [""],
      ["梨园合作社带动果农增收"],
      [""],
      column(ORCHARD, 18),
    );
    expect(articlesOf(text).map((a) => a.title)).toEqual([
      "梨花开时 合作社果农进馆读书",
      "梨园合作社带动果农增收",
    ]);
  });

  it("say nothing when a blank follows every line", () => {
    const spaced = (lines: string[]) => lines.flatMap((l) => [l, ""]);
    const text = page(
      spaced(["县城图书馆成了热门去处"]),
      spaced(column(LIBRARY, 18)),
      spaced(["梨花开处好种田"]),
      spaced(column(ORCHARD, 18)),
    );
    expect(articlesOf(text).map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
  });
});

describe("pages with a blank after every line that print headline blocks whole", () => {
  // As the real pages do: a blank after each body line, none inside a headline block.
  const spaced = (lines: string[]) => lines.flatMap((l) => [l, ""]);
  const whole = (lines: string[]) => [...lines, ""];

  it("keep a body whole where its width seems to change with no headline and no seam", () => {
    // A one-line paragraph, then the rest set a few characters narrower (a column misread): no
    // dateline opens the text after it and nothing closed the text before, so the story goes on.
    const text = page(
      whole(["县城图书馆成了热门去处"]),
      spaced(column([LIBRARY[0]!, LIBRARY[1]!], 18)),
      spaced(["读者们都说好。"]),
      spaced(column([LIBRARY[2]!, ORCHARD[2]!], 13)),
      whole(["渡口换了新模样"]),
      spaced(column(FERRY, 18)),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "渡口换了新模样"]);
    expect(found[0]!.text.replace(/\s/g, "")).toContain("读者们都说好。除了借书还书");
  });

  it("keep a kicker wrapped so that its last character and the dashes stand alone with its subhead", () => {
    // A panel of remarks: each speaker's name as a kicker, "…馆长李红" / "梅——", over a line,
    // each line set apart by blanks like body lines, as the real every-line pages print section heads.
    const text = page(
      whole(["县城图书馆成了热门去处（文化圆桌）"]),
      spaced(column([LIBRARY[0]!], 18)),
      spaced(["浙江东阳县图书馆馆长李红", "梅——", "晚上开到九点"]),
      // Each speaker talks of their own work: the words do not tie this part to the one above.
      spaced(column([FERRY[0]!, FERRY[1]!], 14)),
      whole(["梨园合作社", "带动果农增收"]),
      spaced(column(ORCHARD, 18)),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "县城图书馆成了热门去处（文化圆桌）",
      "梨园合作社带动果农增收",
    ]);
    expect(found[0]!.text.replace(/\s/g, "")).toContain("浙江东阳县图书馆馆长李红梅——晚上开到九点");
  });

  it("keep a feature's kicker-and-line subheads, each set apart like body lines, inside the story", () => {
    const text = page(
      whole(["春到梨乡——", "梨园里的新日子"]),
      spaced(column([ORCHARD[0]!], 18)),
      spaced(["张建国——"]),
      spaced(["种好梨 卖上好价钱"]),
      spaced(column([ORCHARD[1]!], 18)),
      spaced(["村支书——"]),
      spaced(["梨园连着旅游路"]),
      spaced(column([ORCHARD[2]!], 18)),
      whole(["县城图书馆成了", "热门去处"]),
      spaced(column(LIBRARY, 18)),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["春到梨乡—— 梨园里的新日子", "县城图书馆成了热门去处"]);
    expect(found[0]!.text).toContain("种好梨 卖上好价钱");
    expect(found[0]!.text).toMatch(/多一份收入。$/);
  });

  it("read a kicker with commas wrapped over two lines, ending in ——, as part of the headline block", () => {
    const text = page(
      whole(["办了二十年的县图书馆，今年开", "到夜里九点，读者翻了一番——", "“晚上来坐坐，心里亮堂”"]),
      spaced(column(LIBRARY, 18)),
      whole(["梨园合作社", "带动果农增收"]),
      spaced(column(ORCHARD, 18)),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "办了二十年的县图书馆，今年开到夜里九点，读者翻了一番—— “晚上来坐坐，心里亮堂”",
      "梨园合作社带动果农增收",
    ]);
    expect(found[0]!.text).toMatch(/^走进位于县城东头的新图书馆/);
  });

  it("read three lines with commas printed whole over a body with no dateline as that story's headline block", () => {
    // No byline or dateline shows where the next story starts: only the three lines set together.
    const text = page(
      whole(["县城图书馆成了热门去处"]),
      spaced(column(LIBRARY, 18)),
      whole(["统一技术、统一销售，梨园合", "作社带着果农闯市场", "花开了，好日子也来了"]),
      spaced(column(ORCHARD, 18)),
    );
    const found = articlesOf(text);
    expect(found.map((a) => `${a.title}${a.subtitle ?? ""}`.replace(/\s/g, ""))).toEqual([
      "县城图书馆成了热门去处",
      "统一技术、统一销售，梨园合作社带着果农闯市场花开了，好日子也来了",
    ]);
    expect(found[0]!.text).toMatch(/最热闹的文化空间。$/);
    expect(found[1]!.text).toMatch(/^清晨，果园里/);
  });

  it("keep a body's first line with figures in it, narrower in ems though as long in characters, out of the headline", () => {
    const text = page(
      whole(["县城图书馆成了热门去处"]),
      spaced(column(LIBRARY, 15)),
      whole(["警务室里的团圆饭"]),
      spaced(column(["1月24日20时30分，北京南站的民警在警务室里吃上了团圆饭，简单而温馨。", FERRY[2]!], 15)),
    );
    // The first pass already keeps the line out of the headline run (where it was, a later step had
    // to take it back into the body, and on a real page it took the story into the one above).
    const runs = scanPage(toLines(text)).runs.map((r) => r.lines.map((l) => l.text));
    expect(runs).toEqual([["县城图书馆成了热门去处"], ["警务室里的团圆饭"]]);
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "警务室里的团圆饭"]);
    expect(found[1]!.text).toMatch(/^1月24日20时30分，北京南站/);
  });

  it("still read two headline blocks set apart as the end of one story and the start of the next", () => {
    const text = page(
      spaced(column(LIBRARY, 18)),
      whole(["县城图书馆成了热门去处（走基层）"]),
      whole(["梨园合作社", "带动果农增收"]),
      spaced(column(ORCHARD, 18)),
    );
    expect(articlesOf(text).map((a) => a.title)).toEqual([
      "县城图书馆成了热门去处（走基层）",
      "梨园合作社带动果农增收",
    ]);
  });
});

describe("pages without blank lines", () => {
  it("read a run with a subtitle deck (a line opening with ——) as the next story's headline, never a subhead", () => {
    // The second story is about the same library, so its words alone would keep it in the first.
    const text = page(
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 18),
      ["图书馆的夜晚", "——县城图书馆延长开放时间侧记"],
      column(
        [
          "图书馆晚上开放到九点以后，下班的居民也能来图书馆看书。图书馆还在阅览室开设了夜间讲座和展览。",
          "馆长李红梅说，图书馆成了县城里最热闹的夜间文化空间，读者比前年翻了一番。",
        ],
        18,
      ),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title.replace(/\s/g, ""))).toEqual([
      "县城图书馆成了热门去处",
      "图书馆的夜晚——县城图书馆延长开放时间侧记",
    ]);
    expect(found[1]!.subtitle).toBe("——县城图书馆延长开放时间侧记");
    expect(found[0]!.text).toMatch(/最热闹的文化空间。$/);
  });

  it("keep a body's first line that leaves a quote open for the line under it to close in the body, not the headline", () => {
    // "今年是全县推进“书香" holds no prose punctuation and is short of the column, as headline lines
    // are; the quote it opens is closed by the sentence running on under it.
    const text = page(
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 18),
      ["让书香飘进每个村庄（读书札记）", "今年是全县推进“书香"],
      column(
        ["乡村”建设的第三年。县里在每个村都建起了农家书屋，配齐了图书和电脑，村民在家门口就能借书看书。"],
        18,
      ),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title.replace(/\s/g, ""))).toEqual([
      "县城图书馆成了热门去处",
      "让书香飘进每个村庄（读书札记）",
    ]);
    expect(found[1]!.text.replace(/\s/g, "")).toMatch(/^今年是全县推进“书香乡村”建设的第三年。/);
  });

  it("keep a kicker wrapped inside a quote, closed on its ——-ended second line, in the headline block", () => {
    const text = page(
      ["2024年3月5日 星期二 人民日报 第7版：教育"],
      [
        "破解“借书难、还书远、开放短",
        "”，县里办起农村流动书车——",
        "书车进村“送书” 农家读书“热乎”（倾听）",
        "核心阅读",
      ],
      column(
        [
          "借书难、还书远、开放短是农村阅读中的“老大难”。不久前，县里推出流动书车，每周进村两次，村民在家门口就能借书看书，受到欢迎。",
          "今年是全县推进书香乡村建设的第三年，县里在每个村都建起了农家书屋，配齐了图书和电脑。",
        ],
        22,
      ),
    );
    const [story] = articlesOf(text);
    expect(story!.title.replace(/\s/g, "")).toBe(
      "破解“借书难、还书远、开放短”，县里办起农村流动书车——书车进村“送书”农家读书“热乎”（倾听）",
    );
    expect(story!.text.replace(/\s/g, "")).not.toContain("破解");
  });

  it("read lines with commas wrapped narrower than the text under them as a headline block, with no dateline after it", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 26),
      ["统一技术、统一销售，梨园合", "作社带着果农闯市场"],
      column(ORCHARD, 26),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title.replace(/\s/g, ""))).toEqual([
      "县城图书馆成了热门去处",
      "统一技术、统一销售，梨园合作社带着果农闯市场",
    ]);
    expect(found[0]!.text).toMatch(/最热闹的文化空间。$/);
    expect(found[1]!.text).toMatch(/^清晨，果园里/);
  });

  it("print headlines after their bodies: a subhead about the section under it stays in the story", () => {
    const text = page(
      column([LIBRARY[0]!, LIBRARY[1]!], 18),
      // The section under the subhead shares almost no words with the text before it.
      ["摄影展走进乡村"],
      column(
        [
          "本月的摄影展走进了乡村，展出了本地摄影爱好者拍下的农家生活，乡亲们看到自己上了照片，笑得合不拢嘴。",
        ],
        18,
      ),
      ["县城图书馆成了热门去处"],
      column(ORCHARD, 18),
      ["梨花开处好种田"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
    expect(found[0]!.text).toContain("摄影展走进乡村");
  });

  it("keep every headline on one side: a part signed by its own reporter stays in the story whose headline follows it", () => {
    const text = page(
      column([LIBRARY[0]!, LIBRARY[1]!], 18),
      ["本报记者 陈海生"],
      column([LIBRARY[2]!], 18),
      ["县城图书馆成了热门去处"],
      column(ORCHARD, 18),
      ["梨花开处好种田"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
    expect(found[0]!.text).toMatch(/^走进位于县城东头/);
    expect(found[0]!.text).toMatch(/最热闹的文化空间。$/);
  });

  it("read a run of three lines over a byline as the next story's headline block, not a subhead", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 18),
      ["关注春耕", "黑龙江", "梨花开处好种田"],
      ["本报记者 王晓明"],
      column(
        [
          ...ORCHARD,
          "开春以来，县里组织农技人员分片包村，指导果农科学施肥、合理修剪，还请来省里的专家举办了三期培训班，讲解病虫害绿色防控技术。果农们说，过去种梨靠经验，现在跟着专家学，心里更有底了，今年的坐果率明显提高，丰收在望。",
        ],
        18,
      ),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "关注春耕黑龙江梨花开处好种田"]);
    expect(found[1]!.authors).toEqual(["王晓明"]);
  });

  it("keep a feature's sections together when each section's subhead is followed by its own reporter's byline", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      column([LIBRARY[0]!, LIBRARY[1]!], 18),
      ["东城分馆"],
      ["本报记者 陈海生"],
      column(
        [
          "东城分馆的图书馆阅览室里，前来看书的居民也坐得满满当当，馆长说读者比去年多了一倍。",
          "分馆的图书馆晚上也开放到九点，下班的居民可以来借书还书，周末还有讲座和展览。馆长说，分馆和县城图书馆的书通借通还，居民在家门口就能借到总馆的新书，孩子们放学后也愿意来阅览室写作业、看绘本。",
        ],
        18,
      ),
      ["西城分馆"],
      ["本报记者 王晓明"],
      column(
        [
          "西城分馆的阅览室里同样坐满了前来看书的居民，孩子们在绘本区翻看图画书，馆长说读者比去年翻了一番。",
          "分馆的图书馆定期举办讲座和展览，周末的绘本课总是坐满了孩子和家长。居民说，过去借书要跑到县城东头，如今走几步路就到了分馆，图书馆成了小区里最热闹的文化空间，晚上下班后也能来坐一坐。",
        ],
        18,
      ),
      ["梨花开处好种田"],
      column(ORCHARD, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
    expect(found[0]!.text).toContain("东城分馆");
    expect(found[0]!.text).toContain("西城分馆");
  });
});

describe("a page of briefs without blanks, headlines after their bodies", () => {
  it("reads a one-line headline about the brief above it as that brief's, though it is set like its neighbours", () => {
    // One-line headlines of about one length, as a feature's subheads are: the side of the page and
    // what each line names keep the briefs apart. Each body is long enough to be a section.
    const long = (paragraphs: string[]) => column([...paragraphs, ...paragraphs], 18);
    const text = page(
      long(FERRY),
      ["海岛渡口换了新模样"],
      long(LIBRARY),
      ["县城图书馆人气很旺"],
      long(ORCHARD),
      ["梨园合作社带富果农"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "海岛渡口换了新模样",
      "县城图书馆人气很旺",
      "梨园合作社带富果农",
    ]);
    expect(found[1]!.text).toMatch(/^走进位于县城东头/);
  });
});

describe("a page without blanks whose last headline reads as a sentence", () => {
  it("still shows its side by the runs between bodies, so a story of two datelined briefs stays whole", () => {
    const text = page(
      column(RIVER, 18),
      ["浙江推进农村供水提质"],
      column([`本报杭州3月5日电（记者李红）${LIBRARY[0]!}`, LIBRARY[1]!], 18),
      column([`本报杭州3月6日电（记者李红）${LIBRARY[2]!}`], 18),
      ["县城图书馆成了热门去处"],
      column(ORCHARD, 18),
      ["“梨花开了！”"],
    );
    const found = articlesOf(text);
    const library = found.find((a) => a.title === "县城图书馆成了热门去处");
    expect(library?.text).toMatch(/^走进位于县城东头/);
    expect(library?.text).toMatch(/最热闹的文化空间。$/);
    expect(found.filter((a) => a.title === "")).toHaveLength(1);
  });
});

describe("numbered section marks", () => {
  it("keep 镜头一/镜头二 and 第二章 sections inside their story", () => {
    const text = page(
      ["新春日子美 收获在身边"],
      column(["春节前后，记者走进村镇和海岛，看见一个个普通人的新年新变化，也听到他们对来年的新打算。"], 18),
      ["镜头一", "渡口迎来新船"],
      column([FERRY[0]!, FERRY[1]!], 18),
      ["镜头二", "梨园里的新打算"],
      column([ORCHARD[0]!, ORCHARD[1]!], 18),
      ["第二章 附则"],
      column([RIVER[2]!], 18),
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["新春日子美 收获在身边", "县城图书馆成了热门去处"]);
    expect(found[0]!.text).toContain("镜头二");
    expect(found[0]!.text).toMatch(/全覆盖。$/);
  });
});

describe("headline blocks", () => {
  it("reads a kicker ending in ——, a main headline with commas and a column tag as one headline", () => {
    const text = page(
      ["县里办起夜间图书馆——", "“晚上来坐坐，心里亮堂”（新春走基层）"],
      column(LIBRARY, 17),
      ["梨花开处好种田，果农", "日子越过越红火（田间地头）"],
      column(ORCHARD, 17),
    );
    const found = articlesOf(text);
    expect(found.map((a) => `${a.title}|${a.subtitle ?? ""}`)).toEqual([
      "县里办起夜间图书馆—— “晚上来坐坐，心里亮堂”（新春走基层）|“晚上来坐坐，心里亮堂”（新春走基层）",
      "梨花开处好种田，果农日子越过越红火（田间地头）|",
    ]);
    expect(found[0]!.text).toMatch(/^走进位于县城东头的新图书馆/);
    expect(found[1]!.text).toMatch(/^清晨，果园里的梨花开得正盛/);
  });

  it("reads a headline that exclaims before its column tag, 停！（…）, as a headline, not a sentence", () => {
    // As wide as the column and ending in "！": only the tag after the exclamation shows it.
    const text = page(
      ["乱扔垃圾进景区，停！（美丽中国）"],
      column(LIBRARY, 17),
      ["梨花开处好种田（田间地头）"],
      column(ORCHARD, 17),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "乱扔垃圾进景区，停！（美丽中国）",
      "梨花开处好种田（田间地头）",
    ]);
    expect(found[0]!.text).toMatch(/^走进位于县城东头的新图书馆/);
  });

  it("reads a column tag holding a series number, （…·浙江篇（上））, wrapped over two lines", () => {
    // The tagged lines are as wide as the column, so only their tag shows them to be a headline.
    const text = page(
      ["图书馆夜读"],
      column(LIBRARY, 12),
      ["梨花开处好种田致富（乡村新", "景观察·浙江篇（上））"],
      column(ORCHARD, 12),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "图书馆夜读",
      "梨花开处好种田致富（乡村新景观察·浙江篇（上））",
    ]);
    expect(found[1]!.text).toMatch(/^清晨，果园里的梨花开得正盛/);
  });

  it("keeps a —— deck under a headline with commas and a column tag, as wide as the column", () => {
    const text = page(
      ["梨花开处，果农好种田（今日谈）", "——写在春耕时节的梨园②"],
      column(ORCHARD, 13),
      ["图书馆夜读"],
      column(LIBRARY, 13),
    );
    const found = articlesOf(text);
    expect(found.map((a) => `${a.title}|${a.subtitle ?? ""}`)).toEqual([
      "梨花开处，果农好种田（今日谈） ——写在春耕时节的梨园②|——写在春耕时节的梨园②",
      "图书馆夜读|",
    ]);
    expect(found[0]!.text).toMatch(/^清晨，果园里的梨花开得正盛/);
  });

  it("reads a column tag in ASCII brackets, also wrapped over two lines", () => {
    const text = page(
      ["图书馆夜读，一读到九点(书香中国)"],
      column(LIBRARY, 16),
      ["梨花开处，果农好种田(乡村新景·", "田间地头)"],
      column(ORCHARD, 16),
    );
    expect(articlesOf(text).map((a) => a.title)).toEqual([
      "图书馆夜读，一读到九点(书香中国)",
      "梨花开处，果农好种田(乡村新景·田间地头)",
    ]);
  });

  it("does not take a name in ASCII brackets closing a body line for a column tag", () => {
    const text = page(
      ["两家企业共建产业园"],
      column(
        [
          "近日，两家企业在园区签署合作协议。",
          "峰会现场，园区服务公司与京汇风云集团(海南)有限公司共建金融中心，双方将在多个领域开展合作。",
        ],
        12,
      ),
    );
    expect(articlesOf(text).map((a) => a.title)).toEqual(["两家企业共建产业园"]);
  });
});

describe("headlines between two stories", () => {
  it("leaves out a line about another story rather than fusing it into this one's headline", () => {
    // The library story's body runs on into the ferry story's (no seam shows), whose headline is
    // printed after it, right above the orchard story's own headline.
    const text = page(
      ["浙江推进农村供水提质"],
      column(RIVER, 16),
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 16),
      column(FERRY, 16),
      ["海岛渡口换新颜", "候船扫码更方便"],
      ["梨园合作社带动果农增收"],
      column(ORCHARD, 16),
      ["冰雪运动走进校园"],
      column(
        [
          "冬日的操场上，孩子们穿着轮滑鞋在老师的带领下练习滑行。学校今年把冰雪运动列入体育课。",
          "体育老师说，学生们热情很高，不少家长也来当志愿者。",
        ],
        16,
      ),
    );
    const found = articlesOf(text);
    const orchard = found.find((a) => a.text.startsWith("清晨，果园里"));
    expect(orchard?.title).toBe("梨园合作社带动果农增收");
    expect(found.every((a) => !/海岛|候船/.test(a.title) || !/梨园|图书馆/.test(a.title))).toBe(true);
    // Two headlines for one body: the two stories in it are not parted. A body is cut at a
    // left-over headline only when that headline follows it (the real pages never run two
    // stories together without a seam, and cutting at one printed before lost articles there).
    const merged = found.find((a) => a.text.startsWith("走进位于县城东头"));
    expect(merged?.text).toContain("海岛上的渡口");
  });
});

describe("headline runs the programme must divide", () => {
  it("part two headlines at a column tag even when the next one opens with 为", () => {
    const text = page(
      column(RIVER, 18),
      ["农村供水提质了（走基层）"],
      ["为果农算好增收账（田间观察）"],
      column(ORCHARD, 18),
    );
    expect(articlesOf(text).map((a) => a.title)).toEqual([
      "农村供水提质了（走基层）",
      "为果农算好增收账（田间观察）",
    ]);
  });
});

describe("headlines with commas", () => {
  it("title the story whose dateline follows them", () => {
    const text = page(
      column(ORCHARD, 18),
      ["梨花开处好种田"],
      ["浙江推进农村供水提质，", "山区群众喝上放心水"],
      column(RIVER, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["梨花开处好种田", "浙江推进农村供水提质，山区群众喝上放心水"]);
    expect(found[1]!.text).toMatch(/^记者从浙江省水利厅获悉/);
  });

  it("take along a line without commas above them, kicker-like, when they stand over the dateline", () => {
    // A page without blanks, headlines before their bodies: the first line holds no comma, and the
    // headline's second line, wrapped, carries on with commas up to the next story's dateline.
    const text = page(
      ["梨花开处好种田"],
      column(ORCHARD, 18),
      ["浙江省水利厅印发通知要求", "推进农村供水提质，让山", "区群众喝上放心水、安全水"],
      column(RIVER, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => `${a.title}${a.subtitle ?? ""}`.replace(/\s/g, ""))).toEqual([
      "梨花开处好种田",
      "浙江省水利厅印发通知要求推进农村供水提质，让山区群众喝上放心水、安全水",
    ]);
    expect(found[0]!.text).toMatch(/多一份收入。$/);
    expect(found[1]!.text).toMatch(/^记者从浙江省水利厅获悉/);
  });

  it("title the story whose indented first paragraph follows them, on a page that indents paragraphs", () => {
    const indent = (lines: string[]) => lines.map((l, i) => (i === 0 ? `\u3000\u3000${l}` : l));
    const text = page(
      ["梨花开处好种田"],
      indent(column([ORCHARD[0]!], 20)),
      indent(column([ORCHARD[1]!], 20)),
      ["县城图书馆里人气旺，", "讲座展览月月有"],
      indent(column([LIBRARY[0]!], 20)),
      indent(column([LIBRARY[2]!], 20)),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["梨花开处好种田", "县城图书馆里人气旺，讲座展览月月有"]);
    expect(found[0]!.text).toMatch(/收入超过十万元。$/);
  });
});

describe("a page that indents paragraphs", () => {
  const indent = (lines: string[]) => lines.map((l, i) => (i === 0 ? `\u3000\u3000${l}` : l));

  it("reads the unindented lines over a paragraph as its headline, an exclamation over its —— deck too", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      indent(column([LIBRARY[0]!], 18)),
      indent(column([LIBRARY[2]!], 18)),
      ["梨花开了！"],
      ["——记一个梨园合作社的", "春天"],
      indent(column([ORCHARD[0]!], 18)),
      indent(column([ORCHARD[2]!], 18)),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "县城图书馆成了热门去处",
      "梨花开了！ ——记一个梨园合作社的春天",
    ]);
  });

  it("keeps a paragraph's short last sentence in its text when no deck follows it", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      indent(column([LIBRARY[0]!], 18)),
      ["图书馆真好！"],
      indent(column([`本报杭州3月5日电（记者李红）${ORCHARD[0]!}`], 18)),
      indent(column([ORCHARD[2]!], 18)),
      ["梨花开处好种田"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处", "梨花开处好种田"]);
    expect(found[0]!.text).toMatch(/图书馆真好！$/);
  });
});

describe("column tags", () => {
  it("do not steer a headline to the body that happens to share the series' words", () => {
    // Printed after its body, the library headline's column tag names a series about orchards.
    const text = page(
      column(LIBRARY, 18),
      ["（本报记者罗珊珊、吴秋余参与采写）"],
      ["县城图书馆成了热门去处（梨花果园·合作社种植户新春走基层）"],
      ["梨园合作社带动果农增收"],
      column(ORCHARD, 18),
      ["（综合本报记者王晓明、", "张三报道）"],
      ["浙江推进农村供水提质"],
      column(RIVER, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "县城图书馆成了热门去处（梨花果园·合作社种植户新春走基层）",
      "梨园合作社带动果农增收",
      "浙江推进农村供水提质",
    ]);
    expect(found.map((a) => a.credits)).toEqual([
      ["（本报记者罗珊珊、吴秋余参与采写）"],
      ["（综合本报记者王晓明、张三报道）"],
      undefined,
    ]);
  });
});

describe("a change of column width", () => {
  it("keeps a one-line attribution after a quote with the story it closes", () => {
    // The ferry story is set in a narrower column right under the library story; the line after
    // the library story's last quote is short, but it still belongs to that story.
    const quote = "“我们会把更多好书送到读者身边，让大家在家门口就能读到好书，也欢迎更多志愿者加入。”";
    const text = page(
      ["县城图书馆成了热门去处"],
      column([...LIBRARY, quote], 18),
      ["馆长说。"],
      column(FERRY, 12),
      ["海岛渡口换新颜"],
      ["梨园合作社带动果农增收"],
      column(ORCHARD, 18),
    );
    const found = articlesOf(text);
    expect(found[0]!.title).toBe("县城图书馆成了热门去处");
    expect(found[0]!.text).toMatch(/志愿者加入。”\n?馆长说。$/);
    expect(found.find((a) => a.title === "海岛渡口换新颜")?.text).toMatch(/^海岛上的渡口/);
  });
});

describe("a lead-in set above its dateline", () => {
  // A story closed by its byline, then a quote with no headline, then a story opening with its
  // dateline and no headline of its own: front pages print a lead-in quote so.
  const first = [
    "甲城举行科技成果发布会",
    "",
    ...column(
      [
        "甲城1日举行科技成果发布会，二十项新技术集中亮相，涵盖新材料、智能制造和生物医药等领域。发布会现场签约项目十二个，总金额超过三十亿元。",
      ],
      16,
    ),
    "（本报记者  王  明）",
  ];
  const leadIn = column(["“种子是农业的芯片，育种创新关系到国家粮食安全，必须牢牢掌握在自己手中。”"], 16);
  const dateline = column(
    [
      "本报北京3月1日电 全国农业科技成果转化大会1日在京开幕。会议介绍，过去一年全国共转化农业科技成果三千余项，带动农民增收显著。与会代表围绕种业振兴和农机装备展开交流。",
    ],
    16,
  );

  it("joins a body with no headline to the dateline story right after it", () => {
    const articles = articlesOf(page(first, [""], leadIn, [""], dateline));
    expect(articles).toHaveLength(2);
    expect(articles[0]!.title).toBe("甲城举行科技成果发布会");
    const second = articles[1]!.text.replace(/\s/g, "");
    expect(second).toContain("种子是农业的芯片");
    expect(second).toContain("全国农业科技成果转化大会1日在京开幕");
  });
});

describe("a quote over its story, signed with a bare name", () => {
  it("ends at its ——name line, which is never read as a headline line, and stays in the story", () => {
    const quote = "“要把图书馆办成群众家门口的精神家园，让每个人都能在书香里找到自己的位置。”";
    const text = page(
      column(ORCHARD, 12),
      ["梨花开处好种田"],
      column([quote], 12),
      ["——王晓明"],
      column(LIBRARY, 12),
      ["县城图书馆成了热门去处"],
    );
    // The layout scan finds the two headlines only: the signature is no run of headline lines
    // that a story without a headline of its own could take for one.
    const { runs } = scanPage(toLines(text));
    expect(runs.map((r) => r.lines.map((l) => l.text).join(""))).toEqual([
      "梨花开处好种田",
      "县城图书馆成了热门去处",
    ]);
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["梨花开处好种田", "县城图书馆成了热门去处"]);
    expect(found[1]!.text.replace(/\s/g, "")).toContain("位置。”——王晓明走进位于县城东头");
  });
});

describe("a headline with a column tag between two bodies on a page without blanks", () => {
  it("is the next story's headline, never a section subhead, even where the text runs on in the same words", () => {
    const more = [
      "图书馆的读者越来越多，县里决定在乡镇再建一批图书馆分馆，让乡下的孩子也能借到新书。",
      "图书馆分馆由县图书馆统一配书、统一管理，读者在分馆也能借还县图书馆的书。",
    ];
    const text = page(
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 18),
      ["读者多了，分馆来了（新论）"],
      column(more, 18),
      ["梨花开处好种田"],
      column(ORCHARD, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "县城图书馆成了热门去处",
      "读者多了，分馆来了（新论）",
      "梨花开处好种田",
    ]);
  });
});

describe("a headline with commas alone between two stories", () => {
  const more = [
    "图书馆分馆由县图书馆统一配书、统一管理，读者在分馆也能借还县图书馆的书。",
    "乡镇分馆开放以来，周末来看书的孩子明显多了，不少家长也跟着办了借书证。",
  ];

  it("is the headline of the story above it on a page that prints headlines after their bodies", () => {
    const text = page(column(LIBRARY, 18), ["书香满县城，读者越来越多"], column(ORCHARD, 18), [
      "梨花开处好种田",
    ]);
    expect(articlesOf(text).map((a) => a.title)).toEqual(["书香满县城，读者越来越多", "梨花开处好种田"]);
  });

  it("is read when it wraps over two short lines, measured against the line under both", () => {
    // Each headline line is as short as the other, so only the body line under the pair shows
    // them short; the story under it opens without a dateline, on a full line without punctuation.
    const screens = [
      "大厅里的电子屏实时显示着全馆各个阅览室的空余座位数量，读者进门就能看到。",
      "管理员说，电子屏上线以来，找座位的读者少走了不少冤枉路。",
    ];
    const text = page(
      column(LIBRARY, 18),
      ["县城图书馆延长开放、增", "加座位，读者翻了一番"],
      column(screens, 18),
      ["电子屏帮读者找座位"],
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual([
      "县城图书馆延长开放、增加座位，读者翻了一番",
      "电子屏帮读者找座位",
    ]);
    expect(found[1]!.text).toMatch(/^大厅里的电子屏/);
  });

  it("is a subhead where the text under it goes on with the same story", () => {
    const text = page(
      ["县城图书馆成了热门去处"],
      column(LIBRARY, 18),
      ["建分馆，书送到家门口"],
      column(more, 18),
    );
    const found = articlesOf(text);
    expect(found.map((a) => a.title)).toEqual(["县城图书馆成了热门去处"]);
    expect(found[0]!.text).toContain("建分馆，书送到家门口");
    expect(found[0]!.text).toContain("乡镇分馆开放以来");
  });
});
