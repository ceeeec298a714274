/**
 * Two companies sign a strategic cooperation, like the seed's 广州 story: a short piece with
 * one investment figure, usually signed off by trailing author names.
 */
import { DraftBuilder, type TemplateContext } from "../draft.js";
import { execRoleOf, holderOf, makeCompany, makePark, makeZone } from "../entities.js";
import { Rng } from "../prng.js";
import { missingExecGap, numberFact, roleHolderFact } from "../questions.js";
import { fillerParagraphs } from "./filler.js";

export function cooperation(ctx: TemplateContext) {
  const { rng } = ctx;
  const zone = makeZone(rng);
  const Z = zone.name;
  const d = new DraftBuilder();
  const a = makeCompany(rng, zone);
  let b = makeCompany(rng, zone);
  while (b === a) b = makeCompany(rng, zone);
  const park = makePark(rng, zone);
  // Keyed by the park, not the signing pair, so every page that names the park agrees.
  const k = Rng.keyed("cooperation", park);
  const invest = k.int(5, 120);
  const firms = k.int(50, 500);

  d.para(
    `近日，${a}与${b}在${Z}签署战略合作框架协议，双方将在先进制造、智能制造、新材料、科技园区投资运营、城市服务等领域开展深度合作。`,
  );
  d.paras(fillerParagraphs(rng, Z, 2, 6));
  d.para(
    d.fact(
      numberFact(park, "计划投资", `${invest}亿元`, `双方计划投资约${invest}亿元建设${park}`, [
        `${a}与${b}计划投资多少钱建设${park}？`,
        `${park}的计划投资额是多少？`,
      ]),
    ),
    "。该园区将",
    d.fact(
      numberFact(park, "整合的企业数量", `${firms}余家`, `整合周边${firms}余家技术性企业资源`, [
        `${park}将整合周边多少家技术性企业资源？`,
        `${park}计划整合几家周边企业？`,
      ]),
    ),
    "，合力打造综合服务平台。",
  );
  if (rng.chance(0.6)) {
    const role = execRoleOf(a);
    const person = holderOf(a, role);
    d.para(
      "“此次强强联手，将为区域制造业转型升级提供数字化、网络化和智能化赋能。”",
      d.fact(roleHolderFact(a, role, person, `${a}${role}${person}`)),
      "说。",
    );
    d.gap(...missingExecGap(a, role).questions);
  }
  const short = (name: string) => name.replace(/(股份有限公司|集团有限公司|科技有限公司|有限公司)$/, "");
  const title = [`${short(a)}与`, `${short(b)}开展战略合作`];
  return d.build("article", title, { zone: Z });
}
