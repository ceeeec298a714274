/**
 * Follow-up questions. "那它的总经理是谁？" means nothing to retrieval on its own; read after
 * "广东师大维智信息科技有限公司是谁创办的？" it asks for that company's general manager. Before
 * retrieval the question is completed from the chat's last turns: by an LLM when one is configured,
 * and otherwise (or when the LLM fails) offline, by carrying the previous question's organisation or
 * person over into the pronoun (它, 他, 她, 其, 该公司 …) or in front of a question that names none.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type OpenAI from "openai";
import { DEFAULT_PROMPTS_DIR, PromptTemplateError } from "../answer/prompts.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { createRewriteClient, openaiPackage } from "../openai-client.js";
import type { Turn } from "../state/sessions.js";
import { findEntities, ORG_SUFFIX } from "../text/entities.js";
import { normalizeText, stripPoliteness } from "../text/normalize.js";
import type { Tokenizer } from "../text/tokenizer.js";

export interface FollowUpResolver {
  /** The question to search for: completed from `history` (oldest first) when it leans on it, else as asked. */
  resolve(question: string, history: readonly Turn[], opts?: { signal?: AbortSignal }): Promise<string>;
}

/** What earlier questions were about. */
export interface Topic {
  org?: string;
  person?: string;
  /** A place named without an organisation (海淀 in 海淀区委书记是谁？). */
  place?: string;
}

/** Words that stand for an organisation or thing named before. 其 only on its own (not 其他, 其中, 尤其). */
const THING =
  "(?:该|这|那)(?:家|个|所)?(?:公司|企业|集团|园区|高新区|开发区|机构|单位|研究院|院|学校|校|大学|银行|项目)|这家|那家|它(?!们)|(?<![尤极与])其(?![他它中实余次后间])";
/** Words that stand for a person named before. */
const PERSON = "此人|这个人|那个人|这位|那位|(?<!其)他(?![们人])|她(?!们)";
const PRONOUN = new RegExp(`(${PERSON})|(${THING})`, "g");
/** A leading "so / and / what about" that ties the question to the previous one. */
const CONNECTOR = /^(?:那么?|那你说|还有|另外|再问一下|顺便问一下)[，,、\s]*/;
/** Questions this short, naming nothing, are read as leaning on the previous one (总经理是谁？). */
const SHORT_QUESTION_CHARS = 12;
const QUESTION_WORD = /谁|什么|多少|几|哪|何|怎|吗|呢|[？?]/;
/** Words a question with its subject left out starts with: 是哪一年成立的？, 排名第几？ */
const SUBJECTLESS_START = new Set(["是", "在", "于", "有", "位于", "成立", "获得", "排名"]);
/** "其他企业呢？" asks about others, not about the one named before. */
const ABOUT_OTHERS = /^(?:其他|其余|别的|另外的|还有哪些)/;
/**
 * jieba's tags for proper names: places (ns), organisations (nt), people (nr, nrt, nrfg) and other
 * names (nz, which is also how the corpus's own names are taught to the tokenizer, see
 * index/user-dictionary.ts).
 */
const NAME_TAG = /^(?:ns|nt|nz|nr|nrt|nrfg)$/;
/** A generic ending on its own (高新区, 公司) is a kind, not a name, though jieba may tag it nr. */
const BARE_ENDING = new RegExp(`^(?:${ORG_SUFFIX.source}|园区|机构)$`);

/**
 * How a question relates to the chat before it. `pronoun`: it points back (它, 他, 该公司, its);
 * `subjectless`: it asks for an attribute of nothing it names (总经理是谁？, 营收呢？, what about
 * revenue?); `standalone`: it names its own organisation, place or person, or needs nothing.
 */
export type Reading = "pronoun" | "subjectless" | "standalone";

/**
 * The offline resolver. Uses the tokenizer's part-of-speech tags and known names to find what a
 * question names: one that names its own organisation, place or person is left as asked, and
 * only a pronoun or a missing subject makes it a follow-up.
 */
