/**
 * Word pools for synthetic pages. Real place names make the text look like the paper; the
 * held-out cities are never used in generated text, so questions about their zones are
 * unanswerable by construction.
 */

const split = (s: string): readonly string[] => Object.freeze(s.trim().split(/\s+/));

/**
 * Cities whose zones appear on generated pages. The seed page's places (清远, 嘉兴, 扬州, 烟台,
 * 保定, 广州, 北京) are left out on purpose: distractor pages repeat the seed's fact patterns with
 * other names, so a question about a seed entity still has exactly one true answer.
 */
export const CITIES = split(`
苏州 无锡 常州 南通 泰州 镇江 徐州 盐城 淮安 宿迁 连云港 杭州 宁波 温州
绍兴 湖州 金华 台州 衢州 丽水 舟山 合肥 芜湖 蚌埠 马鞍山 铜陵 安庆 滁州 福州 厦门 泉州 漳州 莆田
南昌 赣州 九江 景德镇 济南 青岛 淄博 潍坊 济宁 泰安 威海 临沂 德州 郑州 洛阳 新乡 焦作 许昌 武汉
襄阳 宜昌 孝感 荆门 长沙 株洲 湘潭 衡阳 益阳 常德 深圳 珠海 佛山 惠州 东莞 中山 肇庆 汕头 湛江
茂名 南宁 柳州 桂林 海口 成都 绵阳 自贡 乐山 德阳 泸州 贵阳 遵义 昆明 玉溪 西安 宝鸡 咸阳 渭南
榆林 兰州 白银 西宁 银川 石嘴山 乌鲁木齐 昌吉 呼和浩特 包头 太原 长治 石家庄 唐山 承德 沈阳 大连
鞍山 营口 本溪 长春 延吉 哈尔滨 大庆 齐齐哈尔 南京 江阴 昆山 常熟 张家港 义乌 慈溪 晋江 石狮`);

/**
 * Cities that never appear in generated text. Questions about their zones have no answer
 * anywhere in the corpus. Keep them disjoint from CITIES, DISTRICTS and every other pool.
 */
export const HELD_OUT_CITIES = split(`
安阳 鹤壁 濮阳 漯河 信阳 驻马店 周口 商丘 三门峡 平顶山 阳泉 晋城 朔州 忻州 吕梁 运城 通化 白山
辽源 四平 松原 白城 双鸭山 七台河 鸡西 鹤岗 伊春 牡丹江 黑河 绥化 丹东 锦州 阜新 辽阳 铁岭 盘锦
葫芦岛 萍乡 新余 鹰潭 吉安 宜春 抚州 上饶`);

export const PROVINCES = split(`
广东 浙江 江苏 山东 福建 安徽 湖北 湖南 四川 河北 河南 陕西 江西 广西 云南 贵州 辽宁 吉林 黑龙江
山西 甘肃 青海 宁夏 新疆 内蒙古 海南`);

/** District names (without 区) for "X市Y区委书记". */
export const DISTRICTS = split(`
南山 滨江 雨花 江宁 武进 相城 吴中 鄞州 萧山 余杭 龙华 宝安 番禺 天河 新都 双流
历城 槐荫 城阳 崂山 莱山 福山 芝罘 竞秀 莲池 江北 洪山 岳麓 开福 雁塔 未央 碑林 金水 中原
鼓楼 仓山 思明 湖里 集美 丰泽 洛江 青山 铁西 南岗 道里 香坊 梁溪 新吴 姑苏 虎丘 海曙 越城 柯桥`);

/** Zone suffixes; 高新区 dominates as on the seed's 高新区 page. */
export const ZONE_SUFFIXES = ["高新区", "高新区", "高新区", "经开区", "科学城"] as const;

/** Syllables for company and project trade names (字号), two per name. */
export const BRAND_SYLLABLES = split(`
先 导 嘉 博 聚 石 维 智 华 航 唯 实 思 灵 旷 视 德 沃 康 鹍 远 礼 邦 晶 铠 旋 极 麦 飞 玄 云 芯 来
赛 热 慧 夜 路 凯 圆 纳 川 海 信 达 通 瑞 恒 泰 宏 盛 新 源 天 宇 创 科 锐 联 领 航 中 正 安 和 永
益 丰 鑫 汇 元 晟 睿 驰 鼎 峰 昊 皓 明 光 辰 星 蓝 图 微 纵 横 立 方 普 惠 启 迪 佳 誉 敏 捷 朗 越`);

