/**
 * A zone signs key projects and reports quarterly figures, like the seed's 海淀 story.
 */
import { DraftBuilder, type TemplateContext } from "../draft.js";
import { execRoleOf, holderOf, makeCompany, makeZone } from "../entities.js";
import { Rng } from "../prng.js";
import { missingExecGap, numberFact, roleHolderFact } from "../questions.js";
import { filler, fillerParagraphs } from "./filler.js";

export function economy(ctx: TemplateContext) {
  const { rng } = ctx;
  const zone = makeZone(rng);
  const Z = zone.name;
  const d = new DraftBuilder();
  const year = rng.int(2016, 2022);
  const k = Rng.keyed("economy", Z, year);
  const signed = k.int(6, 60);
  const gdp = k.decimal(80, 3000, 1);
  const gdpGrowth = k.decimal(2, 25, 1);
  const newFirms = k.int(40, 2000);
  const fdi = k.decimal(1, 60, 1);

  d.para(
    `近日，${year}年${Z}重点项目签约仪式举行。`,
    d.fact(
      numberFact(Z, `${year}年签约的重点项目数量`, `${signed}个`, `${Z}共有${signed}个重点项目签约`, [
        `${year}年${Z}签约仪式上有多少个重点项目签约？`,
        `${Z}在${year}年的重点项目签约仪式上签下了几个项目？`,
      ]),
    ),
    "。",
  );
  const firms = [makeCompany(rng, zone), makeCompany(rng, zone), makeCompany(rng, zone)];
  d.para(`据了解，此次签约的重点项目包括${firms.join("、")}等一批行业领军企业。`, filler(rng, Z, 1));
  const speaker = firms[rng.int(0, 2)]!;
  const role = execRoleOf(speaker);
  const person = holderOf(speaker, role);
  d.para(
    "“这次落户签约，对我们未来的发展具有重要意义，不仅可以扎根本地，服务全国，还增强了企业的归属感。”",
    d.fact(roleHolderFact(speaker, role, person, `${speaker}${role}${person}`)),
    "告诉记者。",
  );
  d.gap(...missingExecGap(speaker, role).questions);
  d.para(
    "统计数据显示，一季度",
    d.fact(
      numberFact(Z, `${year}年一季度地区生产总值`, `${gdp}亿元`, `${Z}完成地区生产总值${gdp}亿元`, [
        `${year}年一季度${Z}完成地区生产总值多少？`,
        `${Z}${year}年一季度的GDP是多少亿元？`,
      ]),
    ),
    `，同比增长${gdpGrowth}%。`,
    d.fact(
      numberFact(Z, `${year}年一季度新增企业数量`, `${newFirms}家`, `${Z}新增企业${newFirms}家`, [
        `${year}年一季度${Z}新增了多少家企业？`,
        `${Z}${year}年一季度新设企业数量是多少？`,
      ]),
    ),
    `，实际利用外资${fdi}亿美元。`,
  );
  d.paras(fillerParagraphs(rng, Z, 2, 6));
  const title = rng.chance(0.5) ? [`${Z}${signed}个重点项目`, "集中签约"] : [`${Z}重点项目签约落地`];
  return d.build("article", title, { zone: Z });
}
