/**
 * Bylines, author names and photo credits in the forms Chinese papers print them:
 * 本报讯（记者 李争粉）, 科技日报北京4月20日电（记者 张梦然）, a line "▶ 科技日报记者 龙跃梅 本报特约通讯员 钟敏华",
 * names trailing the last sentence ("……亿元。 张世港 凡辉") and credits ("图片来源：烟台高新区", "（张三摄）").
 */

const PAPER = "(?:本报|科技日报|新华社|中新社|人民日报|光明日报|经济日报)";

/**
 * A dateline without a date, or a story the paper takes from the wire: "新华社电", "本报东京电",
 * "据新华社伦敦电". Only before a bracket or a space, so "本报记者致电…" stays prose.
 */
const UNDATED_WIRE = "据?(?:新华社|中新社|本报)(?:[\\u4e00-\\u9fff]{2,6})?电(?=\\s|[（(]|$)";

/**
 * Where a body opens with its own byline: 本报讯, or a dateline ending in 电 ("科技日报北京4月20日电").
 * Optional parenthesised names follow.
 */
const LEAD_MARKER = new RegExp(
  `^[▶►■□●◆◇★☆]?\\s*(?:本报讯|据?${PAPER}[^，。；（(]{0,14}?\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日\\s*电|${UNDATED_WIRE})`,
);
const LEAD_BYLINE = new RegExp(`${LEAD_MARKER.source}\\s*(?:[（(]([^（）()]{1,40})[）)])?`);

/** Role words around names; they are not names themselves. */
const ROLE = new RegExp(
  `${PAPER}?(?:特约|见习|实习|首席|驻[\\u4e00-\\u9fff]{1,4}?)?(?:记者|通讯员|实习生|撰稿人|摄影|编辑|作者)|文\\/图|图\\/文|[文图][：:]`,
  "g",
);
const BULLETS = /^[▶►■□●◆◇★☆▲△※•◎>＞]+\s*/;
const NAME = /^[\u4e00-\u9fff]{2,4}$/;
/**
 * Words that follow a role word as the name of a column, not of a person: "■记者手记" heads the
 * reporter's notes closing a report. (Other column names after 记者, 观察 or 调查, changed nothing
 * on the tune half, so they are not here.)
 */
const COLUMN_WORDS = new Set(["手记", "札记"]);

/**
 * Common Chinese surnames, to tell a line of names ("钱伟") from a short phrase. Not complete,
 * which is why it is only ever one of several checks.
 */
const SURNAMES = new Set(
  [
    ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇湛宾戎勾茅利於呼居揭干但尉冶斯束檀衣信展阴昝智幸奉植衡富尧凡",
    ..."欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 申屠 轩辕 南宫 钟离 西门".split(
      " ",
    ),
  ].filter(Boolean),
);

export function hasCommonSurname(name: string): boolean {
  return SURNAMES.has(name.slice(0, 2)) || SURNAMES.has(name.slice(0, 1));
}

/** Names a byline line may hold; a bracketed list of reporters may hold more. */
const MAX_NAMES = 6;
const MAX_LISTED_NAMES = 40;

export interface People {
  /** As printed, whitespace-normalised. */
  printed: string;
  /** Person names only, in printed order. */
  names: string[];
}

/**
 * Reads a stretch that should consist only of role words and names ("科技日报记者 龙跃梅 本报特约通讯员 钟敏华",
 * "记者 李争粉", "张世港 凡辉"). Undefined when anything else is in it, so prose is never taken for names.
 */
export function parsePeople(text: string): People | undefined {
  const printed = text.replace(/\s+/g, " ").trim();
  const tokens = joinGappedNames(
    printed
      .replace(BULLETS, "")
      // A closing byline in brackets: "（本报记者罗珊珊、吴秋余）", "（任姗姗）".
      .replace(/^[（(]([^（）()]+)[）)]$/, "$1")
      .replace(ROLE, " ")
      .split(/([\s、，,]+)/),
  );
  // A reporters' list in brackets under a report may run long ("（本报记者田俊荣、陆娅楠、…、韩鑫）").
  const max = /^[（(][^（）()]*(?:记者|通讯员)/.test(printed) ? MAX_LISTED_NAMES : MAX_NAMES;
  if (
    tokens.length === 0 ||
    tokens.length > max ||
    !tokens.every((t) => NAME.test(t) && !COLUMN_WORDS.has(t))
  )
    return undefined;
  return { printed, names: tokens };
}

/**
 * Tokens of a names stretch, split with their separators kept. A two-character name is printed with
 * a gap to fill the width of three ("郭  祥"): two single characters parted only by spaces are one name.
 */
function joinGappedNames(parts: string[]): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const token = parts[i]!;
    const gap = parts[i + 1];
    const next = parts[i + 2];
    if (token.length === 1 && next?.length === 1 && gap !== undefined && /^\s+$/.test(gap)) {
      tokens.push(token + next);
      i += 2;
    } else if (token) tokens.push(token);
  }
  return tokens;
}

