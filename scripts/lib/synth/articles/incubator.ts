/**
 * An accelerator cohort graduates in a zone, like the seed's 中关村软件园 story.
 */
import { DraftBuilder, type TemplateContext } from "../draft.js";
import { holderOf, makeZone } from "../entities.js";
import { Rng } from "../prng.js";
import { numberFact, roleHolderFact, timeFact } from "../questions.js";
import { PLAN_NAMES } from "../vocab.js";
import { fillerParagraphs } from "./filler.js";

export function incubator(ctx: TemplateContext) {
  const { rng } = ctx;
  const zone = makeZone(rng);
  const Z = zone.name;
  const park = `${zone.city}${rng.pick(["软件园", "创新港", "科创园", "智谷"])}`;
  const plan = `${park}“${rng.pick(PLAN_NAMES)}”`;
  const d = new DraftBuilder();
  const k = Rng.keyed("plan", plan);
  const launchYear = k.int(2016, 2021);
  const launchMonth = k.int(1, 12);
  const grads = k.int(6, 40);
  const teams = k.int(20, 200);
  const manager = holderOf(park, "总经理");

  d.para(
    `近日，${plan}双创加速营一期毕业典礼在${park}孵化器路演厅举行。`,
    d.fact(roleHolderFact(park, "总经理", manager, `${park}总经理${manager}`)),
    d.fact(
      numberFact(
        plan,
        "一期毕业企业数量",
        `${grads}家`,
        `为大数据、人工智能、5G三个领域的${grads}家创新企业颁发毕业证书`,
        [`${plan}双创加速营一期有多少家企业毕业？`, `${plan}加速营一期给几家企业颁发了毕业证书？`],
      ),
    ),
    "，宣布本期加速营圆满结营。",
  );
  d.gap(`${park}的董事长是谁？`, `谁担任${park}董事长？`);
  d.para(
    d.fact(
      timeFact(
        plan,
        "启动时间",
        `${launchYear}年${launchMonth}月`,
        `${launchYear}年${launchMonth}月，${park}联合相关投资机构`,
        [`${plan}是什么时候启动的？`, `${plan}从哪年哪月开始？`],
      ),
    ),
    `、大信息产业头部企业，面向创新创业项目启动${plan.slice(park.length)}，`,
    d.fact(
      numberFact(plan, "报名项目数量", `${teams}个`, `共吸引${teams}个创新创业项目报名`, [
        `${plan}吸引了多少个项目报名？`,
        `报名${plan}的创新创业项目有几个？`,
      ]),
    ),
    "。",
  );
  d.paras(fillerParagraphs(rng, Z, 2, 6));
  d.para(`${manager}表示，活动的开展不仅促成双创企业与外部资源的互动，还形成学员之间的交流。`);
  return d.build("article", [plan, "双创加速营一期结营"], { zone: Z });
}