export function createOfflineFollowUp(tokenizer: Tokenizer): FollowUpResolver & {
  topicOf(question: string): Topic;
  /** How `question` relates to earlier turns; only a non-standalone one is completed from them. */
  read(question: string): Reading;
} {
  const topicOf = (question: string) => topicIn(question, tokenizer);
  const read = (question: string): Reading => {
    const core = stripPoliteness(normalizeText(question));
    return isEnglish(core) ? readEnglish(core) : readChinese(core, tokenizer);
  };

  return {
    topicOf,
    read,
    async resolve(question, history) {
      const asked = question.trim();
      const core = stripPoliteness(normalizeText(asked));
      const reading = read(core);
      if (reading === "standalone") return asked;
      // The newest turn that named something; its resolved question already carries older names on.
      let topic: Topic | undefined;
      for (const turn of [...history].reverse()) {
        const t = topicOf(turn.resolved);
        if (named(t)) {
          topic = t;
          break;
        }
      }
      if (!topic) return asked;
      const thing = topic.org ?? topic.place ?? topic.person!;
      // 他 after "海淀区委书记是谁？" is the secretary, whose name the chat has not given: not 海淀.
      const person = topic.person ?? topic.org;
      if (isEnglish(core)) return completeEnglish(core, reading, thing, person ?? thing);
      return completeChinese(core, reading, { thing, person, asked }, tokenizer);
    },
  };
}

function topicIn(question: string, tokenizer: Tokenizer): Topic {
  if (isEnglish(question)) {
    const name = englishNames(question)[0];
    return name ? { org: name } : {};
  }
  const org = findEntities(question, tokenizer)[0];
  return {
    org: org ? org.core + org.suffix : undefined,
    person: personIn(question, tokenizer),
    place: namesIn(question, tokenizer)[0],
  };
}

const named = (t: Topic) => Boolean(t.org || t.person || t.place);

/** The pronouns in `body` that point outside it: 其 after a name the question gives refers to that name. */
const pointers = (body: string, own: Topic) =>
  [...body.matchAll(PRONOUN)].filter(([, isPerson]) => (isPerson ? !own.person : !(own.org || own.place)));

function readChinese(question: string, tokenizer: Tokenizer): Reading {
  const leans = CONNECTOR.test(question);
  const body = question.replace(CONNECTOR, "");
  const own = topicIn(body, tokenizer);
  if (pointers(body, own).length) return "pronoun";
  if (named(own) || ABOUT_OTHERS.test(body)) return "standalone";
  const first = tokenizer.tag(body)[0];
  const startsWithNoun = first !== undefined && /^n/.test(first.tag);
  // A short question with no subject of its own: "总经理是谁？", "是哪一年成立的？". The verb is
  // a word of its own: 于军是谁？ starts with a name, not with 于.
  const subjectless =
    [...body].length <= SHORT_QUESTION_CHARS &&
    QUESTION_WORD.test(body) &&
    (startsWithNoun || SUBJECTLESS_START.has(first?.word ?? ""));
  return leans || /呢\s*[？?]?\s*$/.test(body) || subjectless ? "subjectless" : "standalone";
}

/** A Chinese follow-up with the earlier topic put in: for its pronouns, or as its missing subject. */
function completeChinese(
  core: string,
  reading: Reading,
  earlier: { thing: string; person: string | undefined; asked: string },
  tokenizer: Tokenizer,
): string {
  const { thing, person, asked } = earlier;
  const body = core.replace(CONNECTOR, "");
  if (reading === "pronoun") {
    const own = topicIn(body, tokenizer);
    const outside = new Set(pointers(body, own).map((m) => m.index));
    const out = body.replace(PRONOUN, (all, isPerson: string | undefined, _thing, at: number) =>
      outside.has(at) ? ((isPerson ? person : thing) ?? all) : all,
    );
    return out === body ? asked : out;
  }
  const first = tokenizer.tag(body)[0];
  // "总经理是谁" -> "X的总经理是谁"; "是哪年成立的" -> "X是哪年成立的".
  return first !== undefined && /^n/.test(first.tag) ? `${thing}的${body}` : `${thing}${body}`;
}

/** Proper names the tagger or the corpus's dictionary knows, two characters or more, in order. */
function namesIn(question: string, tokenizer: Tokenizer): string[] {
  return tokenizer
    .tag(question)
    .filter(({ word, tag }) => NAME_TAG.test(tag) && [...word].length >= 2 && !BARE_ENDING.test(word))
    .map(({ word }) => word);
}

/** A person's name: a 2-4 character name word, or a surname followed by a given name. */
function personIn(question: string, tokenizer: Tokenizer): string | undefined {
  const tagged = tokenizer.tag(question);
  for (let i = 0; i < tagged.length; i++) {
    const { word, tag } = tagged[i]!;
    if (tag !== "nr" || ORG_SUFFIX.test(word)) continue;
    const len = [...word].length;
    if (len >= 2 && len <= 4) return word;
    const next = tagged[i + 1];
    if (len === 1 && next && /^(?:n|nr|nz|ng|x)$/.test(next.tag) && /^\p{Script=Han}{1,2}$/u.test(next.word))
      return word + next.word;
  }
  return undefined;
}