/**
 * A dateline printed after the story, in brackets ("（本报东京电）", "（新华社北京2月16日电）",
 * "（据新华社悉尼电 记者张三）"): it closes the story, and names nobody as its author.
 */
export function isTrailingDateline(line: string): boolean {
  return /^[（(]据?(?:新华社|中新社|本报|人民日报)[^（）()]{0,24}电(?:\s*[^（）()]{0,24})?[）)]$/.test(
    line.trim(),
  );
}

/** A line that starts a body with its own byline (本报讯 …, …电 …). */
export function isLeadMarker(line: string): boolean {
  return LEAD_MARKER.test(line);
}

/**
 * Splits the byline off the start of a body's first paragraph (joined, spaces not yet collapsed):
 * "本报讯 （特约通讯员 马燕琴）近日，…" -> byline "本报讯 （特约通讯员 马燕琴）", authors [马燕琴].
 */
export function splitLeadByline(paragraph: string): { byline: People; rest: string } | undefined {
  const match = LEAD_BYLINE.exec(paragraph);
  if (!match) return undefined;
  const names = match[1] === undefined ? [] : (parsePeople(match[1])?.names ?? []);
  return {
    byline: { printed: match[0].replace(/\s+/g, " ").trim(), names },
    rest: paragraph.slice(match[0].length).trimStart(),
  };
}

/**
 * A line that is a byline by itself: role words and names only, with at least one role word
 * ("▶ 科技日报记者 龙跃梅 本报特约通讯员 钟敏华", "本报记者 张三"). Bare names are handled as trailing names.
 */
export function parseBylineLine(line: string): People | undefined {
  if (!/记者|通讯员|实习生|撰稿人/.test(line) || isLeadMarker(line)) return undefined;
  return parsePeople(line);
}

/**
 * Names printed after a body's last sentence on the same line: "值超1000亿元。 张世港 凡辉". The space
 * between the sentence and the names is what sets them apart from prose, and at least one must
 * carry a common surname. Whether the body really ends here is the caller's call.
 */
export function splitTrailingPeople(line: string): { text: string; people: People } | undefined {
  const match = /^(.*[。！？!?”’）)])\s+([^。！？!?，,；;：:]{2,40})$/.exec(line);
  if (!match) return undefined;
  const people = parsePeople(match[2]!);
  if (!people || people.names.length > 4 || !people.names.some(hasCommonSurname)) return undefined;
  return { text: match[1]!, people };
}

/** A line of bare names ("钱伟"), all with common surnames: a body's trailing authors on their own line. */
export function parseNamesLine(line: string): People | undefined {
  const people = parsePeople(line);
  if (!people || /记者|通讯员/.test(line) || people.names.length > 4) return undefined;
  return people.names.every(hasCommonSurname) && people.names.every((n) => n.length <= 3)
    ? people
    : undefined;
}

const CREDIT =
  /(?:(?:^|\s)((?:图片来源|图片提供|照片来源|供图|图片|摄影)[：:]\s*\S.{0,30}|(?:(?:本报|新华社)?记者\s*)?[\u4e00-\u9fff]{2,4}\s*摄)|([（(][^（）()]{1,30}摄[）)]))$/;

/**
 * Whole lines that credit someone other than the writers, as People's Daily prints them under a
 * story or a photo: "曹 峰摄（人民视觉）", "汪 平摄", "新华社发", "制图：蔡华伟", "本版制图：沈亦伶",
 * "张三供图", "（作者为中国人民大学教授）", "（本报记者 徐 隽整理）". Each one closes the story above.
 */
