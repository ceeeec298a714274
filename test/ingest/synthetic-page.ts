/**
 * Synthetic newspaper pages in the extracted-text style of the seed, with known truth: stories are
 * re-set in random column widths, their headlines printed before or after the body, bylines in
 * varied forms, stray spaces around numbers, blank lines or none, and a photo caption now and
 * then. Place names are swapped per story so no two pages share a vocabulary by accident.
 *
 * Kept beside the richer generator in scripts/lib/synth because it tests what that one does not: real
 * prose (the seed's own stories, with their subheads and odd sentences) set with indented
 * paragraph starts and dateline bylines (科技日报X4月20日电).
 */
import { readFileSync } from "node:fs";
import { mulberry32 } from "../../scripts/lib/synth/prng.js";
import type { TruthLike } from "../../src/eval/segmentation.js";
import { lineWidth } from "../../src/ingest/lines.js";
import { segmentPage } from "../../src/ingest/segment.js";

export interface StorySource {
  /** Headline decks: one entry for a plain title, two for lead-in + main. */
  decks: string[];
  /** Paragraphs; a paragraph without sentence punctuation is a section subhead. */
  paragraphs: string[];
  authors: string[];
}

export interface TruthArticle {
  title: string;
  authors: string[];
  kind: "article" | "caption";
  /** Body text with all whitespace removed, for comparison. */
  compactText: string;
}

export interface SyntheticPage {
  text: string;
  truth: TruthArticle[];
}

const PLACES = [
  "苏州",
  "合肥",
  "成都",
  "西安",
  "武汉",
  "长沙",
  "宁波",
  "青岛",
  "南昌",
  "昆明",
  "贵阳",
  "兰州",
  "厦门",
  "珠海",
  "洛阳",
  "绵阳",
];
const SURNAMES = [..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"];
const GIVEN = [..."伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"];

/** Sets one paragraph into lines of `width` em, the first indented by two. */
function setParagraph(paragraph: string, width: number, random: () => number): string[] {
  const lines: string[] = [];
  let line = "";
  let room = width - 2;
  for (const ch of paragraph) {
    const w = lineWidth(ch);
    if (lineWidth(line) + w > room) {
      lines.push(line);
      line = "";
      room = width;
    }
    line += ch;
  }
  if (line) lines.push(line);
  // Stray spaces around numbers, as PDF extraction leaves them.
  return lines.map((l) => l.replace(/(\d+(?:\.\d+)?)/g, (n) => (random() < 0.5 ? ` ${n} ` : n)).trim());
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function personName(random: () => number): string {
  return pick(SURNAMES, random) + pick(GIVEN, random) + (random() < 0.6 ? pick(GIVEN, random) : "");
}

/**
 * Builds one page from 3-6 stories. `stories` are re-used with their place names swapped for
 * unique ones, so each page is a new combination.
 */
export function generatePage(stories: readonly StorySource[], seed: number): SyntheticPage {
  const random = mulberry32(seed);
  const count = 3 + Math.floor(random() * 4);
  const chosen = [...stories].sort(() => random() - 0.5).slice(0, count);
  const places = [...PLACES].sort(() => random() - 0.5);
  const out: string[] = [];
  const truth: TruthArticle[] = [];
  chosen.forEach((story, k) => {
    const place = places[k]!;
    const swap = (s: string) => s.replace(/清远|嘉兴|广州|扬州|海淀|保定|烟台/g, place);
    const width = 11 + Math.floor(random() * 16);
    const authors = story.authors.length ? story.authors.map(() => personName(random)) : [personName(random)];
    const paragraphs = story.paragraphs.map(swap);
    const form = pick(["lead", "lead-names", "trailing", "end-line", "dateline"] as const, random);
    const body: string[] = [];
    paragraphs.forEach((p, i) => {
      if (!/[，。；！？]/.test(p)) {
        body.push(p);
        return;
      }
      let text = p;
      if (i === 0 && form === "lead") text = `本报讯 ${text}`;
      if (i === 0 && form === "lead-names") text = `本报讯（记者 ${authors[0]}）${text}`;
      if (i === 0 && form === "dateline") text = `科技日报${place}4月20日电 （记者 ${authors[0]}）${text}`;
      body.push(...setParagraph(text, width, random));
    });
    let signed = authors;
    if (form === "trailing") body[body.length - 1] += ` ${authors.join(" ")}`;
    else if (form === "end-line") body.push(`▶ 本报记者 ${authors.join(" ")}`);
    else if (form === "lead") {
      body[body.length - 1] += ` ${authors[0]}`;
      signed = [authors[0]!];
    } else signed = [authors[0]!];
    const decks = story.decks.map(swap);
    const headline = decks.flatMap((d) => wrapHeadline(d, random));
    const before = random() < 0.5;
    if (before) out.push(...headline);
    out.push(...body);
    if (!before) out.push(...headline);
    truth.push({
      title: decks.join(" "),
      authors: signed,
      kind: "article",
      compactText: paragraphs.join("").replace(/\s/g, ""),
    });
    if (random() < 0.25) {
      const caption = `近日，${place}高新区举行创新项目集中签约活动，${1 + Math.floor(random() * 30)}个项目现场签约。`;
      out.push(
        ...setParagraph(caption, 30 + Math.floor(random() * 15), random).map((l, i, all) =>
          i === all.length - 1 ? `${l} 图片来源：${place}高新区` : l,
        ),
      );
      truth.push({
        title: "",
        authors: [],
        kind: "caption",
        compactText: `${caption}图片来源：${place}高新区`,
      });
    }
  });
  const blank = random() < 0.5;
  return { text: out.join(blank ? "\n\n" : "\n"), truth };
}

/** Long headlines wrap onto two lines; lead-in decks stay on one. */
function wrapHeadline(deck: string, random: () => number): string[] {
  const chars = [...deck];
  if (chars.length <= 12 || deck.includes(" ") || random() < 0.3) return [deck];
  const cut = Math.ceil(chars.length / 2);
  return [chars.slice(0, cut).join(""), chars.slice(cut).join("")];
}

/** The seed page, whose stories (as segmented, and checked in segment.test.ts) are the material. */
export const SEED_PAGE = "corpus/科技日报/2021-04/000_f28b1bf4d582b9a4.txt";

export function seedStories(path: string = SEED_PAGE): StorySource[] {
  return segmentPage(readFileSync(path, "utf8"))
    .filter((a) => a.kind === "article")
    .map((a) => ({
      decks: a.subtitle ? [a.title.slice(0, -a.subtitle.length - 1), a.subtitle] : [a.title],
      paragraphs: a.text.split("\n"),
      authors: a.authors,
    }));
}

/** Pages `first`..`first + count - 1` of the seed-story generator, in the shape `scoreSegmentation` reads. */
export function* seedStoryPages(
  count: number,
  first = 1,
): Generator<{ id: string; text: string; articles: TruthLike[] }> {
  const stories = seedStories();
  for (let seed = first; seed < first + count; seed++) {
    const page = generatePage(stories, seed);
    yield {
      id: `seed-story-${seed}`,
      text: page.text,
      // Scoring ignores whitespace, so the compacted body serves as the text.
      articles: page.truth.map((t) => ({
        title: t.title,
        authors: t.authors,
        kind: t.kind,
        text: t.compactText,
      })),
    };
  }
}
