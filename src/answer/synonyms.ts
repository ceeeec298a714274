/**
 * Words a news question often uses for what the article says in other words. Each group is a set
 * of interchangeable attributes; a question term matches text containing any member of its group.
 * Roles are deliberately never grouped (董事长 is not 总经理): a wrong role is a wrong answer.
 */
const GROUPS: string[][] = [
  ["占地", "用地", "占地面积", "用地面积", "用地规模", "土地"],
  ["开工", "动工", "开建", "开工建设", "破土"],
  ["总投资", "投资额", "投资总额", "计划投资", "投资规模", "投入", "投入资金", "资金"],
  ["增长", "增速", "增幅", "涨幅", "提高", "提升"],
  ["新增", "新设", "新注册", "新落户"],
  ["迁入", "搬到", "搬迁", "迁到", "落户"],
  ["员工", "职工", "雇员", "从业人员"],
  ["启动", "开始", "推出", "发起", "开启"],
  ["上市", "挂牌"],
  ["排名", "排位", "位列", "名次", "排在"],
  ["攀升", "上升", "提升", "上涨", "提高"],
  ["连续", "连着", "接连", "持续"],
  ["国家级", "国家"],
  ["签约", "签下", "签署", "签订"],
  ["入驻", "进驻", "落户"],
  ["建筑面积", "面积"],
  ["营业收入", "营收", "收入"],
  ["研发", "研制", "开发"],
  ["投产", "建成", "竣工"],
  ["毕业", "结营"],
  ["留学", "海归"],
  ["回国", "归国", "海归", "学成归国", "留学归来"],
  ["任教", "执教", "教授"],
  ["gdp", "地区生产总值", "生产总值"],
  // "经济总量占北京市24.2%": a share is said with 占 as often as with 比重.
  ["比重", "占比", "比例", "份额", "占"],
  ["成立", "创办", "创立", "组建"],
];

const INDEX = new Map<string, string[]>();
for (const group of GROUPS) {
  for (const word of group) INDEX.set(word, [...new Set([...(INDEX.get(word) ?? [word]), ...group])]);
}

/** The word and its interchangeable forms. */
export function synonymsOf(word: string): string[] {
  return INDEX.get(word) ?? [word];
}
