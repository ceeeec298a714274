/**
 * A park opens in a zone, like the seed's 保定 story: land, floor area, capacity, signed firms.
 */
import { DraftBuilder, type TemplateContext } from "../draft.js";
import { makeCompany, makePark, makeZone } from "../entities.js";
import { Rng } from "../prng.js";
import { numberFact } from "../questions.js";
import { fillerParagraphs } from "./filler.js";

export function parkLaunch(ctx: TemplateContext) {
  const { rng } = ctx;
  const zone = makeZone(rng);
  const Z = zone.name;
  const park = makePark(rng, zone);
  const d = new DraftBuilder();
  const k = Rng.keyed("park", park);
  const land = k.int(30, 600);
  const area = k.chance(0.5) ? String(k.int(5, 80)) : k.decimal(2, 40, 1);
  const capacity = k.int(50, 600);
  const signed = k.int(5, 60);
  const summitProjects = rng.int(3, 20);

  d.para(
    `近日，由${Z}管委会主办，以“数字驱动 产业赋能”为主题的创新合作峰会举行。峰会期间，${summitProjects}个协同发展重点项目签约落地，${park}启动，`,
    d.fact(
      numberFact(park, "签约入驻的意向企业数量", `${signed}家`, `${signed}家意向企业签约入驻`, [
        `有多少家意向企业签约入驻${park}？`,
        `${park}启动时签约入驻的意向企业有几家？`,
      ]),
    ),
    "。",
  );
  const firms = [makeCompany(rng, zone), makeCompany(rng, zone)];
  d.para(
    d.fact(
      numberFact(park, "占地面积", `${land}亩`, `${park}项目占地${land}亩`, [
        `${park}占地多少亩？`,
        `${park}项目用地面积是多少？`,
      ]),
    ),
    "，",
    d.fact(
      numberFact(park, "总建筑面积", `${area}万平方米`, `总建筑面积${area}万平方米`, [
        `${park}总建筑面积是多少？`,
        `${park}建成后建筑面积有多大？`,
      ]),
    ),
    "，",
    d.fact(
      numberFact(park, "可容纳企业数量", `${capacity}余家`, `可容纳${capacity}余家企业`, [
        `${park}可以容纳多少家企业？`,
        `${park}能容纳几家企业入驻？`,
      ]),
    ),
    `，涵盖人工智能、5G、大数据、先进制造、工业互联网等范围。${firms[0]}、${firms[1]}等企业签约入驻。`,
  );
  d.paras(fillerParagraphs(rng, Z, 2, 6));
  return d.build("article", [`${park}启动`], { zone: Z });
}
