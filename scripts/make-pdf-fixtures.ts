/**
 * Generates the PDF fixtures under test/fixtures/pdf/: newspaper-like pages in two and three
 * columns set in a CJK font, a scan (an image, no text layer), a truncated file and a
 * password-protected one. The PDFs are committed, so tests and CI need neither this script nor the
 * font; rerun it only to change the fixtures:
 *
 *   apt-get install -y fonts-wqy-zenhei   # or fonts-noto-cjk, or set PDF_FIXTURE_FONT
 *   npx tsx scripts/make-pdf-fixtures.ts
 *
 * The pages are laid out here line by line (rather than with pdfkit's own text flow) so that the
 * columns, bands and headlines are exactly where the tests expect them. Each line is written as
 * several text runs, and all runs of a page are written row by row across the columns, the order
 * some newspaper systems emit: a reader that follows the content stream interleaves the columns.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { segmentPage } from "../src/ingest/segment.js";
import { requireExtra } from "./lib/extras.js";

// pdfkit is a dev extra (scripts/lib/extras.ts): the fixtures it makes are committed.
const PDFDocument = requireExtra<typeof import("pdfkit")>("pdfkit");

const OUT_DIR = "test/fixtures/pdf";
const FONT_CANDIDATES = [
  process.env.PDF_FIXTURE_FONT,
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
].filter((f): f is string => f !== undefined && f !== "");
/** Font family inside a .ttc collection; pdfkit needs it to pick one face. */
const FONT_FAMILIES: Record<string, string> = {
  "wqy-zenhei.ttc": "WenQuanYiZenHei",
  "NotoSansCJK-Regular.ttc": "NotoSansCJKsc-Regular",
};
/** Fixed, so regenerating unchanged fixtures gives the same bytes. */
const CREATED = new Date("2021-04-26T00:00:00Z");

/** Point sizes: body text, headline, lead-in (引题) line. */
const BODY = 9.5;
const TITLE = 16;
/** Headline size of a story set in one column. */
const NARROW_TITLE = 13;
const LEAD = 11;
/** Baseline-to-baseline distance of body lines, in points. */
const LEADING = 14;
/** Space between columns, and between bands (stories stacked on the page), in points. */
const GUTTER = 14;
const BAND_GAP = 20;
const MARGIN = 36;

interface Story {
  /** Lead-in line printed above the headline, in a smaller font. */
  lead?: string;
  title: string;
  /** The first paragraph starts with the 本报讯 byline. */
  paragraphs: string[];
}

/** A story placed on the page: its headline spans `columns` columns starting at `column`. */
interface Placement {
  story: Story;
  column: number;
  columns: number;
}

/** One text run as it will be written: `y` is the top of the text, pdfkit's convention. */
interface Run {
  text: string;
  x: number;
  y: number;
  size: number;
}

const TWO_COLUMN: Placement[][] = [
  [
    {
      column: 0,
      columns: 2,
      story: {
        lead: "创新练就“肌肉” 项目排队进场",
        title: "清远高新区跑出创新发展加速度",
        paragraphs: [
          "本报讯（记者 李争粉）4月20日，记者走进广东先导先进材料股份有限公司，映入眼帘的是“国家稀散金属工程技术研究中心”等牌匾。航空航天、激光制导等领域必不可少的稀散材料许多都出自这里。",
          "该公司的成长见证着清远高新区的崛起。从1992年全国第一个扶贫开发试验区，到2015年升级为国家高新区，清远高新区一直在努力奔跑。",
          "根据2020年度国家高新区评价结果，清远高新区综合排名第96名，实现升级以来排名连续5年稳步攀升。",
          "今年2月，广东嘉博制药有限公司扛回了“全国就业与社会保障先进民营企业”的荣誉，广东省仅有5家企业入选。",
        ],
      },
    },
  ],
  [
    {
      column: 0,
      columns: 1,
      story: {
        title: "嘉兴秀洲光伏小镇再添新项目",
        paragraphs: [
          "本报讯（特约通讯员 马燕琴）近日，总投资12亿元的高效光伏组件项目在嘉兴秀洲高新区开工。项目达产后，预计年产值可达30亿元。",
          "秀洲光伏小镇已集聚光伏企业80余家，形成了从电池片到组件、逆变器的完整产业链。",
        ],
      },
    },
    {
      column: 1,
      columns: 1,
      story: {
        title: "烟台高新区人才公寓正式交付",
        paragraphs: [
          "本报讯（记者 王健高 通讯员 张辉）4月18日，烟台高新区首批人才公寓正式交付使用，共提供房源320套，首批入住的120名青年人才领到了钥匙。",
          "据介绍，人才公寓配备了健身房、共享厨房和自习室，入住人才前三年可享受租金减半的优惠。",
        ],
      },
    },
  ],
];

