/**
 * A question's terms fitted to the corpus before the evidence checks weigh them (evidence.ts):
 * segmentation accidents repaired, and the unknown words that name a company the paper may not
 * mention picked out.
 */
import { compact } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { QuestionAnalysis } from "./question.js";

/** What follows a company's short name: its trade or kind (鑫华制药, 嘉博科技). */
const TRADE =
  /^(?:制药|药业|医药|生物|科技|技术|电子|智能|软件|信息|数据|网络|通信|化学|化工|新材料|材料|新能源|能源|环保|机器人|汽车|光电|半导体|集团|公司|股份|控股|实业|研究院|研究所|实验室)/;

/**
 * Fits the question's terms to the corpus, in place: a word the corpus never uses is replaced by its
 * known parts (启动时 -> 启动), or trimmed to what lies outside a name jieba glued it to (园能).
 * Returns the unknown words that name a company the paper may not mention: "鑫华制药…", a word the
 * corpus never uses right before a company's trade (制药, 科技 …). No passage without them answers.
 */
export function prepareTerms(
  question: string,
  analysis: QuestionAnalysis,
  tokenizer: Tokenizer,
  known: (term: string) => boolean,
): string[] {
  const asked = compact(question);
  const names = analysis.entities.map((e) => compact(e.core + e.suffix));
  const words = tokenizer.words(question);
  const unknownNames = words.filter(
    (w, i) =>
      analysis.terms.includes(w) && // not 哪家 in 哪家公司
      /^\p{Script=Han}+$/u.test(w) &&
      !known(w) &&
      TRADE.test(words[i + 1] ?? ""),
  );
  analysis.terms = [
    ...new Set(
      analysis.terms.flatMap((t) => {
        if (known(t)) return [t];
        const parts = tokenizer.tokens(t).filter((p) => p !== t && p.length > 1 && known(p));
        if (parts.length) return parts;
        const rest = outsideNames(t, asked, names);
        if (rest !== t) return rest.length > 1 ? [rest] : [];
        return [t];
      }),
    ),
  ];
  return unknownNames;
}

/**
 * The part of a question word that lies outside the organisation names the question holds. jieba
 * may glue a name's last character to the next word ("…创新园能容纳" -> 园能); that word is no
 * term of the question, and the corpus, which never says 园能, must not be asked for it.
 */
function outsideNames(term: string, question: string, names: string[]): string {
  const at = question.indexOf(term);
  if (at < 0) return term;
  for (const name of names) {
    const start = question.indexOf(name);
    if (start < 0) continue;
    const end = start + name.length;
    if (at < end && at + term.length > end && at >= start) return term.slice(end - at);
    if (at < start && at + term.length > start && at + term.length <= end) return term.slice(0, start - at);
  }
  return term;
}
