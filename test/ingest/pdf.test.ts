import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PageReadError } from "../../src/errors.js";
import { extractPdfText, linesToText, type PdfLine } from "../../src/ingest/pdf.js";
import { listPageFiles, readPage } from "../../src/ingest/read-page.js";
import { segmentPage } from "../../src/ingest/segment.js";

// Made by scripts/make-pdf-fixtures.ts. Their text runs are written row by row across the
// columns, so following the content stream would interleave the columns.
const FIXTURES = "test/fixtures/pdf";
const fixture = (name: string) => readFile(join(FIXTURES, name));

/** The text with line breaks removed: sentences broken across lines (and columns) read whole. */
const flat = (text: string) => text.replace(/\n/g, "");

describe("extracting a two-column PDF page", () => {
  let text: string;
  let lines: Awaited<ReturnType<typeof extractPdfText>>["lines"];
  beforeAll(async () => {
    ({ text, lines } = await extractPdfText(await fixture("two-column.pdf"), "two-column.pdf"));
  });

  it("reads the first story column by column, so a sentence running into the next column reads whole", () => {
    // This sentence starts at the foot of the left column and ends at the head of the right one.
    expect(flat(text)).toContain(
      "该公司的成长见证着清远高新区的崛起。从1992年全国第一个扶贫开发试验区，到2015年升级为国家高新区，清远高新区一直在努力奔跑。",
    );
    const order = [
      "本报讯（记者 李争粉）4月20日，记者走进广东先导先进材料股份有限公司",
      "根据2020年度国家高新区评价结果，清远高新区综合排名第96名",
      "今年2月，广东嘉博制药有限公司扛回了“全国就业与社会保障先进民营企业”的荣誉，广东省仅有5家企业入选。",
    ].map((s) => flat(text).indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("joins CJK text runs without spaces and keeps one output line per visual line", () => {
    expect(flat(text)).toContain(
      "秀洲光伏小镇已集聚光伏企业80余家，形成了从电池片到组件、逆变器的完整产业链。",
    );
    // No line mixes the two columns: each body line fits in one column (177 pt wide).
    for (const line of lines.filter((l) => !l.headline)) expect(line.width).toBeLessThan(180);
    expect(text.split("\n").filter((l) => l !== "")).toHaveLength(lines.length);
  });

  it("tells headlines apart by font size and puts each on its own line, before its story", () => {
    expect(lines.filter((l) => l.headline).map((l) => l.text)).toEqual([
      "创新练就“肌肉” 项目排队进场",
      "清远高新区跑出创新发展加速度",
      "嘉兴秀洲光伏小镇再添新项目",
      "烟台高新区人才公寓正式交付",
    ]);
    const at = (s: string) => text.indexOf(s);
    expect(at("嘉兴秀洲光伏小镇再添新项目")).toBeGreaterThan(at("广东省仅有5家企业入选。"));
    expect(at("嘉兴秀洲光伏小镇再添新项目")).toBeLessThan(at("本报讯（特约通讯员 马燕琴）"));
    expect(at("烟台高新区人才公寓正式交付")).toBeGreaterThan(at("完整产业链。"));
  });
});

describe("extracting a three-column PDF page", () => {
  let text: string;
  let lines: Awaited<ReturnType<typeof extractPdfText>>["lines"];
  beforeAll(async () => {
    ({ text, lines } = await extractPdfText(await fixture("three-column.pdf"), "three-column.pdf"));
  });

  it("reads a story across three columns in order, sentences whole across each column break", () => {
    for (const sentence of [
      "这3家孵化器分别聚焦生物医药、纳米技术应用和人工智能领域，累计在孵企业超过400家，其中高新技术企业56家。",
      "近年来，园区不断完善“众创空间—孵化器—加速器—产业园”全链条孵化体系，为初创企业提供研发场地、投融资对接和市场推广等服务。",
    ]) {
      expect(flat(text)).toContain(sentence);
    }
  });

  it("finishes a story spanning two columns before the one-column story beside it", () => {
    const at = (s: string) => flat(text).indexOf(s);
    expect(flat(text)).toContain(
      "目前，合肥高新区已集聚量子企业40余家，数量居全国前列，初步形成了从核心器件到整机系统的产业链条。",
    );
    expect(at("精细化方向发展。")).toBeLessThan(at("合肥高新区量子产业集群加速成长"));
    expect(at("支持企业开展关键技术攻关。")).toBeLessThan(at("武汉光谷发布人才新政十条"));
    expect(lines.filter((l) => l.headline).map((l) => [l.text, l.fontSize])).toEqual([
      ["苏州工业园区新增三家国家级孵化器", 16],
      ["合肥高新区量子产业集群加速成长", 16],
      // Set a little smaller than 13 pt to fit its one column.
      ["武汉光谷发布人才新政十条", 12.138889],
    ]);
  });
});

describe("reading PDF pages from a corpus", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "newsqa-pdf-"));
    await mkdir(join(root, "科技日报/2021-04-26"), { recursive: true });
    for (const name of ["two-column.pdf", "three-column.pdf", "scanned.pdf", "truncated.pdf"]) {
      await copyFile(join(FIXTURES, name), join(root, "科技日报/2021-04-26", name));
    }
    await writeFile(join(root, "科技日报/2021-04-26/notes.md"), "x");
    await writeFile(join(root, "科技日报/2021-04-26/01.txt"), "x");
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const page = (name: string) => readPage(join(root, "科技日报/2021-04-26", name), root);

  it("lists .pdf pages along with .txt pages", async () => {
    const files = await listPageFiles(root);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual([
      "科技日报/2021-04-26/01.txt",
      "科技日报/2021-04-26/scanned.pdf",
      "科技日报/2021-04-26/three-column.pdf",
      "科技日报/2021-04-26/truncated.pdf",
      "科技日报/2021-04-26/two-column.pdf",
    ]);
  });

  it("segments the two-column page into its three stories with titles, bylines and bodies", async () => {
    const { source, meta, articles } = await page("two-column.pdf");
    expect(source).toBe("科技日报/2021-04-26/two-column.pdf");
    expect(meta).toMatchObject({ paper: "科技日报", date: "2021-04-26" });
    expect(articles.map((a) => [a.title, a.authors])).toEqual([
      ["创新练就“肌肉” 项目排队进场 清远高新区跑出创新发展加速度", ["李争粉"]],
      ["嘉兴秀洲光伏小镇再添新项目", ["马燕琴"]],
      ["烟台高新区人才公寓正式交付", ["王健高", "张辉"]],
    ]);
    const [qingyuan, jiaxing, yantai] = articles;
    expect(qingyuan!.text.split("\n")).toEqual([
      "4月20日，记者走进广东先导先进材料股份有限公司，映入眼帘的是“国家稀散金属工程技术研究中心”等牌匾。航空航天、激光制导等领域必不可少的稀散材料许多都出自这里。",
      "该公司的成长见证着清远高新区的崛起。从1992年全国第一个扶贫开发试验区，到2015年升级为国家高新区，清远高新区一直在努力奔跑。",
      "根据2020年度国家高新区评价结果，清远高新区综合排名第96名，实现升级以来排名连续5年稳步攀升。",
      "今年2月，广东嘉博制药有限公司扛回了“全国就业与社会保障先进民营企业”的荣誉，广东省仅有5家企业入选。",
    ]);
    expect(jiaxing!.text).toContain("总投资12亿元的高效光伏组件项目在嘉兴秀洲高新区开工。");
    expect(jiaxing!.text).not.toContain("烟台");
    expect(yantai!.byline).toBe("本报讯（记者 王健高 通讯员 张辉）");
    expect(yantai!.text).toContain("入住人才前三年可享受租金减半的优惠。");
  });

  it("segments the three-column page into its three stories", async () => {
    const { articles } = await page("three-column.pdf");
    expect(articles.map((a) => [a.title, a.authors])).toEqual([
      ["苏州工业园区新增三家国家级孵化器", ["朱冬梅"]],
      ["合肥高新区量子产业集群加速成长", ["吴长锋"]],
      ["武汉光谷发布人才新政十条", ["刘志伟"]],
    ]);
    expect(flat(articles[0]!.text)).toContain(
      "为初创企业提供研发场地、投融资对接和市场推广等服务。园区科技创新委员会负责人表示，下一步将加大对孵化载体的绩效考核力度",
    );
    expect(articles[0]!.text).not.toContain("合肥");
    expect(articles[1]!.text).toContain("园区将设立10亿元规模的量子产业基金");
    expect(articles[2]!.text).toContain("对引进的顶尖人才团队最高给予1亿元综合资助。");
  });

  it("rejects a scanned PDF, saying it has no text layer, that OCR is not done here and what to do", async () => {
    const err = await page("scanned.pdf").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PageReadError);
    expect((err as PageReadError).file).toBe("科技日报/2021-04-26/scanned.pdf");
    expect((err as Error).message).toMatch(/no text layer/);
    expect((err as Error).message).toMatch(/OCR is out of scope/);
    expect((err as Error).message).toMatch(/run OCR first|\.txt/);
  });

  it("rejects a truncated PDF as cut off, naming the file", async () => {
    await expect(page("truncated.pdf")).rejects.toThrow(
      /^科技日报\/2021-04-26\/truncated\.pdf: the PDF is truncated.*Download or export the page again/,
    );
  });
});

