/**
 * Follow-up questions. "那它的总经理是谁？" means nothing to retrieval on its own; read after
 * "广东师大维智信息科技有限公司是谁创办的？" it asks for that company's general manager. Before
 * retrieval the question is completed from the chat's last turns: by an LLM when one is configured,
 * and otherwise (or when the LLM fails) offline, by carrying the previous question's organisation or
 * person over into the pronoun (它, 他, 她, 其, 该公司 …) or in front of a question that names none.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { DEFAULT_PROMPTS_DIR, PromptTemplateError } from "../answer/prompts.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { createRewriteClient } from "../openai-client.js";
import { findEntities, ORG_SUFFIX } from "../text/entities.js";
import type { Tokenizer } from "../text/tokenizer.js";
import type { Turn } from "./session.js";

export interface FollowUpResolver {
  /** The question to search for: completed from `history` (oldest first) when it leans on it, else as asked. */
  resolve(question: string, history: readonly Turn[], opts?: { signal?: AbortSignal }): Promise<string>;
}

/** What earlier questions were about. */
export interface Topic {
  org?: string;
  person?: string;
}

/** Words that stand for an organisation or thing named before. 其 only on its own (not 其他, 其中, 尤其). */
const THING =
  "该公司|这家公司|该企业|这家企业|该集团|该园区|这个园区|该高新区|该机构|该单位|该研究院|该院|该校|它(?!们)|(?<![尤极与])其(?![他它中实余次后间])";
/** Words that stand for a person named before. */
const PERSON = "此人|这个人|这位|(?<!其)他(?![们人])|她(?!们)";
const PRONOUN = new RegExp(`(${PERSON})|(${THING})`, "g");
/** A leading "so / and / what about" that ties the question to the previous one. */
const CONNECTOR = /^(?:那么?|那你说|还有|另外|再问一下|顺便问一下)[，,、\s]*/;
/** Questions this short, naming nothing, are read as leaning on the previous one (总经理是谁？). */
const SHORT_QUESTION_CHARS = 12;
const QUESTION_WORD = /谁|什么|多少|几|哪|何|怎|吗|呢|[？?]/;
/** "其他企业呢？" asks about others, not about the one named before. */
const ABOUT_OTHERS = /^(?:其他|其余|别的|另外的|还有哪些)/;

/**
 * The offline resolver. Uses the tokenizer's part-of-speech tags to find names; a question that names
 * its own organisation or person is left as asked.
 */
export function createOfflineFollowUp(tokenizer: Tokenizer): FollowUpResolver & {
  topicOf(question: string): Topic;
} {
  const topicOf = (question: string): Topic => {
    const org = findEntities(question, tokenizer)[0];
    return { org: org ? org.core + org.suffix : undefined, person: personIn(question, tokenizer) };
  };
  return {
    topicOf,
    async resolve(question, history) {
      const asked = question.trim();
      // The newest turn that named something; its resolved question already carries older names on.
      let topic: Topic | undefined;
      for (const turn of [...history].reverse()) {
        const t = topicOf(turn.resolved);
        if (t.org || t.person) {
          topic = t;
          break;
        }
      }
      if (!topic) return asked;
      const thing = topic.org ?? topic.person!;
      const person = topic.person ?? topic.org!;
      const leans = CONNECTOR.test(asked);
      const body = asked.replace(CONNECTOR, "");
      let replaced = false;
      const out = body.replace(PRONOUN, (_all, isPerson: string | undefined) => {
        replaced = true;
        return isPerson ? person : thing;
      });
      if (replaced) return out;
      const own = topicOf(body);
      if (own.org || own.person || ABOUT_OTHERS.test(body)) return asked;
      const first = tokenizer.tag(body)[0];
      const startsWithNoun = first !== undefined && /^n/.test(first.tag);
      // A short question with no subject of its own: "总经理是谁？", "是哪一年成立的？".
      const subjectless =
        [...body].length <= SHORT_QUESTION_CHARS &&
        QUESTION_WORD.test(body) &&
        (startsWithNoun || /^(?:是|在|于|有|位于|成立|获得|排名)/.test(body));
      if (!leans && !/呢\s*[？?]?\s*$/.test(body) && !subjectless) return asked;
      // "总经理是谁" -> "X的总经理是谁"; "是哪年成立的" -> "X是哪年成立的".
      return startsWithNoun ? `${thing}的${body}` : `${thing}${body}`;
    },
  };
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
              : err instanceof OpenAI.APIError
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