const THREE_COLUMN: Placement[][] = [
  [
    {
      column: 0,
      columns: 3,
      story: {
        title: "苏州工业园区新增三家国家级孵化器",
        paragraphs: [
          "本报讯（记者 朱冬梅）日前，科技部公布2020年度国家级科技企业孵化器名单，苏州工业园区3家孵化器入选，园区国家级孵化器总数达到19家。",
          "这3家孵化器分别聚焦生物医药、纳米技术应用和人工智能领域，累计在孵企业超过400家，其中高新技术企业56家。",
          "近年来，园区不断完善“众创空间—孵化器—加速器—产业园”全链条孵化体系，为初创企业提供研发场地、投融资对接和市场推广等服务。",
          "园区科技创新委员会负责人表示，下一步将加大对孵化载体的绩效考核力度，推动孵化服务向专业化、精细化方向发展。",
        ],
      },
    },
  ],
  [
    {
      column: 0,
      columns: 2,
      story: {
        title: "合肥高新区量子产业集群加速成长",
        paragraphs: [
          "本报讯（记者 吴长锋）4月22日，合肥高新区举行量子产业发展大会，现场签约量子计算、量子测量等项目15个，总投资额超过60亿元。",
          "目前，合肥高新区已集聚量子企业40余家，数量居全国前列，初步形成了从核心器件到整机系统的产业链条。",
          "合肥高新区相关负责人介绍，园区将设立10亿元规模的量子产业基金，支持企业开展关键技术攻关。",
        ],
      },
    },
    {
      column: 2,
      columns: 1,
      story: {
        title: "武汉光谷发布人才新政十条",
        paragraphs: [
          "本报讯（记者 刘志伟）4月21日，武汉东湖高新区发布“光谷人才新政十条”，对引进的顶尖人才团队最高给予1亿元综合资助。",
          "新政还提出，为青年人才提供最长3年的免费人才公寓，并在子女入学、医疗保障等方面开辟绿色通道。",
        ],
      },
    },
  ],
];

/**
 * The seed page (科技日报, corpus/科技日报/2021-04) set as a five-column PDF page: its seven stories,
 * read from the extracted text by the segmenter of the day, with their bylines where the paper
 * prints them, in three bands under headlines spanning one to three columns.
 */
function seedBands(): Placement[][] {
  const text = readFileSync("corpus/科技日报/2021-04/000_f28b1bf4d582b9a4.txt", "utf8");
  const stories = segmentPage(text)
    .filter((a) => a.kind === "article")
    .map((a): Story => {
      const paragraphs = a.text.split("\n");
      if (a.byline?.startsWith("本报讯")) paragraphs[0] = `${a.byline}${paragraphs[0]}`;
      else if (a.byline) paragraphs.push(a.byline);
      return a.subtitle
        ? { lead: a.title.slice(0, a.title.length - a.subtitle.length).trim(), title: a.subtitle, paragraphs }
        : { title: a.title, paragraphs };
    });
  if (stories.length !== 7) throw new Error(`expected the seed page's 7 stories, read ${stories.length}`);
  const [qingyuan, jiaxing, guangzhou, yangzhou, haidian, zgc, baoding] = stories as [Story, ...Story[]];
  return [
    [
      { story: qingyuan, column: 0, columns: 3 },
      { story: jiaxing!, column: 3, columns: 2 },
    ],
    [
      { story: guangzhou!, column: 0, columns: 2 },
      { story: yangzhou!, column: 2, columns: 1 },
      { story: haidian!, column: 3, columns: 2 },
    ],
    [
      { story: zgc!, column: 0, columns: 3 },
      { story: baoding!, column: 3, columns: 2 },
    ],
  ];
}