/*
 * English follow-ups: "Who is its general manager?", "What about revenue?". A name is a run of
 * capitalised words (Qingyuan High-tech Zone, Guangdong Shida Weizhi Co., Ltd.) or Chinese
 * characters; the sentence's first word does not count when it is only capitalised for starting it.
 */
const isEnglish = (text: string) => !/\p{Script=Han}/u.test(text) && /[A-Za-z]{2}/.test(text);
const EN_NAME =
  /\p{Script=Han}[\p{Script=Han}·]*|[A-Z][\w.&'-]*(?:,?\s+(?:(?:of|and|for|the|&)\s+)?[A-Z][\w.&'-]*)*/gu;
/** Sentence openers that are capitalised only because they come first. */
const EN_OPENER =
  /^(?:what|who|whom|whose|when|where|which|why|how|is|are|was|were|do|does|did|can|could|will|would|has|have|had|and|so|then|tell|in|on|at|by|for|of|the|a|an|its|it|their|they|he|she|his|her|please)$/i;
const EN_POSSESSIVE = "its|their|his|her(?=\\s+[a-z])";
const EN_THING =
  "it|they|them|(?:the|this|that) (?:company|firm|zone|park|enterprise|organi[sz]ation|institute)";
const EN_PERSON = "he|him|she|her";
const EN_PRONOUN = new RegExp(`\\b(?:(${EN_POSSESSIVE})|(${EN_PERSON})|(${EN_THING}))\\b`, "gi");
const EN_LEANS = /^(?:and|so|then)?[\s,]*(?:what|how) about\b|^and\b/i;
const EN_QUESTION_WORD = /\b(?:what|who|when|where|which|how|why)\b/i;
/** Short questions of this many words, naming nothing, lean on the previous one (Who is the chairman?). */
const EN_SHORT_WORDS = 6;

function englishNames(question: string): string[] {
  return [...question.matchAll(EN_NAME)]
    .map((m) => {
      let name = m[0].replace(/[,\s]+$/, "");
      // "Who is …": the opener is not part of a name; drop it and keep whatever capitalised run follows.
      if (m.index === 0) {
        const [first, ...rest] = name.split(/\s+/);
        if (first && EN_OPENER.test(first)) name = rest.join(" ").replace(/^(?:of|and|for|the|&)\s+/i, "");
      }
      return name.replace(/[?.!]+$/, (end) => (/\b(?:Co|Ltd|Inc|Corp)\.$/.test(name) ? end : ""));
    })
    .filter((n) => n && !EN_OPENER.test(n));
}

function readEnglish(question: string): Reading {
  const ownName = englishNames(question).length > 0;
  const pronouns = [...question.matchAll(EN_PRONOUN)];
  // A pronoun after a name the question gives ("Qingyuan and its ranking") points to that name.
  if (pronouns.length && !ownName) return "pronoun";
  if (ownName) return "standalone";
  if (EN_LEANS.test(question)) return "subjectless";
  const words = question.split(/\s+/).filter(Boolean).length;
  return words <= EN_SHORT_WORDS && EN_QUESTION_WORD.test(question) ? "subjectless" : "standalone";
}

function completeEnglish(question: string, reading: Reading, thing: string, person: string): string {
  if (reading === "pronoun") {
    return question.replace(EN_PRONOUN, (_all, possessive?: string, isPerson?: string) => {
      const name = isPerson || (possessive && /^(?:his|her)$/i.test(possessive)) ? person : thing;
      return possessive ? `${name}'s` : name;
    });
  }
  // "What about revenue?" -> "What about revenue of X?"; "Who is the chairman?" -> "… chairman of X?".
  const m = /^(.*?)([?.!]*)$/s.exec(question)!;
  return `${m[1]!.trimEnd()} of ${thing}${m[2] || "?"}`;
}

export interface LlmFollowUpOptions {
  client: OpenAI;
  model: string;
  /** Budget for the call, in milliseconds; past it the offline resolver answers instead. */
  timeoutMs: number;
  /** Used when the LLM fails or replies with something that is not a question. */
  fallback: FollowUpResolver;
  logger: Logger;
  /** Characters of each earlier answer shown to the model. Default 300. */
  answerChars?: number;
  /** Templates from {@link loadFollowUpPrompts}; default: the ones in prompts/. */
  prompts?: FollowUpPrompts;
}