describe("the seed page (科技日报) set in five columns", () => {
  // Made by scripts/make-pdf-fixtures.ts from corpus/科技日报/2021-04: seven stories in three bands,
  // headlines spanning one to three columns side by side, one wrapped over two lines.
  it("segments into its seven stories with every title", async () => {
    const { text } = await extractPdfText(await fixture("seed-five-column.pdf"), "seed-five-column.pdf");
    const articles = segmentPage(text).filter((a) => a.kind === "article");
    expect(articles.map((a) => a.title)).toEqual([
      "创新练就“肌肉” 项目排队进场 清远高新区跑出创新发展加速度",
      "“互学互比互赛”活动走进嘉兴秀洲高新区",
      "广州开发区投资集团与广州工控开展战略合作",
      "9个先进制造业项目在扬州高新区集中开工",
      "北京市海淀区创新合伙人合力助推“两区”建设",
      "中关村软件园“Z计划”双创加速营一期结营",
      "保定·中关村数字经济产业园启动",
    ]);
    expect(articles.find((a) => a.title.startsWith("北京市海淀区"))!.text).toMatch(
      /^近日，2021年北京市海淀区/,
    );
  });
});

describe("headline type in the text layer", () => {
  const line = (text: string, block: number, headline: boolean): PdfLine => ({
    text,
    fontSize: headline ? 16 : 9.5,
    x: 0,
    y: 0,
    width: 100,
    page: 1,
    block,
    headline,
  });
  it("sets a headline block apart, so one with commas stays whole and goes with the story under it", () => {
    const body = (first: string) => [
      line(first, 1, false),
      ...Array.from({ length: 6 }, (_, k) =>
        line(`园区今年新增企业四十余家，带动就业两千多人次。第${k + 1}段`, 1, false),
      ),
    ];
    const lines = [
      line("破解用工难题，园区企业开足马力", 0, true),
      ...body("本报讯（记者 李明）近日，记者走进园区，多家企业正加紧生产。"),
    ];
    const text = linesToText(lines);
    expect(text.split("\n")[1]).toBe("");
    const [article] = segmentPage(text).filter((a) => a.kind === "article");
    expect(article!.title).toBe("破解用工难题，园区企业开足马力");
    expect(article!.authors).toEqual(["李明"]);
  });
});

describe("PDF files that cannot be read", () => {
  const reject = (bytes: Uint8Array) => extractPdfText(bytes, "p.pdf");

  it("says a password-protected PDF needs its password removed", async () => {
    await expect(reject(await fixture("encrypted.pdf"))).rejects.toThrow(
      /password-protected.*Remove the password/,
    );
  });

  it("says an empty file or a non-PDF named .pdf is what it is", async () => {
    await expect(reject(new Uint8Array())).rejects.toThrow(/PDF file is empty/);
    await expect(reject(Buffer.from("本报讯 这是文本，不是PDF。"))).rejects.toThrow(/is not a PDF/);
  });

  it("calls a PDF damaged when its structure is broken, not a scan", async () => {
    const good = await fixture("two-column.pdf");
    const cut = Buffer.concat([good.subarray(0, 20000), Buffer.from("\n%%EOF\n")]);
    await expect(reject(cut)).rejects.toThrow(/PDF is damaged/);
    // Content streams wiped: pdf.js reads the page as empty, which must not pass for a scan.
    const wiped = good.map((b, i) => (i > 1000 && i < good.length - 2000 ? 0 : b));
    await expect(reject(wiped)).rejects.toThrow(/PDF is damaged/);
  });
});
