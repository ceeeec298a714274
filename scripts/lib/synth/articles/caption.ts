/**
 * A photo caption: one wide paragraph ending in a photo credit, no headline, like the seed's 烟台.
 */
import { DraftBuilder, type TemplateContext } from "../draft.js";
import { makeCompany, makeZone } from "../entities.js";
import { filler } from "./filler.js";

export function caption(ctx: TemplateContext) {
  const { rng } = ctx;
  const zone = makeZone(rng);
  const Z = zone.name;
  const d = new DraftBuilder();
  d.para(
    `近日，${makeCompany(rng, zone)}将一面印有“情系企业 高效务实”的锦旗送至${Z}行政审批服务局工作人员手中，以表达在企业设立过程中给予高效快捷服务的感谢之情。`,
    filler(rng, Z, 2),
  );
  return d.build("caption", [], { zone: Z });
}