/** Punctuation that must not start a line (禁则): it stays at the end of the line before. */
const NO_LINE_START = /^[，。、；：？！”’）》」』…]/;

/** A deterministic stream of numbers, so runs split the same way on every regeneration. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Doc = InstanceType<typeof PDFDocument>;

function width(doc: Doc, text: string, size: number): number {
  return doc.fontSize(size).widthOfString(text);
}

/** Breaks a paragraph into lines of at most `max` points; the first is indented by two characters. */
function breakParagraph(doc: Doc, paragraph: string, max: number): { text: string; indent: number }[] {
  // Latin words and numbers stay whole; everything else may break between characters.
  const tokens = paragraph.match(/[A-Za-z0-9.%]+|[^A-Za-z0-9.%]/gu) ?? [];
  const indent = width(doc, "国国", BODY);
  const lines: { text: string; indent: number }[] = [];
  let line = "";
  for (const token of tokens) {
    const room = max - (lines.length === 0 ? indent : 0);
    // Punctuation that cannot start a line hangs into the gutter instead (行末标点悬挂), as
    // newspapers set it, so every line but a paragraph's last is full.
    const hangs = NO_LINE_START.test(token) && width(doc, line + token, BODY) <= room + BODY;
    if (line !== "" && width(doc, line + token, BODY) > room && !hangs) {
      lines.push({ text: line, indent: lines.length === 0 ? indent : 0 });
      line = "";
    }
    line += token;
  }
  if (line !== "") lines.push({ text: line, indent: lines.length === 0 ? indent : 0 });
  return lines;
}

/** Splits a line into runs of a few characters each, placed where the characters fall. */
function toRuns(doc: Doc, text: string, x: number, y: number, size: number, next: () => number): Run[] {
  const chars = [...text];
  const runs: Run[] = [];
  let i = 0;
  while (i < chars.length) {
    const n = 2 + Math.floor(next() * 6);
    const piece = chars.slice(i, i + n).join("");
    const before = chars.slice(0, i).join("");
    runs.push({ text: piece, x: x + width(doc, before, size), y, size });
    i += n;
  }
  return runs;
}

/** A headline broken in two near its middle, never before a mark that cannot start a line. */
function halves(text: string): string[] {
  const chars = [...text];
  let at = Math.ceil(chars.length / 2);
  while (at < chars.length - 1 && NO_LINE_START.test(chars[at]!)) at++;
  return [chars.slice(0, at).join(""), chars.slice(at).join("")];
}

/** Lays out one band of stories from `top`; returns the runs and the band's bottom edge. */
function layBand(
  doc: Doc,
  band: Placement[],
  grid: { left: number; column: number },
  top: number,
  next: () => number,
): { runs: Run[]; bottom: number } {
  const runs: Run[] = [];
  let bottom = top;
  for (const { story, column, columns } of band) {
    const x = grid.left + column * (grid.column + GUTTER);
    const spanWidth = columns * grid.column + (columns - 1) * GUTTER;
    let y = top;
    for (const [text, size] of [
      [story.lead, LEAD],
      [story.title, columns > 1 ? TITLE : NARROW_TITLE],
    ] as const) {
      if (text === undefined) continue;
      // A headline fits its columns: set smaller, down to the lead-in size, then over two lines.
      const fit = width(doc, text, size) <= spanWidth ? size : (spanWidth / width(doc, text, 1)) * 0.95;
      const rows = fit >= LEAD ? [text] : halves(text);
      const rowSize =
        fit >= LEAD ? fit : Math.min(size, ...rows.map((r) => (spanWidth / width(doc, r, 1)) * 0.95));
      for (const row of rows) {
        const indent = (spanWidth - width(doc, row, rowSize)) / 2;
        runs.push(...toRuns(doc, row, x + indent, y, rowSize, next));
        y += rowSize * 1.5;
      }
    }
    y += 2;
    const lines = story.paragraphs.flatMap((p) => breakParagraph(doc, p, grid.column));
    const perColumn = Math.ceil(lines.length / columns);
    lines.forEach((line, i) => {
      const col = Math.floor(i / perColumn);
      const lineX = x + col * (grid.column + GUTTER) + line.indent;
      const lineY = y + (i % perColumn) * LEADING;
      runs.push(...toRuns(doc, line.text, lineX, lineY, BODY, next));
    });
    bottom = Math.max(bottom, y + perColumn * LEADING);
  }
  return { runs, bottom };
}

