import { readFileSync } from "node:fs";
import type { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/text/seeded-random.js";
import { createTokenizer, type Tokenizer } from "../../src/text/tokenizer.js";
import { createWordTeacher } from "../../src/text/word-teacher.js";

const seed = readFileSync(
  new URL("../../corpus/科技日报/2021-04/000_f28b1bf4d582b9a4.txt", import.meta.url),
  "utf8",
);
const questions = readFileSync(new URL("../fixtures/qa/dev-qa.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l).question as string);
const texts = [...seed.split("\n").filter((l) => l.trim()), ...questions];

/** Base-dictionary words more frequent than a taught name: teaching them lowers jieba's total. */
const frequentBaseWords = Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength)
  .toString("utf8")
  .split("\n")
  .map((l) => l.split(" "))
  .filter(([w, f]) => w && w.length >= 2 && Number(f) > 5000)
  .map(([w]) => w!);

/** Substrings of the seed page, as a corpus's names overlap its words and each other. */
function namesFromSeed(count: number, seedNumber: number): string[] {
  const random = mulberry32(seedNumber);
  const han = seed.replace(/[^\p{Script=Han}]/gu, "");
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = Math.floor(random() * (han.length - 6));
    out.push(han.slice(at, at + 2 + Math.floor(random() * 4)));
  }
  return out;
}

/**
 * Names no text here holds, many enough to move jieba's total as a large corpus's do (a million
 * chunks carry ~818,000): what they add must be kept while they wait.
 */
function namesElsewhere(count: number): string[] {
  const random = mulberry32(7);
  const chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥";
  const out = new Set<string>();
  while (out.size < count) {
    let w = "";
    for (let i = 0; i < 4; i++) w += chars[Math.floor(random() * chars.length)];
    out.add(w);
  }
  return [...out];
}

function segmentations(t: Tokenizer, of: readonly string[]): string[] {
  return of.map((x) => JSON.stringify([t.tokens(x), t.words(x), t.contentWords(x), t.tag(x)]));
}

describe("teaching names on demand", () => {
  it("segments every text as a tokenizer taught every name at once does, across two rounds of names", () => {
    const eager = createTokenizer({ namesOnDemandFrom: Number.POSITIVE_INFINITY });
    const onDemand = createTokenizer({ namesOnDemandFrom: 0 });
    const untaught = segmentations(createTokenizer(), texts);
    const first = [...namesFromSeed(400, 1), ...frequentBaseWords.slice(0, 50), ...namesElsewhere(40_000)];
    eager.addWords(first);
    onDemand.addWords(first);
    // Half the texts between the rounds, so the second round finds some names taught and some not.
    expect(segmentations(onDemand, texts.slice(0, 40))).toEqual(segmentations(eager, texts.slice(0, 40)));
    const second = [...namesFromSeed(300, 2), ...frequentBaseWords.slice(50, 80)];
    eager.addWords(second);
    onDemand.addWords(second);
    const taught = segmentations(eager, texts);
    expect(segmentations(onDemand, texts)).toEqual(taught);
    // The names matter: without them many texts segment otherwise.
    expect(taught.filter((s, i) => s !== untaught[i]).length).toBeGreaterThan(texts.length / 4);
  });

  it("segments alike when a small dictionary, taught at once, grows past where names wait", () => {
    const eager = createTokenizer({ namesOnDemandFrom: Number.POSITIVE_INFINITY });
    const onDemand = createTokenizer({ namesOnDemandFrom: 1000 });
    const first = [...namesFromSeed(400, 1), ...frequentBaseWords.slice(0, 50)];
    eager.addWords(first);
    onDemand.addWords(first);
    const second = [...namesFromSeed(300, 2), ...frequentBaseWords.slice(50, 80), ...namesElsewhere(40_000)];
    eager.addWords(second);
    onDemand.addWords(second);
    expect(segmentations(onDemand, texts)).toEqual(segmentations(eager, texts));
  });

  it("segments alike when the names lower jieba's total (each more frequent in the base dictionary)", () => {
    const eager = createTokenizer({ namesOnDemandFrom: Number.POSITIVE_INFINITY });
    const onDemand = createTokenizer({ namesOnDemandFrom: 0 });
    const names = frequentBaseWords.slice(0, 200);
    eager.addWords(names);
    onDemand.addWords(names);
    expect(segmentations(onDemand, texts)).toEqual(segmentations(eager, texts));
  });

  it("gives jieba only the names a text holds, once, and keeps the others' frequency in one entry", () => {
    const loads: string[] = [];
    const jieba = { loadDict: (b: Buffer) => loads.push(b.toString("utf8")) } as unknown as Jieba;
    const teacher = createWordTeacher(() => jieba, { onDemandFrom: 0 });
    teacher.add(["秀洲高新区", "新夜电子", "x"]);
    expect(loads).toEqual(["\uE000\uE001\uE002 2000 x"]);
    teacher.before("秀洲高新区管委会");
    teacher.before("秀洲高新区的企业");
    expect(loads.slice(1)).toEqual(["秀洲高新区 1000 nz\n\uE000\uE001\uE002 1000 x"]);
    teacher.add(["秀洲高新区", "新夜电子"]);
    expect(loads).toHaveLength(2);
  });

  it("teaches a small dictionary's names at once, and only later ones on demand", () => {
    const loads: string[] = [];
    const jieba = { loadDict: (b: Buffer) => loads.push(b.toString("utf8")) } as unknown as Jieba;
    const teacher = createWordTeacher(() => jieba, { onDemandFrom: 2 });
    teacher.add(["新夜电子", "玄聚海洋"]);
    expect(loads).toEqual(["新夜电子 1000 nz\n玄聚海洋 1000 nz"]);
    teacher.add(["秀洲高新区"]);
    teacher.before("新夜电子和秀洲高新区");
    expect(loads.slice(1)).toEqual([
      "\uE000\uE001\uE002 1000 x",
      "秀洲高新区 1000 nz\n\uE000\uE001\uE002 0 x",
    ]);
  });

  it("counts the names it knows, not the words a reload repeats, against where names wait", () => {
    const loads: string[] = [];
    const jieba = { loadDict: (b: Buffer) => loads.push(b.toString("utf8")) } as unknown as Jieba;
    const teacher = createWordTeacher(() => jieba, { onDemandFrom: 3 });
    teacher.add(["新夜电子", "玄聚海洋"]);
    teacher.add(["新夜电子", "玄聚海洋"]);
    teacher.add(["新夜电子", "玄聚海洋", "秀洲高新区"]);
    expect(loads).toEqual(["新夜电子 1000 nz\n玄聚海洋 1000 nz", "秀洲高新区 1000 nz"]);
  });

  it("finds waiting names of any length, two characters or forty", () => {
    const loads: string[] = [];
    const jieba = { loadDict: (b: Buffer) => loads.push(b.toString("utf8")) } as unknown as Jieba;
    const teacher = createWordTeacher(() => jieba, { onDemandFrom: 0 });
    const long = "中华人民共和国国家发展和改革委员会高技术产业司创新驱动发展战略研究中心第一研究室";
    expect(long.length).toBeGreaterThanOrEqual(40);
    teacher.add([long, "丑寅", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"]);
    teacher.before(`据${long}称，丑寅说`);
    expect(loads[1]!.split("\n").slice(0, -1).sort()).toEqual([`${long} 1000 nz`, "丑寅 1000 nz"].sort());
  });

  it("teaches a name the base dictionary holds at once, so waiting names each add the same", () => {
    const loads: string[] = [];
    const jieba = { loadDict: (b: Buffer) => loads.push(b.toString("utf8")) } as unknown as Jieba;
    // 高新区 (at 270) and 中国 (at 129,470) are in jieba's dictionary: teaching them changes an
    // entry's frequency, which jieba sums itself, so only 秀洲高新区 waits.
    const teacher = createWordTeacher(() => jieba, { onDemandFrom: 0 });
    teacher.add(["高新区", "秀洲高新区"]);
    teacher.add(["中国"]);
    expect(loads).toEqual([
      "高新区 1000 nz\n\uE000\uE001\uE002 1000 x",
      "中国 1000 nz\n\uE000\uE001\uE002 1000 x",
    ]);
  });
});

describe("teaching a dictionary for the texts a tokenizer will segment", () => {
  const long = "中华人民共和国国家发展和改革委员会高技术产业司创新驱动发展战略研究中心第一研究室";
  /** A generation's dictionary as its files hold it: base-dictionary words, names in and out of the texts. */
  const dictionary = [
    ...new Set([
      ...namesFromSeed(400, 1),
      ...frequentBaseWords.slice(0, 60),
      ...namesElsewhere(5_000),
      long,
      "x",
      "两 字",
      "两\u3000字",
      "\u00a0",
      // Characters whose UTF-8 leads as some white space's does (·, U+00B7), and outside the BMP.
      "约翰·史密斯",
      "玛丽·居里",
      "𠀋𠀌",
      "𠀍",
    ]),
  ].join("\n");
  const inputs = [...texts.slice(0, 30), `据${long}称`, "记者约翰·史密斯报道𠀋𠀌𠀍"];
  /** The dictionary as a base file and a part, as a generation's files hold it. */
  const asFiles = (d: string) => {
    const lines = d.split("\n");
    return [Buffer.from(lines.slice(0, 3000).join("\n")), Buffer.from(lines.slice(3000).join("\n"))];
  };

  /** What jieba is given, by a teacher taught the dictionary one way, then asked to segment `inputs`. */
  function loadsAfter(teach: (t: ReturnType<typeof createWordTeacher>) => void, onDemandFrom: number) {
    const loads: string[] = [];
    const jieba = { loadDict: (b: Buffer) => loads.push(b.toString("utf8")) } as unknown as Jieba;
    const teacher = createWordTeacher(() => jieba, { onDemandFrom });
    teach(teacher);
    for (const input of inputs) teacher.before(input);
    return loads;
  }

  it("gives jieba what add() gives it, for those texts, without keeping the other names", () => {
    const all = loadsAfter((t) => t.add(dictionary.split("\n")), 1000);
    const held = loadsAfter((t) => t.addFor([Buffer.from(`${dictionary}\n`)], inputs), 1000);
    expect(held).toEqual(all);
    // Base-dictionary words at once, then the names the texts hold as they come, the long one too.
    expect(all.length).toBeGreaterThan(5);
    const taught = all.flatMap((l) => l.split("\n"));
    for (const name of [long, "约翰·史密斯", "𠀋𠀌"]) expect(taught).toContain(`${name} 1000 nz`);
    expect(taught).not.toContain("玛丽·居里 1000 nz");
  });

  it("teaches a small dictionary at once, as add() does", () => {
    const small = loadsAfter((t) => t.addFor(asFiles(dictionary), inputs), 100_000);
    expect(small).toEqual(loadsAfter((t) => t.add(dictionary.split("\n")), 100_000));
    expect(small[0]!.split("\n").length).toBeGreaterThan(5_000);
  });

  it("counts words as add() does where names start to wait: a blank line is none", () => {
    const words = dictionary.split("\n").filter((w) => w.trim()).length;
    expect(dictionary.split("\n")).toContain("\u00a0");
    const atOnce = loadsAfter((t) => t.add(dictionary.split("\n").filter((w) => w.trim())), words);
    expect(loadsAfter((t) => t.addFor(asFiles(dictionary), inputs), words)).toEqual(atOnce);
    expect(atOnce[0]!.split("\n").length).toBeGreaterThan(5_000);
  });

  it("segments those texts as a tokenizer taught every name at once does", () => {
    const eager = createTokenizer({ namesOnDemandFrom: Number.POSITIVE_INFINITY });
    const forTexts = createTokenizer({ namesOnDemandFrom: 1000 });
    eager.addWords(dictionary.split("\n"));
    forTexts.addWordsFor(asFiles(dictionary), inputs);
    expect(segmentations(forTexts, inputs)).toEqual(segmentations(eager, inputs));
  });
});
