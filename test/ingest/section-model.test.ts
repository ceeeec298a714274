/**
 * The section model (src/ingest/section-model.ts) on pages written for this test: on a page with a
 * blank after every line, one-line subheads set alike (新产业 / 新生活 / 新风尚) between long sections
 * keep a feature whole even where the sections share too few words for the rules to join them, and so
 * does a subhead with its own reporter's byline under it; the same kind of runs over short captions
 * stay separate stories.
 */
import { describe, expect, it } from "vitest";
import { SECTION_FEATURES } from "../../src/ingest/section-model.js";
import { SECTION_WEIGHTS } from "../../src/ingest/section-weights.js";
import { segmentPage } from "../../src/ingest/segment.js";
import { wrapAt } from "./wrap.js";

const wrap = wrapAt(18);
/** A blank after every line; a headline block's own lines stay together, as real pages print them. */
const everyLinePage = (parts: (string | string[])[]): string =>
  parts.map((p) => (Array.isArray(p) ? p.join("\n") : wrap(p).join("\n\n"))).join("\n\n");

const INTRO =
  "溪谷村坐落在两座山梁之间，过去全村人靠种玉米和放羊过日子，年轻人大多外出打工，留在村里的多是老人和孩子。这几年，村里修通了水泥路，接上了光纤网，一批在外闯荡的年轻人陆续回到家乡，用各自的办法改变着这个小山村的模样。记者近日走进溪谷村，听村民讲述这一年的变化。";
const SECTIONS = [
  "村东头的厂房里，十几台烘干机正在运转，空气里飘着菌菇的香味。合作社理事长介绍，去年他们试种了三个品种的香菇，收成比预想的好，今年又扩大了大棚面积，还和城里的超市签了长期供货合同。合作社吸纳了二十多名村民务工，每人每月能挣三千多元，比原来种玉米强多了。合作社还请来农技专家，手把手教社员控温控湿，遇到病害就在手机上拍照求助，专家远程给出处方。眼下，第二批菌棒已经上架，预计秋天就能采收上市，销路早已谈妥。理事长算了一笔账，照这个势头，明年合作社的收入有望翻一番，他打算再添两条分拣线，让更多留守妇女在家门口就业。",
  "傍晚时分，文化广场上响起了音乐，几十位大妈排成整齐的队伍跳起广场舞。广场旁边新建的图书室里，几个孩子正趴在桌上写作业，志愿者老师在一旁耐心辅导。卫生室的医生说，现在村民有个头疼脑热，在家门口就能看病拿药，慢性病患者每个季度还能免费体检一次。到了周末，村里的篮球场上更是热闹，外出务工回来的小伙子们组队比赛，场边围满了加油的乡亲，笑声一阵接着一阵，直到天黑才散。村里的老人们也没闲着，有的在活动室里下象棋，有的跟着电视学唱戏，日子过得有滋有味，不少人说比住在城里还舒坦。",
  "说起村里的新规矩，老支书掰着手指头数：红白喜事不再大操大办，彩礼有了上限，垃圾分类有人检查评比，每月还要评选好婆婆和好媳妇。刚开始有人不习惯，慢慢地大家都觉得省心又省钱。今年春节，家家户户门前干干净净，邻里之间走动得更勤了，吵架拌嘴的少了。村里还把这些约定编成顺口溜，印在小册子上发到各家各户，孩子们放学路上也能背上几句，老人们听了直乐，说这是好风气。镇上的干部来村里调研时，专门把这本小册子带回去，准备在全镇推广，让更多村子学一学溪谷村的做法。",
];
const OTHER =
  "社区书屋开放一年来，借阅量逐月增长，不少居民把这里当成了第二个客厅。书屋每周举办一次读书分享会，邀请作家和教师与读者面对面交流，还为老年读者准备了大字版图书和老花镜。管理员说，下一步打算延长开放时间，让上班族下班后也能来坐一坐，读一读。";