async function makePage(font: string, bands: Placement[][], columns: number, pageWidth: number) {
  const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: CREATED, Title: "fixture" } });
  const family = FONT_FAMILIES[font.split("/").at(-1)!];
  doc.registerFont("cjk", font, family);
  doc.font("cjk");
  const column = (pageWidth - 2 * MARGIN - (columns - 1) * GUTTER) / columns;
  const next = lcg(columns * 7919);
  const runs: Run[] = [];
  let top = MARGIN;
  for (const band of bands) {
    const laid = layBand(doc, band, { left: MARGIN, column }, top, next);
    runs.push(...laid.runs);
    top = laid.bottom + BAND_GAP;
  }
  doc.addPage({ size: [pageWidth, top - BAND_GAP + MARGIN], margin: 0 });
  // Row by row across the page, not column by column: see the header comment.
  runs.sort((a, b) => a.y + a.size - (b.y + b.size) || a.x - b.x);
  for (const run of runs) doc.fontSize(run.size).text(run.text, run.x, run.y, { lineBreak: false });
  return finish(doc);
}

function finish(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.end();
  return done;
}

/** A small grey "scan": stripes where text lines would be, as an image with no text layer. */
async function makeScan(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [300, 400], margin: 0, info: { CreationDate: CREATED } });
  doc.image(grayPng(120, 160), 0, 0, { width: 300, height: 400 });
  return finish(doc);
}

async function makeEncrypted(font: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [300, 200],
    margin: 0,
    userPassword: "secret",
    ownerPassword: "owner",
    pdfVersion: "1.7",
    info: { CreationDate: CREATED },
  });
  doc.registerFont("cjk", font, FONT_FAMILIES[font.split("/").at(-1)!]);
  doc.font("cjk").fontSize(BODY).text("本报讯 这一页设有打开密码。", 20, 20);
  return finish(doc);
}

function grayPng(w: number, h: number): Buffer {
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0; // filter: none
    for (let x = 0; x < w; x++) {
      const ink = y % 8 < 3 && x > 8 && x < w - 8 && (x * 7 + y) % 13 !== 0;
      raw[y * (w + 1) + 1 + x] = ink ? 60 : 235;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

async function main() {
  const font = FONT_CANDIDATES.find((f) => existsSync(f));
  if (!font) {
    throw new Error(
      `No CJK font found (tried ${FONT_CANDIDATES.join(", ")}). Install one with: apt-get install -y fonts-wqy-zenhei, or set PDF_FIXTURE_FONT.`,
    );
  }
  await mkdir(OUT_DIR, { recursive: true });
  const twoColumn = await makePage(font, TWO_COLUMN, 2, 440);
  const files: Record<string, Buffer> = {
    "two-column.pdf": twoColumn,
    "three-column.pdf": await makePage(font, THREE_COLUMN, 3, 560),
    "seed-five-column.pdf": await makePage(font, seedBands(), 5, 760),
    "scanned.pdf": await makeScan(),
    // Cut mid-file, as an interrupted download leaves it.
    "truncated.pdf": twoColumn.subarray(0, Math.floor(twoColumn.length * 0.6)),
    "encrypted.pdf": await makeEncrypted(font),
  };
  for (const [name, bytes] of Object.entries(files)) {
    await writeFile(join(OUT_DIR, name), bytes);
    console.log(`${join(OUT_DIR, name)}: ${bytes.length} bytes`);
  }
}

await main();
