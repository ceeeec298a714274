/**
 * Projects breaking ground in a zone, like the seed's 嘉兴 and 扬州 stories: a batch start, one
 * flagship project's land or floor area and investment, its investor group, a district secretary.
 */
import { DraftBuilder, type TemplateContext } from "../draft.js";
import { holderOf, makeGroup, makeProject, makeZone } from "../entities.js";
import { Rng } from "../prng.js";
import { numberFact, roleHolderFact, timeFact, yearFact } from "../questions.js";
import { filler, fillerParagraphs } from "./filler.js";

export function projectLaunch(ctx: TemplateContext) {
  const { rng } = ctx;
  const zone = makeZone(rng);
  const Z = zone.name;
  const d = new DraftBuilder();
  const year = rng.int(2016, 2022);
  const batch = Rng.keyed("batch", Z, year);
  const count = batch.int(5, 80);
  const total = batch.int(20, 600);
  const industry = rng.pick(["先进制造业", "战略性新兴产业", "高端装备", "生物医药", "数字经济"]);
  const project = makeProject(rng);
  const P = project.name;

  d.para(
    `近日，${zone.city}市${zone.district}${year}年${industry}项目集中开工仪式在${Z}举行，`,
    `${P}等`,
    d.fact(
      numberFact(
        Z,
        `${year}年集中开工的${industry}项目数量`,
        `${count}个`,
        `${count}个${industry}项目集中开工，总投资达${total}亿元`,
        [
          `${year}年${Z}有多少个${industry}项目集中开工？`,
          `${Z}在${year}年集中开工的${industry}项目一共几个？`,
        ],
      ),
    ),
    "。",
  );

  const size =
    project.measure === "land"
      ? d.fact(
          numberFact(P, "一期占地面积", `${project.land}亩`, `该项目一期占地${project.land}亩`, [
            `${P}一期占地多少亩？`,
            `${P}一期用地规模有多大？`,
          ]),
        )
      : d.fact(
          numberFact(P, "总建筑面积", `${project.area}万平方米`, `该项目总建筑面积${project.area}万平方米`, [
            `${P}的总建筑面积是多少？`,
            `${P}建筑面积有多少万平方米？`,
          ]),
        );
  const gapAttr = project.measure === "land" ? "总建筑面积" : "一期占地面积";
  d.gap(
    `${P}的${gapAttr}是多少？`,
    `${P}${project.measure === "land" ? "建筑面积有多大" : "一期占地多少亩"}？`,
  );
  const invest = `${project.investment}${project.currency}`;
  d.para(
    "据介绍，",
    size,
    "，",
    d.fact(
      numberFact(P, "总投资", invest, `总投资${invest}`, [
        `${P}总投资多少？`,
        `${P}计划投入多少资金？`,
        `${P}的投资规模是多少？`,
      ]),
    ),
    "，主要建设智能工厂，已列入省重大产业项目，",
    d.fact(
      timeFact(
        P,
        "开工时间",
        `${project.startYear}年${project.startMonth}月`,
        `于${project.startYear}年${project.startMonth}月开工建设`,
        [`${P}是什么时候开工的？`, `${P}哪年哪月动工？`],
      ),
    ),
    `，计划于${project.startYear + 1}年底投产。`,
  );

  const group = makeGroup(rng);
  const moved = Rng.keyed("group-moved", group).int(2012, 2022);
  d.para(
    `该项目由${group}投资建设。`,
    d.fact(
      yearFact(group, "全球总部迁入年份", moved, `${moved}年，${group}全球总部迁入${Z}`, [
        `${group}全球总部是哪一年迁入${Z}的？`,
        `${group}哪年把全球总部搬到了${Z}？`,
      ]),
    ),
    `，建设健康医疗产业基地及数据服务云平台为一体的高端产业园区。`,
  );

  const growth = Rng.keyed("invest-growth", Z, year).decimal(5, 80, 1);
  d.para(
    `今年以来，${Z}全力以赴抓招商选资、全力以赴抓项目落地。`,
    filler(rng, Z, 2),
    `${year}年一季度，园区省市县长工程开工率达${rng.int(40, 95)}%，`,
    d.fact(
      numberFact(
        Z,
        `${year}年一季度高新技术产业投资增速`,
        `${growth}%`,
        `${Z}高新技术产业投资同比增长${growth}%`,
        [
          `${year}年一季度${Z}高新技术产业投资同比增长多少？`,
          `${Z}${year}年一季度的高新技术产业投资增速是多少？`,
        ],
      ),
    ),
    "。",
  );

  const secretary = holderOf(`${zone.city}市${zone.district}`, "区委书记");
  d.para(
    d.fact(
      roleHolderFact(
        `${zone.city}市${zone.district}`,
        "区委书记",
        secretary,
        `${zone.city}市${zone.district}委书记${secretary}表示`,
      ),
    ),
    `，${zone.district}将以最快行动履行承诺，以最优效率回报企业的信任。`,
    filler(rng, Z, 2),
  );

  d.paras(fillerParagraphs(rng, Z, 2, 4));
  const title = rng.chance(0.5)
    ? [`${count}个${industry}项目`, `在${Z}集中开工`]
    : [`${Z}${count}个项目集中开工`];
  return d.build("article", title, { zone: Z });
}
