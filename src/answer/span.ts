/**
 * The smallest span of an answering sentence that answers: "第96名" out of a 60-character
 * sentence. Only for kinds of fact whose form is unmistakable (numbers with their unit, years,
 * dates, a person after a role); otherwise there is no span and the sentence alone answers.
 */
import { ANSWER_UNITS, ROLES } from "./lexicon.js";
import type { QuestionAnalysis } from "./question.js";
import { synonymsOf } from "./synonyms.js";

const NUM = "(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千]+)";
const MULTIPLIER = "(?:[十百千万亿]|万亿)?";
const APPROX = "(?:余|多|以上|左右)?";
/** What follows a name in news prose: a verb of saying, a preposition, punctuation. */
const AFTER_NAME =
  "(?=说|表示|告诉|介绍|认为|指出|坦言|强调|透露|有着|有|带领|亲自|一直|分别|以|也|还|正|为|在|对|称|，|。|、|）|\\)|；|”|$)";

/** Punctuation that ends a clause. */
const CLAUSE_ENDS = ["，", "。", "；", "、", "：", ",", ";"];

export function findSpan(window: string, q: QuestionAnalysis): string | undefined {
  const match = (res: RegExp[]) =>
    res.flatMap((re) => [...window.matchAll(re)].map((m) => ({ text: (m[1] ?? m[0]).trim(), at: m.index })));
  // In a number question, "2017年" is when, not how many.
  const keep = (c: { text: string }) =>
    q.factType !== "number" || q.unit === "年" || !/^(?:19|20)\d{2}\s*年$/.test(c.text);
  let candidates = match(patterns(q, true)).filter(keep);
  if (candidates.length === 0) candidates = match(patterns(q, false)).filter(keep);
  if (candidates.length === 0) return undefined;
  const anchors = q.attribute
    ? synonymsOf(q.attribute).flatMap((a) =>
        [...window.matchAll(new RegExp(escapeRegExp(a), "g"))].map((m) => ({
          start: m.index,
          end: m.index + a.length,
        })),
      )
    : [];
  if (anchors.length === 0) return candidates.length === 1 ? candidates[0]!.text : undefined;
  // The span nearest the asked-for attribute. A figure follows its noun ("综合排名第96名" rather
  // than "前100名"); a date comes before its verb ("于2016年8月开工", not "计划于2017年底投产").
  const dateFirst = q.factType === "time" || q.factType === "year";
  const distance = (c: { text: string; at: number }) =>
    Math.min(
      ...anchors.map(({ start, end }) => {
        const after = c.at - end;
        const before = start - (c.at + c.text.length);
        if (after < 0 && before < 0) return 0;
        return dateFirst ? (before >= 0 ? before : after * 2) : after >= 0 ? after : before * 2;
      }),
    );
  // The window ends with the answering sentence; earlier ones only name the subject.
  const answering = window.lastIndexOf("。", window.length - 2) + 1;
  // "62个项目集中开工，…41个项目集中竣工": both figures sit right by the counted noun (项目); between
  // equally near ones, the clause that also holds the question's other words (竣工) is the one asked.
  const clauseHits = (c: { at: number }) => {
    const from = Math.max(...CLAUSE_ENDS.map((p) => window.lastIndexOf(p, c.at))) + 1;
    const ends = CLAUSE_ENDS.map((p) => window.indexOf(p, c.at)).filter((i) => i >= 0);
    const clause = window.slice(from, ends.length ? Math.min(...ends) : window.length);
    return q.terms.filter((t) => synonymsOf(t).some((f) => clause.includes(f))).length;
  };
  const rank = (c: { text: string; at: number }) => (c.at >= answering ? 0 : 1000) + distance(c);
  return candidates.sort((x, y) => rank(x) - rank(y) || clauseHits(y) - clauseHits(x))[0]!.text;
}

function patterns(q: QuestionAnalysis, specific: boolean): RegExp[] {
  switch (q.factType) {
    case "number":
      if (q.unit === "第") return [new RegExp(`第\\s*${NUM}\\s*(?:名|位|批|次|个)?`, "g")];
      if (q.unit) return [new RegExp(`${NUM}\\s*${MULTIPLIER}${APPROX}${escapeRegExp(q.unit)}`, "g")];
      return [new RegExp(`${NUM}\\s*${MULTIPLIER}${APPROX}${ANSWER_UNITS}`, "g")];
    case "year":
      return [/(?:19|20)\d{2}\s*年/g];
    case "time":
      // "计划于2021年底投产": 底/初/末 belong to the answer.
      return [
        /(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|(?:19|20)\d{2}\s*年(?:底|初|末)?/g,
      ];
    case "person": {
      const asked =
        q.attribute && new RegExp(`^${ROLES}$`).test(q.attribute) ? escapeRegExp(q.attribute) : undefined;
      const role = specific && asked ? asked : ROLES;
      // A two- or three-character name right after the role, ended by what follows names in prose.
      return [new RegExp(`${role}([\\u4e00-\\u9fff]{2,3}?)${AFTER_NAME}`, "g")];
    }
    default:
      return [];
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
