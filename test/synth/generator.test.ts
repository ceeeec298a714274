import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  corpusPages,
  generateCorpus,
  generatePage,
  HELD_OUT_CITIES,
  type SyntheticPage,
} from "../../scripts/lib/synth/index.js";
import { parseQaSet } from "../../src/eval/evaluate.js";

const squeeze = (s: string) => s.replace(/\s+/g, "");
const corpus: SyntheticPage[] = [...corpusPages({ pages: 300, seed: 20210420 })];
const squeezed = corpus.map((p) => squeeze(p.text));

describe("synthetic pages", () => {
  it("gives the same page for the same seed and a different page for another seed", () => {
    expect(generatePage(7)).toEqual(generatePage(7));
    expect(generatePage(7, { date: "2021-04-20", page: 3 })).toEqual(
      generatePage(7, { date: "2021-04-20", page: 3 }),
    );
    expect(generatePage(8).text).not.toEqual(generatePage(7).text);
    expect(corpus[0]!.text).not.toEqual(corpus[1]!.text);
  });

  it("prints every article body, modulo line breaks and stray spaces", () => {
    for (const [i, page] of corpus.entries()) {
      for (const article of page.articles) expect(squeezed[i]).toContain(squeeze(article.text));
    }
  });

  it("proves every answerable item with evidence from its own article's clean body", () => {
    let checked = 0;
    for (const page of corpus) {
      for (const article of page.articles) {
        for (const item of article.facts.filter((f) => f.answerable)) {
          for (const ev of item.evidence) expect(article.text).toContain(ev);
          checked++;
        }
      }
      for (const item of page.qa.filter((q) => q.kind === "multi")) {
        expect(item.facts).toHaveLength(2);
        for (const ev of item.evidence) expect(page.articles.some((a) => a.text.includes(ev))).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("states each answer inside its evidence and never asks by quoting the evidence", () => {
    for (const item of corpus.flatMap((p) => p.qa).filter((q) => q.answerable)) {
      item.facts.forEach((alts, i) => {
        expect(alts.some((alt) => item.evidence[i]!.includes(alt))).toBe(true);
      });
      for (const ev of item.evidence) expect(item.question.includes(ev)).toBe(false);
    }
  });

  it("never asks about a year its article does not state", () => {
    // "2020年一季度…增速" is unanswerable if the article only says "一季度": the year would be a guess.
    let checked = 0;
    for (const page of corpus) {
      for (const article of page.articles) {
        for (const item of article.facts.filter((f) => f.answerable)) {
          for (const year of item.question.match(/(?:19|20)\d{2}(?=年)/g) ?? []) {
            expect(article.text, item.question).toContain(`${year}年`);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("asks about zones that no page mentions, and the paper never mentions them", () => {
    const absent = corpus.flatMap((p) => p.qa).filter((q) => q.kind === "unanswerable");
    const zones = absent
      .map((q) => HELD_OUT_CITIES.find((c) => q.question.includes(`${c}高新区`)))
      .filter((c): c is string => c !== undefined);
    expect(zones.length).toBeGreaterThanOrEqual(corpus.length);
    for (const city of HELD_OUT_CITIES) {
      for (const text of squeezed) expect(text.includes(`${city}高新区`)).toBe(false);
    }
  });

  it("asks for roles that are never given for entities the paper does mention", () => {
    const gap = /^(?:谁担任)?(.+?)的?(董事长|总经理|管委会主任|党工委书记)(?:是谁|叫什么名字)?？$/;
    let checked = 0;
    for (const item of corpus.flatMap((p) => p.qa).filter((q) => q.kind === "unanswerable")) {
      const m = gap.exec(item.question);
      if (!m) continue;
      const [, entity, role] = m;
      if (HELD_OUT_CITIES.some((c) => entity === `${c}高新区`)) continue;
      expect(squeezed.some((t) => t.includes(entity!))).toBe(true);
      expect(squeezed.some((t) => t.includes(`${entity}${role}`))).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("keeps the truth consistent: the same question has the same answer on every page", () => {
    const seen = new Map<string, string>();
    for (const item of corpus.flatMap((p) => p.qa).filter((q) => q.kind === "fact")) {
      const answer = JSON.stringify(item.facts);
      expect(seen.get(item.question) ?? answer, item.question).toEqual(answer);
      seen.set(item.question, answer);
    }
  });

  it("words questions in several ways and gives unique ids", () => {
    const items = corpus.flatMap((p) => p.qa);
    expect(new Set(items.map((q) => q.id)).size).toBe(items.length);
    const ceoShapes = new Set(
      items
        .filter((q) => q.kind === "fact" && /总经理|董事长/.test(q.question))
        .map((q) => q.question.replace(/^.*?(?=的|现任|是谁|叫)|(?<=担任).*?(?=总经理|董事长)/g, "")),
    );
    expect(ceoShapes.size).toBeGreaterThanOrEqual(3);
    expect(items.filter((q) => q.kind === "multi").length).toBeGreaterThan(corpus.length / 2);
  });

  it("prints headlines before and after bodies, sometimes two after-body headlines together", () => {
    const articles = corpus.flatMap((p) => p.articles).filter((a) => a.kind === "article");
    const after = articles.filter((a) => a.titlePlacement === "after").length / articles.length;
    expect(after).toBeGreaterThan(0.2);
    expect(after).toBeLessThan(0.6);

    let grouped = 0;
    corpus.forEach((page, i) => {
      const text = squeezed[i]!;
      const bodyAt = page.articles.map((a) => text.indexOf(squeeze(a.text)));
      page.articles.forEach((a, k) => {
        if (a.kind !== "article") return;
        const title = squeeze(a.title);
        const body = squeeze(a.text);
        if (a.titlePlacement === "after")
          expect(text.indexOf(title, bodyAt[k]! + body.length)).toBeGreaterThan(-1);
        else expect(text.slice(0, bodyAt[k]).includes(title)).toBe(true);
        const next = page.articles[k + 1];
        if (a.titlePlacement === "after" && next?.titlePlacement === "after") {
          const nextBodyEnd = bodyAt[k + 1]! + squeeze(next.text).length;
          if (bodyAt[k + 1]! < text.indexOf(title, bodyAt[k]! + body.length) && nextBodyEnd > bodyAt[k]!)
            grouped++;
        }
      });
    });
    expect(grouped).toBeGreaterThan(0);
  });

  it("varies line widths, blank lines, bylines and captions across pages", () => {
    const articles = corpus.flatMap((p) => p.articles);
    const widths = new Set(articles.map((a) => a.width));
    expect(widths.size).toBeGreaterThan(10);
    expect([...widths].some((w) => w <= 13)).toBe(true);
    expect([...widths].some((w) => w >= 28)).toBe(true);
    expect(corpus.some((p) => /\S\n\n\S/.test(p.text))).toBe(true);
    expect(corpus.some((p) => /[0-9]\n[^\s0-9]/.test(p.text))).toBe(true);
    expect(corpus.some((p) => / [0-9.]+ ?[年亿亩家个]/.test(p.text))).toBe(true);

    const bylines = articles.map((a) => a.byline ?? "");
    for (const form of [
      /^本报讯（记者 /,
      /^本报讯 （特约通讯员 /,
      /^▶ 科技日报记者 /,
      /^图片来源：/,
      /^[^本▶图]/,
    ]) {
      expect(bylines.some((b) => form.test(b))).toBe(true);
    }
    for (const [i, page] of corpus.entries()) {
      for (const a of page.articles) for (const name of a.authors) expect(squeezed[i]).toContain(name);
    }
    expect(articles.some((a) => a.kind === "caption")).toBe(true);
    expect(
      articles.some((a) => a.subtitle && a.title === `${a.subtitle} ${a.title.slice(a.subtitle.length + 1)}`),
    ).toBe(true);
  });
});

describe("generateCorpus", () => {
  const dir = mkdtempSync(join(tmpdir(), "synth-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes paper/date/page files, truth.jsonl and a QA set the eval reads", async () => {
    const summary = await generateCorpus({ pages: 20, seed: 5, outDir: dir, startDate: "2021-04-20" });
    expect(summary.pages).toBe(20);
    expect(summary.generated).toBeUndefined();
    expect(statSync(join(dir, "科技日报/2021-04-20/01.txt")).isFile()).toBe(true);
    expect(statSync(join(dir, "科技日报/2021-04-22/04.txt")).isFile()).toBe(true);
    const truth = readFileSync(join(dir, "truth.jsonl"), "utf8").trim().split("\n");
    expect(truth).toHaveLength(20);
    const [again] = corpusPages({ pages: 1, seed: 5, startDate: "2021-04-20" });
    // truth.jsonl names each article's QA items by id; the items themselves are in qa.jsonl.
    const first = JSON.parse(truth[0]!) as { path: string; articles: { title: string; facts: string[] }[] };
    expect(first.path).toBe("科技日报/2021-04-20/01.txt");
    expect(first.articles.map((a) => a.title)).toEqual(again!.articles.map((a) => a.title));
    expect(first.articles.map((a) => a.facts)).toEqual(again!.articles.map((a) => a.facts.map((f) => f.id)));
    expect(readFileSync(join(dir, first.path), "utf8")).toBe(again!.text);
    const qa = parseQaSet(readFileSync(join(dir, "qa.jsonl"), "utf8"), "qa.jsonl");
    expect(qa).toHaveLength(summary.qa.fact + summary.qa.multi + summary.qa.unanswerable);
  });

  // Speed is measured by `npm run bench`, not asserted here.
  it("streams pages one at a time, eight pages per daily issue, without repeating a path", () => {
    const paths = new Set<string>();
    for (const page of corpusPages({ pages: 40, seed: 1 })) {
      paths.add(page.path);
    }
    expect(paths.size).toBe(40);
    const dates = new Set([...paths].map((p) => p.split("/")[1]));
    expect(dates.size).toBe(5);
  });
});