/** The feature: a headline block, an intro, and three sections under one-line subheads set alike. */
const FEATURE: (string | string[])[] = [
  ["溪谷村的一年", "山乡处处有新景"],
  INTRO,
  "新产业",
  SECTIONS[0]!,
  "新生活",
  SECTIONS[1]!,
  "新风尚",
  SECTIONS[2]!,
];

describe("section model", () => {
  it("keeps a feature whole across one-line subheads set alike, where the rules alone would split it", () => {
    const page = everyLinePage([...FEATURE, ["书香飘进千家万户（今日谈）"], OTHER]);
    const rules: boolean[] = [];
    const articles = segmentPage(page, {
      observeSection: (call) => {
        if (call.modelled) rules.push(call.rules);
        return undefined;
      },
    }).filter((a) => a.kind === "article");
    // The sections share too few words: the rules would have split at least one subhead.
    expect(rules).toContain(false);
    expect(articles.map((a) => a.title)).toEqual([
      "溪谷村的一年山乡处处有新景",
      "书香飘进千家万户（今日谈）",
    ]);
    const feature = articles[0]!.text.replace(/\s/g, "");
    for (const section of SECTIONS) expect(feature).toContain(section);
    expect(feature).toContain("新生活");
  });

  it("keeps stories apart where runs set alike head short captions", () => {
    const captions = [
      "三月里，山坡上的农户赶着耕牛犁地，准备播种今年的第一季春玉米。",
      "六月底，麦田里的收割机来回穿梭，一天就能收完两百多亩小麦。",
      "十月间，果园里的苹果挂满枝头，果农们忙着采摘装箱运往外地。",
    ];
    const page = everyLinePage([
      ["溪谷村的一年", "山乡处处有新景"],
      INTRO + SECTIONS[0]!,
      "春耕忙",
      captions[0]!,
      "夏收急",
      captions[1]!,
      "秋果红",
      captions[2]!,
    ]);
    const titles = segmentPage(page)
      .filter((a) => a.kind === "article")
      .map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(["春耕忙", "夏收急", "秋果红"]));
  });

  it("keeps a section under its subhead and its own reporter's byline inside the feature, where the rules alone would split it", () => {
    const page = everyLinePage([
      ["溪谷村的一年", "山乡处处有新景"],
      INTRO,
      "合作社的烘干机转起来了",
      "本报记者 王晓明",
      SECTIONS[0]!,
      "广场上",
      "本报记者 李红梅",
      SECTIONS[1]!,
    ]);
    const calls: { rules: boolean; byline: boolean }[] = [];
    const articles = segmentPage(page, {
      observeSection: (call) => {
        if (call.modelled) calls.push({ rules: call.rules, byline: call.block.leadByline !== undefined });
        return undefined;
      },
    }).filter((a) => a.kind === "article");
    // A run over a byline the rules would have split: the byline under it is what keeps it a subhead.
    expect(calls).toContainEqual({ rules: false, byline: true });
    expect(articles.map((a) => a.title)).toEqual(["溪谷村的一年山乡处处有新景"]);
    const feature = articles[0]!.text.replace(/\s/g, "");
    for (const section of SECTIONS.slice(0, 2)) expect(feature).toContain(section);
  });

  it("lets an observer override each call, as eval:segment --oracle does", () => {
    const page = everyLinePage(FEATURE);
    const titles = (told: boolean | undefined) =>
      segmentPage(page, { observeSection: () => told })
        .filter((a) => a.kind === "article")
        .map((a) => a.title);
    expect(titles(undefined)).toEqual(["溪谷村的一年山乡处处有新景"]);
    expect(titles(false)).toEqual(["溪谷村的一年山乡处处有新景", "新产业", "新生活", "新风尚"]);
  });

  it("reads the weights the training script wrote for the features it computes", () => {
    expect(SECTION_WEIGHTS.features).toEqual([...SECTION_FEATURES]);
    expect(SECTION_WEIGHTS.weights).toHaveLength(SECTION_FEATURES.length);
  });
});
