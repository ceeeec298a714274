/**
 * What readers paste is not what they see: a zero-width space inside a name, a bidi mark copied
 * from a chat app, full-width digits, a "谢谢" at the end. None of it may change the answer, and
 * a page carrying such characters must answer as its clean copy does.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createQaService, type QaServiceHandle } from "../../src/qa/create-qa-service.js";
import { seedQaService, tempDirs, testConfig } from "../support/seed-index.js";

const Q = "清远高新区在2020年度国家高新区评价中综合排名第几？";
const PAGE = join("科技日报", "2021-04", "000_f28b1bf4d582b9a4.txt");

const firstSentence = (answer: string) => answer.split("。")[0]!;

describe("questions with invisible characters and politeness (F7)", () => {
  let qa: Awaited<ReturnType<typeof seedQaService>>;
  beforeAll(async () => {
    qa = await seedQaService();
  });
  afterAll(async () => {
    if (qa) await rm(join(qa.dirs.corpusDir, ".."), { recursive: true, force: true });
  });

  it.each([
    ["as asked", Q],
    ["with a zero-width space appended", `${Q}\u200b`],
    ["with a zero-width space inside 清远高新区", Q.replace("清远高新区", "清远\u200b高新区")],
    ["with a trailing right-to-left mark", `${Q}\u200f`],
    ["with a leading right-to-left override", `\u202e${Q}`],
    ["with a trailing 谢谢", `${Q}谢谢`],
    ["with 请问 in front and 谢谢你 behind", `请问${Q}谢谢你`],
    ["with a politeness 吗", Q.replace("？", "吗？")],
    ["in full-width digits", Q.replace("2020", "２０２０")],
  ])("answers 第96名 to the ranking question %s", async (_how, question) => {
    const a = await qa.ask(question);
    expect(a.abstained).toBe(false);
    expect(firstSentence(a.answer)).toContain("第96名");
    expect(a.citations[0]!.text).toContain("综合排名第96名");
  });

  it.each([[`请问${Q}谢谢`], [`${Q}谢谢你`], [Q.replace("？", "吗？")]])(
    "answers %s exactly as the plain question, from the same passages",
    async (polite) => {
      const plain = await qa.ask(Q);
      const a = await qa.ask(polite);
      expect(a.answer).toBe(plain.answer);
      expect(a.passages.map((p) => [p.id, p.score])).toEqual(plain.passages.map((p) => [p.id, p.score]));
    },
  );

  it("echoes the question as asked, politeness kept and invisible characters gone", async () => {
    const a = await qa.ask(`\u200b请问${Q}谢谢\u200f`);
    expect(a.question).toBe(`请问${Q}谢谢`);
  });
});

describe("pages with invisible characters and full-width digits (F7)", () => {
  let root: string | undefined;
  let qa: QaServiceHandle;
  let page: string;
  beforeAll(async () => {
    const dirs = await tempDirs();
    root = dirs.root;
    const file = join(dirs.corpusDir, PAGE);
    // The seed page as a careless export would give it: a zero-width space inside every 清远高新区,
    // bidi marks at line ends, the ranking in full-width digits, a BOM-like U+FEFF mid-line.
    const original = await readFile(file, "utf8");
    page = original
      .replaceAll("清远高新区", "清远\u200b高新区")
      .replaceAll("\n", "\u200f\n")
      .replace("综合排名第96名", "综合排名\ufeff第９６名");
    expect(page).not.toBe(original);
    await writeFile(file, page);
    qa = await createQaService({ config: testConfig(dirs), logger: createLogger("silent") });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("indexes the page as its clean copy, so the plain question finds and quotes it", async () => {
    const a = await qa.ask(Q);
    expect(a.abstained).toBe(false);
    expect(firstSentence(a.answer)).toContain("第96名");
    const cited = a.citations[0]!;
    expect(cited.text).toContain("清远高新区综合排名第96名");
    // Nothing invisible reaches a quote, and the page's own punctuation stays full-width.
    expect(cited.text).not.toMatch(/[\u200b\u200f\ufeff]/);
    expect(cited.text).toContain("，");
    expect(cited.title).toContain("清远高新区");
  });
});

describe("pages printing unit and numeral symbols", () => {
  let root: string | undefined;
  let qa: QaServiceHandle;
  beforeAll(async () => {
    const dirs = await tempDirs();
    root = dirs.root;
    const file = join(dirs.corpusDir, "科技日报", "2023-08", "weather.txt");
    await mkdir(join(file, ".."), { recursive: true });
    await writeFile(
      file,
      [
        "七月成为有记录以来最热月份",
        "本报北京8月8日电（记者王菲）世界气象组织8日表示，今年七月是有记录以来最热的月份。根据欧盟气候变化服务局的数据，",
        "今年7月的全球月平均气温为16.95℃，高于此前的记录。受持续强降雨影响，当地气象部门于8日启动防汛Ⅳ级应急响应，",
        "城区新建排涝泵站占地3000㎡。",
        "",
      ].join("\n"),
    );
    qa = await createQaService({ config: testConfig(dirs), logger: createLogger("silent") });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("quotes the symbols as the page prints them", async () => {
    const a = await qa.ask("今年7月的全球月平均气温是多少？");
    expect(a.abstained).toBe(false);
    expect(firstSentence(a.answer)).toContain("16.95℃");
    expect(a.citations[0]!.text).toContain("16.95℃");
    expect(a.citations[0]!.text).toContain("Ⅳ级应急响应");
    expect(a.citations[0]!.text).toContain("3000㎡");
  });

  it("finds a printed symbol by its spelled-out form", async () => {
    const a = await qa.ask("气象部门启动了IV级什么响应？");
    expect(a.abstained).toBe(false);
    expect(a.citations[0]!.text).toContain("防汛Ⅳ级应急响应");
  });
});
