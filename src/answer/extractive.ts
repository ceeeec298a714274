/**
 * The offline answerer: picks the sentence in the retrieved passages that best answers the
 * question and returns it verbatim with its citation. It never writes new content, so it cannot
 * invent facts; when no passage holds the question's terms together it abstains.
 */
import { splitSentences } from "../chunk/sentences.js";
import { compact } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Answerer } from "../types.js";
import { abstentionText } from "./abstain.js";
import { analyzeQuestion, type FactType } from "./question.js";

export interface ExtractiveOptions {
  tokenizer: Tokenizer;
  /** Weight of a query term, e.g. its inverse document frequency in the corpus. */
  termWeight: (term: string) => number;
  /** Least share of the question's weighted terms the passage must contain. Default 0.6. */
  minContextCoverage?: number;
  /** Least share the chosen sentence itself must contain. Default 0.3. */
  minSentenceCoverage?: number;
}

/** Evidence that a sentence can hold the kind of fact asked for. */
const TYPE_EVIDENCE: Record<FactType, RegExp | undefined> = {
  number: /\d|[一二两三四五六七八九十百千万亿]+(?:个|家|名|项|位|年|倍|成|亿|万)|第[一二三四五六七八九十]/,
  year: /(?:19|20)\d{2}\s*年/,
  time: /\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|今年|去年|近日|上午|下午|目前|此前/,
  person:
    /(?:总经理|书记|主任|院长|教授|董事长|局长|市长|区长|主席|总监|创始人|记者|负责人|经理|博士|院士|班长|合伙人|专家)[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,3}(?:说|表示|告诉|介绍|认为)/,
  place: /[省市区县镇村园]|[中北南西东]部/,
  org: /公司|集团|研究院|大学|学院|中心|园区|高新区|企业|机构|协会|银行/,
  reason: /因为|由于|源于|为了|得益于|原因|因此|所以/,
  list: /、|以及|和/,
  other: undefined,
};

/** A number followed by the asked-for unit ("5家", "158 亩", "第96名", "五家"). */
function unitEvidence(unit: string): RegExp {
  const num = "(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千万]+)";
  return unit === "第" ? new RegExp(`第\\s*${num}`) : new RegExp(`${num}\\s*(?:余|多)?${unit}`);
}

/** Sentences before the answering one that may be joined to it, and the coverage discount per step. */
const WINDOW_BACK = 2;
const WINDOW_PENALTY = 0.1;

interface Candidate {
  passage: number;
  sentence: string;
  score: number;
  sentenceCoverage: number;
  contextCoverage: number;
  typeOk: boolean;
}

export function createExtractiveAnswerer(opts: ExtractiveOptions): Answerer {
  const minContext = opts.minContextCoverage ?? 0.6;
  const minSentence = opts.minSentenceCoverage ?? 0.3;
  return {
    id: "extractive",
    async answer(question, passages) {
      const q = analyzeQuestion(question, opts.tokenizer);
      const weights = q.terms.map((t) => ({ term: t, w: opts.termWeight(t) }));
      const total = weights.reduce((s, x) => s + x.w, 0);
      const coverage = (text: string) => {
        if (total === 0) return 0;
        const hay = compact(text);
        return weights.reduce((s, x) => s + (hay.includes(x.term) ? x.w : 0), 0) / total;
      };
      const typeRe = q.unit ? unitEvidence(q.unit) : TYPE_EVIDENCE[q.factType];

      const candidates: Candidate[] = [];
      passages.forEach((p, i) => {
        const contextCoverage = coverage(`${p.title}\n${p.text}`);
        const sentences = splitSentences(p.text);
        sentences.forEach((sentence, at) => {
          if (sentence.length < 6) return; // subheads and fragments answer nothing
          const typeOk = typeRe ? typeRe.test(sentence) : true;
          // News sentences lean on the ones before them ("该公司总经理杨正高说" names the company a
          // sentence or two earlier), so a short window ending at this sentence may cover the question.
          let window = sentence;
          let sentenceCoverage = coverage(sentence);
          for (let back = 1; back <= WINDOW_BACK && at - back >= 0; back++) {
            const text = sentences.slice(at - back, at + 1).join("");
            const cov = coverage(text) * (1 - WINDOW_PENALTY * back);
            if (cov > sentenceCoverage + 0.05) {
              sentenceCoverage = cov;
              window = text;
            }
          }
          const score =
            0.65 * sentenceCoverage + 0.25 * contextCoverage + (typeOk ? 0.15 : 0) + 0.05 / (i + 1);
          candidates.push({ passage: i, sentence: window, score, sentenceCoverage, contextCoverage, typeOk });
        });
      });
      candidates.sort((a, b) => b.score - a.score);
      const best = candidates.find(
        (c) => c.contextCoverage >= minContext && c.sentenceCoverage >= minSentence && c.typeOk,
      );
      if (!best)
        return { text: abstentionText(q.language), abstained: true, cited: [], answerer: "extractive" };
      return {
        text: `${best.sentence}[${best.passage + 1}]`,
        abstained: false,
        cited: [best.passage + 1],
        quotes: { [best.passage + 1]: best.sentence },
        answerer: "extractive",
      };
    },
  };
}
