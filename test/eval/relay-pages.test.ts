import { describe, expect, it } from "vitest";
import type { GoldArticle, RealPage } from "../../src/eval/real-pages.js";
import { relayPage, relayPages } from "../../src/eval/relay-pages.js";

const gold = (title_lines: string[], sentences: string[]): GoldArticle => ({
  title_lines,
  authors: [],
  sentences,
  kind: "article",
});

// A block page written for this test: a running head, then four stories, the second printing its
// headline after its body, the third with a photo credit set apart as a block of its own. Bodies
// run long enough for the blanks to mark blocks (a blank before one line in five or fewer).
const filler = (place: string) =>
  Array.from({ length: 10 }, (_, k) => `${place}第${"一二三四五六七八九十"[k]}项工程进展顺利，`);
const STORIES = [
  {
    headline: ["甲地新建水厂今日投产", "日供水能力达十万吨"],
    body: ["本报甲地3月2日电（记者王", "明）甲地新建水厂今日投产，", ...filler("甲地"), "惠及三十万居民。"],
  },
  { headline: ["乙县举办丰收节"], body: ["乙县举办第三届丰收节，吸", ...filler("乙县"), "引游客两万人次。"] },
  {
    headline: ["丙市地铁三号线开通"],
    body: ["丙市地铁三号线今日开通运", ...filler("丙市"), "营，全长二十公里。"],
    credit: ["李华摄"],
  },
  // Its headline is set over two blocks, and its second line's words are in the body too.
  {
    headline: ["丁镇修复明代", "古桥工程完工"],
    body: ["丁镇修复一座明代古桥，工", ...filler("丁镇"), "丁镇古桥工程完工，期半年。"],
  },
];
const BLOCKS = [
  ["2024年3月3日 星期日 第5版"],
  STORIES[0]!.headline,
  STORIES[0]!.body,
  STORIES[1]!.body,
  STORIES[1]!.headline,
  STORIES[2]!.headline,
  STORIES[2]!.body,
  STORIES[2]!.credit!,
  [STORIES[3]!.headline[0]!],
  [STORIES[3]!.headline[1]!],
  STORIES[3]!.body,
];
const PAGE: RealPage = {
  id: "test-page",
  text: `${BLOCKS.map((b) => b.join("\n")).join("\n\n")}\n`,
  gold: STORIES.map((s) =>
    gold(s.headline, [
      s.body
        .join("")
        .replace(/^本报.*?）/, "")
        .replace(/。$/, ""),
    ]),
  ),
};

const nonBlank = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