const CREDIT_LINE = [
  // Photographers, with a gapped two-character name and the agency in brackets. The lookahead
  // fails a line without 摄 at once: without it the names part backtracked through every way of
  // cutting a line of ideographs into names first (1.2 of each build worker's 12.7 CPU-s over the
  // bench's 10k pages).
  /^(?=[^摄]*摄)(?:(?:本报|新华社|人民日报)?(?:特约)?(?:记者|通讯员)\s*)?(?:[\u4e00-\u9fff]{1,3}\s?[\u4e00-\u9fff]{1,3}[、\s]*){1,4}摄(?:影报道)?(?:\s*[（(][^（）()]{2,12}[）)])?$/,
  /^[（(]?(?:新华社|中新社)发(?:\s*[\u4e00-\u9fff\s]{2,8}摄)?[）)]?$/,
  /^(?:本版)?(?:制图|图表制作|图表|设计|漫画|绘图|插图|供图)[：:]\s*\S.{0,20}$/,
  /^[\u4e00-\u9fff\s]{2,12}(?:供图|制图)$/,
  /^(?:本期|本版)?(?:统筹|策划|编辑|编排)[：:]\s*\S.{0,20}$/,
  // A column's mailbox under its piece: "栏目投稿邮箱：yxxz8494@163.com", "电子信箱：…" (the address
  // alone: "电子邮箱：x@163.com。督导" is a sentence running on).
  /^[（(]?(?:栏目|本版|本栏)?(?:投稿|来稿|联系)?(?:电子)?(?:邮箱|信箱)[：:]\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+[）)]?$/,
];

/** Notes on who wrote or compiled the piece. They close a story but credit no photo, so never make a caption. */
const NOTE_LINE = [
  // A cartoon's artist and writer under its 这正是 verses ("曹 一图 石 羚文"): the verses and the
  // text above them are the piece, not a photo's caption.
  /^[\u4e00-\u9fff]\s?[\u4e00-\u9fff]{1,2}\s*图\s+[\u4e00-\u9fff]\s?[\u4e00-\u9fff]{1,2}\s*文$/,
  /^[（(]作者(?:为|系|单位[：:]).{1,80}[）)]$/,
  /^[（(][^（）()]{1,40}整理[）)]$/,
  /^(?:本报)?记者[\u4e00-\u9fff\s]{2,20}整理$/,
  /^[（(](?:执笔|撰稿|文字)[：:][^（）()]{2,60}[）)]$/,
  // Where a reprinted piece comes from: "（摘编自2月5日《解放日报》，原题为《…》）".
  /^[（(](?:摘编自|摘自|原载|转载自|选自|来源[：:]).{2,80}[）)]$/,
  /^[（(][^（）()]{0,16}(?:到此结束|全文完|完)[）)]$/,
  // Pointers to the rest of a text elsewhere in the paper: "（《条例》全文见第十五版）".
  /^[（(][^（）()]{0,30}(?:全文见|详见|见第|转第)[^（）()]{0,12}版[）)]$/,
  /^[（(][^（）()]{0,40}(?:参与采写|参与记者|参与报道)[：:][^（）()]{1,160}[）)]$/,
  // A report put together from several reporters' ("（综合本报记者…报道）", "（…参与采写）").
  /^[（(]综合[^（）()]{1,80}报道[）)]$|^[（(][^（）()]{1,60}参与采写[）)]$/,
];

/**
 * Splits a photo credit off the end of a line: "…服务队伍。 图片来源：烟台高新区", "（本报记者 张三摄）".
 * `text` is what precedes the credit ("" for a line that is only a credit); `note` marks a note on
 * the writer or compiler ("（作者为…）", "（…整理）"), which credits no photo.
 */
export function splitCredit(line: string): { text: string; credit: string; note?: boolean } | undefined {
  const whole = line.trim();
  if (CREDIT_LINE.some((r) => r.test(whole))) return { text: "", credit: whole };
  if (NOTE_LINE.some((r) => r.test(whole))) return { text: "", credit: whole, note: true };
  const match = CREDIT.exec(line);
  if (!match) return undefined;
  const credit = (match[1] ?? match[2])!.trim();
  const text = line.slice(0, match.index).trim();
  // "XX摄" after prose is only a credit once the sentence has ended; "拍摄" mid-sentence is prose.
  if (text && !/[。！？!?”）)]$/.test(text) && !/^[图照供摄]/.test(credit)) return undefined;
  return { text, credit };
}
