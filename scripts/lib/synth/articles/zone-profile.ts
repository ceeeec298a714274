/**
 * A long profile of one zone, like the seed's 清远 story: a two-line headline, three sections
 * with subheads, a ranking, companies old and new, a returnee, a professor-founder, the zone head.
 */
import { DraftBuilder, type TemplateContext } from "../draft.js";
import {
  execRoleOf,
  holderOf,
  makeCompany,
  makeInstitute,
  makeZone,
  professorNamed,
  returneeNamed,
  type Zone,
  zoneHeadRole,
} from "../entities.js";
import { Rng } from "../prng.js";
import {
  missingExecGap,
  missingZoneHeadGap,
  numberFact,
  placeFact,
  rankFact,
  roleHolderFact,
  yearFact,
} from "../questions.js";
import { LEAD_INS, PRODUCTS, SUBHEADS, ZONE_SLOGANS } from "../vocab.js";
import { fillerParagraphs } from "./filler.js";

function highTechZone(ctx: TemplateContext): Zone {
  let zone = makeZone(ctx.rng);
  while (!zone.isHighTech) zone = makeZone(ctx.rng);
  return zone;
}

export function zoneProfile(ctx: TemplateContext) {
  const { rng } = ctx;
  const zone = highTechZone(ctx);
  const Z = zone.name;
  const d = new DraftBuilder();
  const k = Rng.keyed("zone-profile", Z);

  const leader = makeCompany(rng, zone);
  d.para(
    `${rng.int(1, 12)}月${rng.int(1, 28)}日，记者走进${leader}，映入眼帘的是“国家${rng.pick(PRODUCTS)}工程技术研究中心”“国家认定企业技术中心”等牌匾。`,
    `公司产品从${Z}走向全国，走向世界。`,
  );

  const upgrade = k.int(2010, 2018);
  const rankYear = k.int(2018, 2021);
  const rank = Rng.keyed("rank", Z, rankYear).int(5, 169);
  const streak = k.int(2, 6);
  d.para(
    `该公司的成长见证着${Z}的崛起。`,
    d.fact(
      yearFact(Z, "升级为国家高新区的年份", upgrade, `${upgrade}年，${Z}升级为国家高新区`, [
        `${Z}是哪一年升级为国家高新区的？`,
        `${Z}哪年获批升级为国家级高新区？`,
      ]),
    ),
    `，此后一直在努力奔跑，而且跑出了“加速度”。根据${rankYear}年度国家高新区评价结果，`,
    d.fact(rankFact(Z, rankYear, rank, `${Z}综合排名第${rank}名`)),
    "，实现升级国家高新区以来",
    d.fact(
      numberFact(Z, "排名稳步攀升的年数", `${streak}年`, `排名连续${streak}年稳步攀升`, [
        `${Z}的排名已经连续几年稳步攀升？`,
        `升级以来，${Z}排名连着上升了多少年？`,
      ]),
    ),
    "。",
  );

  const [sub1, sub2, sub3] = rng.sample(SUBHEADS, 3);
  d.subhead(...sub1!);
  const old = makeCompany(rng, zone);
  const settled = Rng.keyed("settled", old).int(1998, 2016);
  const growth = Rng.keyed("growth", old).int(8, 45);
  d.para(`今年${rng.int(1, 6)}月，${old}扛回了“全国就业与社会保障先进民营企业”的荣誉。这个称号含金量不低。`);
  d.para(
    "殊荣源于实力。",
    d.fact(
      yearFact(old, "落户年份", settled, `${settled}年，${old}落户${Z}`, [
        `${old}是哪一年落户${Z}的？`,
        `${old}哪年入驻${Z}？`,
      ]),
    ),
    "，近年来营业收入、税收、利润",
    d.fact(
      numberFact(old, "营收年增长率", `${growth}%`, `保持${growth}%年增长率`, [
        `${old}近年来营业收入、税收、利润的年增长率是多少？`,
        `${old}每年营收大约增长百分之几？`,
      ]),
    ),
    "，发展态势强劲。",
  );
  const institute = makeInstitute(rng);
  const returnee = returneeNamed(holderOf(institute, "院长"));
  d.para(
    "这段时间，",
    d.fact(roleHolderFact(institute, "院长", returnee.name, `${institute}院长${returnee.name}`)),
    `一直带领研发团队在实验室里忙碌，亲自主导的${rng.pick(PRODUCTS)}研发目前已到了关键时期。`,
    d.fact(
      yearFact(
        returnee.name,
        "留学回国的年份",
        returnee.year,
        `${returnee.year}年，${returnee.name}从${returnee.country}留学回国`,
        [`${returnee.name}是哪一年从${returnee.country}留学回国的？`, `${returnee.name}哪年学成归国？`],
      ),
    ),
    `，年底企业进驻${Z}。`,
  );
  const newHigh = Rng.keyed("new-hightech", Z, rankYear).int(12, 160);
  d.para(
    `为了让新老朋友都能在这里“和鸣”，${Z}持续加大力度开展高新技术企业培育工作。在${rankYear}年度考核评价当中，`,
    d.fact(
      numberFact(Z, `${rankYear}年度新增高企数量`, `${newHigh}家`, `${Z}当年新增高企${newHigh}家`, [
        `${rankYear}年度考核评价中${Z}新增了多少家高企？`,
        `${Z}在${rankYear}年度新增高新技术企业几家？`,
      ]),
    ),
    `，园区内高企营收合计占比达${rng.int(40, 85)}%。`,
  );

  d.subhead(...sub2!);
  const headRole = zoneHeadRole(Z);
  const head = holderOf(Z, headRole);
  d.para(
    `“创新要素不足不等于不可以做创新工作。”对此，`,
    d.fact(roleHolderFact(Z, headRole, head, `${Z}${headRole}${head}`)),
    "有着清醒的认识。",
  );
  d.gap(...missingZoneHeadGap(Z, headRole).questions);
  d.paras(fillerParagraphs(rng, Z, 2, 6));
  const spinout = makeCompany(rng, zone);
  const spinRole = execRoleOf(spinout);
  const prof = professorNamed(holderOf(spinout, spinRole));
  const profEvidence = `${prof.university}${prof.college}教授${prof.name}`;
  // One sentence carries both facts; the professor's evidence is the start of the other one.
  d.fact(
    placeFact(prof.name, "任教学院", prof.college, profEvidence, [
      `${prof.name}是哪个学院的教授？`,
      `${prof.name}在${prof.university}哪个学院任教？`,
    ]),
  );
  d.para(
    d.fact(
      roleHolderFact(
        spinout,
        spinRole,
        prof.name,
        `${profEvidence}现在还有另外一个身份——${spinout}${spinRole}`,
      ),
    ),
    "。该公司由高校的专家、教授、博士等高层次人才组成。",
  );
  d.gap(...missingExecGap(spinout, spinRole).questions);

  d.subhead(...sub3!);
  const listed = makeCompany(rng, zone);
  const listedRole = execRoleOf(listed);
  const exec = holderOf(listed, listedRole);
  d.para(
    `${rng.int(1, 12)}月${rng.int(1, 28)}日上午，${listed}在${rng.pick(["上海证券交易所科创板", "深圳证券交易所创业板", "北京证券交易所"])}正式上市。`,
    `“是${zone.city}的营商环境吸引了我们。”`,
    d.fact(roleHolderFact(listed, listedRole, exec, `${listed}${listedRole}${exec}`)),
    "说。",
  );
  d.gap(...missingExecGap(listed, listedRole).questions);
  d.paras(fillerParagraphs(rng, Z, 2, 6));
  d.para(`“现在项目排着队进来，到明年至少有${rng.int(2, 15) * 10}多家企业投产。”${head}坚定地说。`);

  const leadIn = rng.pick(LEAD_INS);
  return d.build("article", [`${Z}${rng.pick(ZONE_SLOGANS)}`], { leadIn, zone: Z });
}