/** The rewrite prompt's templates (prompts/follow-up.*.md); `user` has {{turns}} and {{question}}. */
export interface FollowUpPrompts {
  system: string;
  user: string;
}

/** Reads prompts/follow-up.system.md and follow-up.user.md; a clear error names a missing file. */
export function loadFollowUpPrompts(dir: string = DEFAULT_PROMPTS_DIR): FollowUpPrompts {
  const read = (name: string) => {
    const file = join(dir, name);
    try {
      const text = readFileSync(file, "utf8").trim();
      if (text) return text;
    } catch (err) {
      throw new PromptTemplateError(file, "file is missing or unreadable", { cause: err });
    }
    throw new PromptTemplateError(file, "file is empty");
  };
  const prompts = { system: read("follow-up.system.md"), user: read("follow-up.user.md") };
  for (const placeholder of ["{{turns}}", "{{question}}"]) {
    if (!prompts.user.includes(placeholder)) {
      throw new PromptTemplateError(join(dir, "follow-up.user.md"), `needs ${placeholder}`);
    }
  }
  return prompts;
}

/** The LLM resolver: the model reads the last turns and rewrites the question; offline on any failure. */
export function createLlmFollowUp(opts: LlmFollowUpOptions): FollowUpResolver {
  const answerChars = opts.answerChars ?? 300;
  const prompts = opts.prompts ?? loadFollowUpPrompts();
  return {
    async resolve(question, history, o = {}) {
      const asked = question.trim();
      if (history.length === 0) return asked;
      const turns = history
        .map((t) => `问：${t.question}\n答：${[...t.answer].slice(0, answerChars).join("")}`)
        .join("\n\n");
      const deadline = AbortSignal.timeout(opts.timeoutMs);
      const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
      const started = Date.now();
      try {
        const completion = await opts.client.chat.completions.create(
          {
            model: opts.model,
            temperature: 0,
            messages: [
              { role: "system", content: prompts.system },
              {
                role: "user",
                content: prompts.user.replace("{{turns}}", () => turns).replace("{{question}}", () => asked),
              },
            ],
          },
          { signal, timeout: opts.timeoutMs, maxRetries: 0 },
        );
        const rewritten = parseQuestion(completion.choices[0]?.message?.content ?? "", asked);
        if (rewritten) return rewritten;
        opts.logger.warn({ model: opts.model }, "follow-up rewrite was not a question; resolving offline");
      } catch (err) {
        if (o.signal?.aborted) throw o.signal.reason ?? err;
        opts.logger.warn(
          {
            model: opts.model,
            ms: Date.now() - started,
            reason: deadline.aborted
              ? `timeout after ${opts.timeoutMs} ms`
              : err instanceof openaiPackage().APIError
                ? `HTTP ${err.status ?? "error"}`
                : err instanceof Error
                  ? err.name
                  : typeof err,
          },
          "follow-up rewrite failed; resolving offline",
        );
      }
      return opts.fallback.resolve(asked, history, o);
    },
  };
}

/** The first line of the reply, stripped of labels and quotes; undefined when it is empty or rambles. */
export function parseQuestion(reply: string, asked: string): string | undefined {
  const line = reply
    .replace(/<think>[\s\S]*?(?:<\/think>|$)/g, "")
    .split("\n")
    .map((l) =>
      l
        .trim()
        .replace(/^(?:改写后的问题|改写|问题|追问|rewritten question|question)\s*[:：]\s*/i, "")
        .replace(/^["'“”‘’「」]+|["'“”‘’「」]+$/g, "")
        .trim(),
    )
    .find(Boolean);
  if (!line) return undefined;
  return [...line].length <= Math.max(200, [...asked].length * 3) ? line : undefined;
}

/** The LLM resolver when an LLM is configured (ANSWERER=openai or QUERY_REWRITE=llm), else the offline one. */
export function createFollowUpResolver(
  config: Readonly<Config>,
  deps: { tokenizer: Tokenizer; logger: Logger },
): FollowUpResolver {
  const offline = createOfflineFollowUp(deps.tokenizer);
  if (config.llm.answerer !== "openai" && !config.rewrite.enabled) return offline;
  return createLlmFollowUp({
    client: createRewriteClient(config),
    model: config.rewrite.model,
    timeoutMs: config.rewrite.timeoutMs,
    fallback: offline,
    logger: deps.logger,
  });
}
