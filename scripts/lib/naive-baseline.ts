/**
 * The naive baseline every real-text figure is reported beside (issue 10): character-bigram BM25
 * over fixed 450-character chunks, answering with the top-5 sentence that shares the most
 * IDF-weighted bigrams with the question. About fifty lines on purpose: it is the bar a clever
 * answerer must clear, not a product. It never abstains.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { splitSentences } from "../../src/chunk/sentences.js";
import type { Answer, Passage } from "../../src/types.js";

const CHUNK = 450;
const K1 = 1.2;
const B = 0.75;

export function bigrams(text: string): string[] {
  const s = text.replace(/[^\p{L}\p{N}]/gu, "").toLowerCase();
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

function listPages(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listPages(path) : name.endsWith(".txt") ? [path] : [];
    });
}

export interface NaiveBaseline {
  ask(question: string, k?: number): Answer;
}

export function createNaiveBaseline(corpusDir: string): NaiveBaseline {
  const chunks: { text: string; source: string }[] = [];
  for (const file of listPages(corpusDir)) {
    const text = readFileSync(file, "utf8").replace(/\s+/g, " ").trim();
    for (let at = 0; at < text.length; at += CHUNK)
      chunks.push({ text: text.slice(at, at + CHUNK), source: relative(corpusDir, file) });
  }
  const postings = new Map<string, [number, number][]>();
  const lengths = chunks.map((c, doc) => {
    const grams = bigrams(c.text);
    const tf = new Map<string, number>();
    for (const g of grams) tf.set(g, (tf.get(g) ?? 0) + 1);
    for (const [g, n] of tf) {
      const list = postings.get(g);
      if (list) list.push([doc, n]);
      else postings.set(g, [[doc, n]]);
    }
    return grams.length;
  });
  const avg = lengths.reduce((s, n) => s + n, 0) / Math.max(1, lengths.length);
  const idf = (g: string) => {
    const df = postings.get(g)?.length ?? 0;
    return Math.log(1 + (chunks.length - df + 0.5) / (df + 0.5));
  };
  return {
    ask(question, k = 5) {
      const terms = [...new Set(bigrams(question))];
      const scores = new Map<number, number>();
      for (const g of terms) {
        const w = idf(g);
        for (const [doc, tf] of postings.get(g) ?? []) {
          const norm = tf + K1 * (1 - B + (B * lengths[doc]!) / avg);
          scores.set(doc, (scores.get(doc) ?? 0) + (w * tf * (K1 + 1)) / norm);
        }
      }
      const top = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
      const passages: Passage[] = top.map(([doc, score], i) => ({
        id: String(doc),
        title: "",
        source: chunks[doc]!.source,
        article: 0,
        seq: 0,
        text: chunks[doc]!.text,
        rank: i + 1,
        score,
      }));
      let best = { score: -1, sentence: "", passage: 0 };
      passages.forEach((p, i) => {
        for (const sentence of splitSentences(p.text)) {
          const have = new Set(bigrams(sentence));
          const score = terms.reduce((s, g) => s + (have.has(g) ? idf(g) : 0), 0);
          if (score > best.score) best = { score, sentence, passage: i };
        }
      });
      const cited = passages[best.passage];
      return {
        question,
        answer: cited ? `${best.sentence}[1]` : "",
        abstained: !cited,
        citations: cited
          ? [{ n: 1, chunkId: cited.id, title: "", source: cited.source, text: cited.text }]
          : [],
        passages,
        answerer: "naive-baseline",
      };
    },
  };
}
