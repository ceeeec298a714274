/**
 * A short page in the extracted style, about a zone the seed page never mentions (衡水), for tests
 * that add a page to a corpus and expect it to become answerable.
 */
export const NEW_ZONE_PAGE = [
  "本报讯（记者 王明）近日，衡水高新区举行重点项目签约仪式，",
  "共有27个重点项目签约，总投资达86亿元。",
  "衡水高新区管委会主任赵立新表示，将持续优化营商环境。",
  "",
  "衡水高新区27个重点项目签约",
].join("\n");