describe("relaying the tune half's pages in the other layouts", () => {
  it("keeps every line and its order within each article, with no blank lines and one headline side", () => {
    const page = relayPage(PAGE, "none")!;
    expect(page.text).not.toMatch(/\n\s*\n/);
    const lines = nonBlank(page.text);
    expect([...lines].sort()).toEqual(BLOCKS.flat().sort());
    const sides = STORIES.map((s) => {
      const headline = lines.indexOf(s.headline[0]!);
      expect(lines.slice(headline, headline + s.headline.length)).toEqual(s.headline);
      return headline < lines.indexOf(s.body[0]!) ? "before" : "after";
    });
    expect(new Set(sides).size).toBe(1);
    // The credit set apart stays with its story, after its body.
    expect(lines.indexOf("李华摄")).toBe(lines.indexOf(STORIES[2]!.body.at(-1)!) + 1);
    expect(page.gold).toBe(PAGE.gold);
  });

  it("prints headline blocks whole on every-line pages, and blanks after body lines", () => {
    const page = relayPage(PAGE, "every line")!;
    expect([...nonBlank(page.text)].sort()).toEqual(BLOCKS.flat().sort());
    expect(page.text).toContain(STORIES[0]!.headline.join("\n"));
    const blanksAfterBody = STORIES.flatMap((s) => s.body).filter((l) => page.text.includes(`${l}\n\n`));
    expect(blanksAfterBody.length).toBeGreaterThan(STORIES.flatMap((s) => s.body).length / 2);
  });

  it("drops a few blanks after body lines, as real every-line pages do, and none after a headline block", () => {
    // The real every-line pages of the tune half: no blank between 4.4% of pairs of full body
    // lines, and a blank after every one of their 127 headline blocks.
    let bodyLines = 0;
    let dropped = 0;
    for (let n = 0; n < 200; n++) {
      const text = relayPage({ ...PAGE, id: `relay-drop-${n}` }, "every line")!.text;
      for (const s of STORIES) {
        expect(text).toContain(`${s.headline.at(-1)}\n\n`);
        for (const line of s.body) {
          bodyLines++;
          if (!text.includes(`${line}\n\n`) && !text.endsWith(`${line}\n`)) dropped++;
        }
      }
    }
    expect(dropped / bodyLines).toBeGreaterThan(0.02);
    expect(dropped / bodyLines).toBeLessThan(0.07);
  });

  it("runs two bodies together only where the second opens with its dateline or the first ends in a credit", () => {
    // Across many ids, every place where a body line is followed by another story's body line.
    let afterCredit = 0;
    for (let k = 0; k < 40; k++) {
      const lines = nonBlank(relayPage({ ...PAGE, id: `p${k}` }, "every line")!.text);
      for (let i = 1; i < STORIES.length; i++) {
        const start = lines.indexOf(STORIES[i]!.body[0]!);
        const previous = lines[start - 1]!;
        if (previous === "李华摄") afterCredit++;
        else if (STORIES[i - 1]!.body.includes(previous)) expect(STORIES[i]!.body[0]).toMatch(/^本报/);
      }
    }
    // The photo credit closing the third story is a seam: the fourth's headline may follow its body.
    expect(afterCredit).toBeGreaterThan(0);
  });

  it("lays a page out the same way every time, and differently for another id", () => {
    expect(relayPage(PAGE, "every line")!.text).toBe(relayPage(PAGE, "every line")!.text);
    const texts = new Set(
      Array.from({ length: 20 }, (_, k) => relayPage({ ...PAGE, id: `p${k}` }, "every line")!.text),
    );
    expect(texts.size).toBeGreaterThan(1);
  });

  it("keeps a dateline line, which the gold leaves out of the sentences, at the head of its own body", () => {
    for (let k = 0; k < 12; k++) {
      const none = relayPage({ ...PAGE, id: `d${k}` }, "none")!;
      // Read back line by line, the dateline lines are placed by nothing: they open the body after them.
      const lines = nonBlank(relayPage(none, "every line")!.text);
      const at = lines.indexOf("本报甲地3月2日电（记者王");
      expect(lines.slice(at, at + 3)).toEqual(STORIES[0]!.body.slice(0, 3));
    }
  });

  it("keeps a label over the page's first body with that body, and the running head on top", () => {
    // The first story's headline after its body, which opens with a label the gold leaves out.
    const labelled: RealPage = {
      ...PAGE,
      text: `${[
        ["2024年3月3日 星期日 人民日报 第5版"],
        ["核心阅读"],
        STORIES[0]!.body,
        STORIES[0]!.headline,
        ...BLOCKS.slice(3),
      ]
        .map((b) => b.join("\n"))
        .join("\n\n")}\n`,
    };
    for (let k = 0; k < 12; k++) {
      const lines = nonBlank(relayPage({ ...labelled, id: `l${k}` }, "every line")!.text);
      expect(lines[0]).toBe("2024年3月3日 星期日 人民日报 第5版");
      expect(lines[lines.indexOf("核心阅读") + 1]).toBe(STORIES[0]!.body[0]);
    }
  });

  it("lays out a page of another layout too, by its headline lines, and leaves out one already in the layout", () => {
    // The none page read back: no blanks to show units, so each headline line is told by the gold.
    const none = relayPage(PAGE, "none")!;
    expect(relayPage(none, "none")).toBeUndefined();
    const every = relayPage(none, "every line")!;
    expect([...nonBlank(every.text)].sort()).toEqual(BLOCKS.flat().sort());
    for (const s of STORIES) expect(every.text).toContain(s.headline.join("\n"));
    expect(relayPages([none, PAGE], "none").map((p) => p.id)).toEqual(["test-page"]);
  });
});
