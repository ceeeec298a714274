/**
 * The shortcuts the reranker and the evidence checks take (passage-text.ts, bigramFinder,
 * bigramFinderSkipping) give what
 * the direct computations give, on generated text full of what compact() treats specially:
 * whitespace of every kind, full-width forms, capitals, a final Σ, sentence ends and quotes.
 */
import { describe, expect, it } from "vitest";
import { preparePassage } from "../../src/answer/passage-text.js";
import { splitSentences } from "../../src/chunk/sentences.js";
import {
  bigramFinder,
  bigramFinderSkipping,
  bigramsOf,
  bigramText,
  lettersAndDigits,
} from "../../src/text/bigrams.js";
import { compact } from "../../src/text/normalize.js";
import { mulberry32 } from "../../src/text/seeded-random.js";

const PIECES = [
  ..."高新区项目签约德沃康占地亩年月日排名第一二三",
  ..."ΑΣΒσς",
  ..."ABCabc019",
  ..."ＡＢ１２，（）：",
  ..."。！？；!?;…”’」",
  " ",
  "\n",
  "\t",
  "\u3000",
  "\u00a0",
  "\u2028",
  "，",
  "、",
  "-",
];

/** The project's seeded draws (mulberry32), so each property test sees the same cases every run. */
const random = mulberry32;

const textOf = (rand: () => number, max: number) =>
  Array.from({ length: Math.floor(rand() * max) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join("");

describe("a prepared passage", () => {
  it("compacts windows, sentences and the whole as compact() and bigramText() do directly", () => {
    const rand = random(3);
    for (let n = 0; n < 400; n++) {
      const passage = {
        title: textOf(rand, 12),
        text: textOf(rand, 120),
        lead: rand() < 0.5 ? textOf(rand, 30) : undefined,
      };
      // Half without Σ, so both ways of compacting a window are taken.
      if (n % 2) for (const k of ["title", "text"] as const) passage[k] = passage[k].replaceAll("Σ", "s");
      const t = preparePassage(passage);
      const sentences = splitSentences(passage.text);
      expect(t.sentences).toEqual(sentences);
      const sigma = [passage.title, passage.text, passage.lead ?? ""].some((x) => x.includes("Σ"));
      expect(t.windowParts === undefined).toBe(sigma);
      expect(t.context).toBe(compact(`${passage.title}\n${passage.lead ?? ""}\n${passage.text}`));
      // The reranker takes bigrams over the letters and digits of the context and of each sentence.
      expect(lettersAndDigits(t.context)).toBe(
        bigramText(`${passage.title}${passage.lead ?? ""}${passage.text}`),
      );
      for (let to = 0; to < sentences.length; to++) {
        expect(lettersAndDigits(t.compacted(to, to, false))).toBe(bigramText(sentences[to]!));
        for (let from = Math.max(0, to - 2); from <= to; from++) {
          const run = sentences.slice(from, to + 1).join("");
          expect(t.compacted(from, to, true)).toBe(compact(`${passage.title}\n${run}`));
          expect(t.compacted(from, to, false)).toBe(compact(run));
          // What the evidence bound reads instead of the windows: the title, and a body holding each run.
          if (t.windowParts) {
            expect(t.compacted(from, to, true)).toBe(t.windowParts.title + t.compacted(from, to, false));
            expect(t.windowParts.body).toContain(t.compacted(from, to, false));
          }
        }
      }
    }
  });

  it("lower-cases a Σ at the join of title, opening and text as the whole context does", () => {
    // Σ before a letter is σ, at a word's end ς: compacting the pieces apart would end each in ς.
    for (const [title, lead, text] of [
      ["ABΣ", "cd", "ef。"],
      ["高新区", "ABΣ", "cd高新区。"],
      ["高新区", "AB", "CDΣ\nef。"],
      ["ABΣ", undefined, "Cd。"],
    ] as const) {
      const t = preparePassage({ title, lead, text });
      expect(t.context).toBe(compact(`${title}\n${lead ?? ""}\n${text}`));
    }
  });
});

describe("bigramFinder", () => {
  it("finds exactly the asked bigrams a text's bigramsOf list holds, and others by asking", () => {
    const rand = random(11);
    for (let n = 0; n < 400; n++) {
      const asked = [...new Set(bigramsOf(textOf(rand, 20)))];
      const text = textOf(rand, 80);
      const found = bigramFinder(asked)(bigramText(text));
      const held = new Set(bigramsOf(text));
      for (const g of [...asked, ...bigramsOf(textOf(rand, 10)), "x", "abc"])
        expect(found.has(g)).toBe(held.has(g));
    }
  });
});

describe("bigramFinderSkipping", () => {
  it("finds in a text what bigramFinder finds in its letters and digits, astral characters and lone surrogates included", () => {
    const pieces = [...PIECES, "𠀀", "𝒜", "😀", "\ud800", "\udc00", "\u0301", "Ⅻ"];
    const rand = random(13);
    const textOf = (max: number) =>
      Array.from({ length: Math.floor(rand() * max) }, () => pieces[Math.floor(rand() * pieces.length)]).join(
        "",
      );
    for (let n = 0; n < 1000; n++) {
      const text = compact(textOf(60));
      const asked = [...new Set([...bigramsOf(textOf(20)), ...bigramsOf(text).slice(0, 3)])];
      const skipping = bigramFinderSkipping(asked)(text);
      const letters = bigramFinder(asked)(lettersAndDigits(text));
      const held = new Set(bigramsOf(text));
      for (const g of [...asked, ...bigramsOf(textOf(10)), "x", "abc"]) {
        expect(skipping.has(g)).toBe(letters.has(g));
        expect(skipping.has(g)).toBe(held.has(g));
      }
    }
  });
});

describe("lettersAndDigits", () => {
  it("keeps what the letters-and-digits expression keeps, astral characters and lone surrogates included", () => {
    // Astral letters (𠀀 𝒜) and digits (𝟘), an emoji, lone high and low surrogates, a combining
    // accent, other scripts' digits and number forms (٣ Ⅻ ½), and the usual Chinese text.
    const pieces = [
      ..."高新区ABCabc019",
      "𠀀",
      "𝒜",
      "𝟘",
      "😀",
      "\ud800",
      "\udc00",
      "\u0301",
      "٣",
      "Ⅻ",
      "½",
      ..."，。！ -_",
    ];
    const rand = random(5);
    for (let n = 0; n < 2000; n++) {
      const text = Array.from(
        { length: Math.floor(rand() * 40) },
        () => pieces[Math.floor(rand() * pieces.length)],
      ).join("");
      expect(lettersAndDigits(text)).toBe(text.replace(/[^\p{L}\p{N}]/gu, ""));
    }
  });
});
