/**
 * Page furniture: lines that belong to the page, not to any story. A running head ("2019年2月12日
 * 星期二 人民日报 第16版", with or without the page's name), the editors' line, and the page's name
 * printed alone at its top ("要闻", "评论"). Taken as a headline, a page name shifts every headline
 * printed after its body onto the wrong story, so it must go before headlines are read.
 */

/** Editors and a bare running head (date and weekday), wherever they stand. */
const EDITORS_OR_DATE =
  /^(?:责任编辑|责编|本版责编|美术编辑|本版编辑|版式设计|校对)[：:\s]|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*星期[一二三四五六日天]$/;

/** A running head with the paper and page: "2020年1月19日 星期日 人民日报 第3版：要闻". */
const RUNNING_HEAD =
  /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期[一二三四五六日天])?\s*[\u4e00-\u9fff]{2,8}(?:日报|晚报|时报)\s*第\s*[A-Z]?\d{1,3}\s*版(?:\s*[：:]\s*[\u4e00-\u9fff·]{1,8})?$/;

/**
 * Page names (版名) of national dailies, printed alone at the top of a page. Only the top of a page
 * is looked at: the same word further down may be a short headline.
 */
const PAGE_NAMES = new Set(
  "要闻 评论 理论 国际 经济 社会 文化 副刊 体育 教育 科技 健康 生态 综合 视点 读书 法治 政治 地方 民生 广告 新农村 党建 观点 文艺 新闻 专版 特刊 人物 旅游 环球 域外 视觉".split(
    " ",
  ),
);

/** Non-blank lines at the top of a page that may hold the running head and the page name. */
const TOP_LINES = 2;

/**
 * Which of a page's non-blank lines (trimmed, in order) are furniture. `lines[i]` is furniture when
 * `furniture[i]` is true.
 */
export function markFurniture(lines: readonly string[]): boolean[] {
  return lines.map((line, i) => {
    const text = line.replace(/[\s\u3000]+/g, " ").trim();
    if (EDITORS_OR_DATE.test(text) || RUNNING_HEAD.test(text)) return true;
    return i < TOP_LINES && PAGE_NAMES.has(text);
  });
}