export const INDUSTRIES = split(`
先进材料 制药 化学 智能装备 机器人科技 信息技术 生物医药 新能源 电子科技 半导体 精密制造 医疗器械
新材料 数据科技 光电科技 环保科技 汽车零部件 储能科技 软件 检测技术 通信技术 航空科技`);

export const COMPANY_FORMS = ["股份有限公司", "有限公司", "集团有限公司", "科技有限公司"] as const;

export const SURNAMES = split(`
王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖
田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付
方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 黎 贺 顾 毛 郝 龚 邵 万 钱 欧阳 司马 上官`);

export const GIVEN_CHARS = split(`
伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀 霞 平 刚 桂 英 华 建 国 志 红 玉 兰 文 辉 斌
宇 浩 凯 鹏 飞 峰 林 琳 晨 阳 雪 梅 婷 慧 颖 欣 佳 嘉 俊 博 然 昊 轩 睿 哲 毅 卫 东 海 波 岐 贤
正 高 新 祥 金 争 粉 燕 琴 跃 敏 钟 世 港 凡 晓 永 春 德 胜 立 成 亮 坤 宏 家 庆 荣 忠 长 安 学 清`);

export const UNIVERSITIES = split(`
华南师范大学 中山大学 华南理工大学 浙江大学 南京大学 东南大学 武汉大学 华中科技大学 四川大学 山东大学
西安交通大学 哈尔滨工业大学 吉林大学 厦门大学 湖南大学 重庆大学 兰州大学 郑州大学 苏州大学 江南大学`);

export const COLLEGES = split(`
地理科学学院 材料科学与工程学院 计算机学院 生命科学学院 化学化工学院 机械工程学院 电子信息学院
医学院 药学院 环境学院 物理学院 自动化学院 经济管理学院 能源与动力工程学院`);

export const RESEARCH_FIELDS = split(`
再生医学 精准医疗 智能制造 新材料 人工智能 集成电路 生物技术 储能技术 数字经济 海洋科技 光电技术`);

export const PRODUCTS = split(`
线性驱动系统 动力电池 医疗器械 半导体封装 智能传感器 工业机器人 光伏组件 碳纤维复合材料 生物试剂
新能源汽车电机 高端轴承 液晶显示模组 5G通信模块 锂电隔膜 智能家居终端 体外诊断试剂`);

export const PROJECT_KINDS = ["研发生产", "产业化基地", "智能制造", "总部基地", "扩产"] as const;

export const PARK_KINDS = split(
  `数字经济产业园 生物医药产业园 智能制造产业园 科技创新园 人工智能产业园 新材料产业园`,
);

export const RETURN_COUNTRIES = [
  "美国",
  "英国",
  "德国",
  "日本",
  "澳大利亚",
  "加拿大",
  "新加坡",
  "法国",
] as const;

export const PAPERS = ["科技日报", "经济日报", "高新技术产业导报", "创新时报"] as const;

export const PAGE_NAMES = ["高新区", "区域创新", "产业园区", "综合新闻"] as const;

/** Two-line section subheads: a short "X与Y" line and a two-phrase line (老与新 / 老朋友更好 新朋友更多). */
export const SUBHEADS: readonly (readonly [string, string])[] = [
  ["老与新", "老朋友更好 新朋友更多"],
  ["内与外", "对内练内功 对外伸橄榄枝"],
  ["硬与软", "硬环境补短板 软服务增优势"],
  ["点与面", "以点带面 全域推进"],
  ["快与稳", "项目跑得快 发展走得稳"],
  ["大与小", "大项目顶天立地 小企业铺天盖地"],
  ["链与群", "延链补链 集群成势"],
  ["引与育", "外引龙头 内育新苗"],
];

/** Two-phrase lead-in lines for two-line headlines (创新练就“肌肉” 项目排队进场). */
export const LEAD_INS = split(`
创新练就“肌肉”|项目排队进场 招大引强|产业集聚成势 服务当先|环境持续优化 链式发展|集群加速成长
筑巢引凤|人才纷至沓来 改革破题|活力竞相迸发 校地携手|成果就地转化 数字赋能|产业提档升级`).map((s) =>
  s.replace("|", " "),
);

export const ZONE_SLOGANS = split(`
跑出创新发展加速度 打造高质量发展新引擎 蹚出转型升级新路子 激活创新发展一池春水 交出亮眼成绩单
按下发展快进键`);

export const PLAN_NAMES = split(`Z计划 启航计划 雏鹰计划 星火计划 领航计划 青苗计划 X计划`);
