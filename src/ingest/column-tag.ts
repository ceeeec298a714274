/**
 * Column tags: the bracketed name of a column or series that closes a headline, "（倾听）",
 * "（人民时评）", "（为了民族复兴·英雄烈士谱）". One module, so every step of the reader agrees on
 * what a tag is. Named columns hold no sentence, so no full stop, and a comma only as a series
 * phrase does (see NOT_A_SERIES). A series number may sit
 * inside the tag: "（乡村新景观察·浙江篇（上））", "（岁末看经济（11））". A tag
 * wrapped over two lines ends the second ("…（新春走基层·" / "脱贫攻坚一线见闻）").
 *
 * Some pages set tags in ASCII brackets, "(书香中国)"; there a region or body named inside a name
 * ("京汇风云产业集团(海南经济特区)有限公司", wrapped after the bracket) is running text, so an ASCII
 * tag holds no figure and does not end in 特区, 省, 市, 公司 and the like.
 */
const NOT_A_NAME = "(?<!特区|省|市|县|区|州|旗|公司|集团|中心)";
/**
 * A series name may hold a comma ("（社区防控，我们在行动）", 4 of 206 tags on the tune half); a
 * bracketed credit or byline with one ("（作者为…教授，…）", "（记者…，通讯员…）") is not a tag.
 */
const NOT_A_SERIES = "[^（）]*(?:记者|作者|通讯员|摄|电|整理|编辑|供图|制图)";
const SERIES_NUMBER = "（[^（）()，。]{1,8}）";

/** A whole tag at the end of a line. */
const WHOLE = [
  `（(?:[^（）()，。；！？,;!?]|${SERIES_NUMBER}){2,40}）$`,
  `（(?!${NOT_A_SERIES})(?:[^（）()。；！？,;!?]|${SERIES_NUMBER}){2,40}）$`,
  `\\([^（）()，。；！？,;!?\\d]{3,40}${NOT_A_NAME}\\)$`,
];
/** The end of a tag opened on the line before: the line holds no opening bracket of its own. */
const TAIL = [
  `^(?:[^（）()，。；！？]|${SERIES_NUMBER}){1,30}）$`,
  `^(?!${NOT_A_SERIES})(?:[^（）()。；！？]|${SERIES_NUMBER}){1,30}）$`,
  `^[^（）()，。；！？\\d]{1,30}${NOT_A_NAME}\\)$`,
];

const ENDS_IN_TAG = new RegExp(WHOLE.join("|"));
const ENDS_A_TAG = new RegExp([...WHOLE, ...TAIL].join("|"));

/** The line ends in a whole column tag. */
export function endsInColumnTag(line: string): boolean {
  return ENDS_IN_TAG.test(line.trim());
}

/** The line ends a column tag: a whole one, or the end of one opened on the line before. */
export function endsColumnTag(line: string): boolean {
  return ENDS_A_TAG.test(line.trim());
}

/** The lines, read as one headline, carry a column tag at the end of some line or open one. */
export function carriesColumnTag(lines: readonly string[]): boolean {
  return lines.some(endsColumnTag) || /[（(][^（）()]*$/.test(lines.join(""));
}

/** The line without the tag (or tag end) closing it: the tag names the series, not the story. */
export function withoutColumnTag(line: string): string {
  const t = line.trim();
  const m = ENDS_A_TAG.exec(t);
  return m ? t.slice(0, m.index) : t;
}
