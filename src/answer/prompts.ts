/**
 * Prompt templates for the LLM answerer. They live as files in `prompts/` so that wording can be
 * reviewed and tuned without touching code; this module loads them, checks their placeholders and
 * fills them in.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NewsQaError } from "../errors.js";
import type { Passage } from "../types.js";

/** The repository's `prompts/` directory, found from this file so it works from any cwd. */
export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

/** File names inside the prompts directory. */
export const ANSWER_PROMPT_FILES = { system: "answer.system.md", user: "answer.user.md" } as const;

/** Placeholders the user template may use; `question` and `passages` are required. */
const PLACEHOLDERS = ["question", "passages", "language", "count"] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];
const REQUIRED: readonly Placeholder[] = ["question", "passages"];
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** A prompt template file is missing, unreadable, or uses placeholders wrongly. */
export class PromptTemplateError extends NewsQaError {
  constructor(
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Prompt template ${file}: ${reason}. The prompts/ directory ships with the repository; ` +
        `restore the file from git (git checkout -- prompts/) or fix it.`,
      options,
    );
  }
}

/** The answer prompt templates, as loaded from disk. */
export interface AnswerPrompts {
  /** The system message, used as is. */
  system: string;
  /** The user message template, with {{question}}, {{passages}}, and optionally {{language}} and {{count}}. */
  user: string;
}

/** The two messages sent to the model. */
export interface AnswerMessages {
  system: string;
  user: string;
}

/**
 * Loads and checks the answer templates. Entry points call this once at start-up, so a missing or
 * broken file stops the program with the file's path rather than failing on the first question.
 * @param dir Directory holding the templates. Default: the repository's `prompts/`.
 */
export async function loadAnswerPrompts(dir: string = DEFAULT_PROMPTS_DIR): Promise<AnswerPrompts> {
  const system = await readTemplate(join(dir, ANSWER_PROMPT_FILES.system));
  const userFile = join(dir, ANSWER_PROMPT_FILES.user);
  const user = await readTemplate(userFile);
  checkPlaceholders(userFile, user);
  return { system, user };
}

/** A prompt template file's text; a clear error naming the file when it is missing or empty. */
export async function readTemplate(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    throw new PromptTemplateError(file, missing ? "file is missing" : "cannot be read", { cause: err });
  }
  if (!text.trim()) throw new PromptTemplateError(file, "file is empty");
  return text.trim();
}

function checkPlaceholders(file: string, template: string): void {
  const used = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const unknown = [...used].filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length) {
    throw new PromptTemplateError(
      file,
      `unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(", ")}; known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}`,
    );
  }
  const missing = REQUIRED.filter((p) => !used.has(p));
  if (missing.length) {
    throw new PromptTemplateError(file, `needs ${missing.map((p) => `{{${p}}}`).join(" and ")}`);
  }
}

/**
 * One passage per block, numbered by its position (1-based), which is the number the model cites:
 *
 *     [1] 《清远高新区…》 (科技日报, 2021-04-26, page 5)
 *     (article opening, for context: …)   <- only for a passage that is not the opening itself
 *     passage text
 *
 * Unknown metadata is left out rather than printed as "undefined".
 */
export function renderPassages(passages: readonly Passage[]): string {
  return passages
    .map((p, i) => {
      const title = p.title.trim() ? ` 《${p.title.trim()}》` : "";
      const meta = [p.paper, p.date, p.page ? `page ${p.page}` : undefined].filter((s) => s?.trim());
      const where = meta.length ? ` (${meta.join(", ")})` : "";
      // Who "双方" or "该公司" are is often said only in the article's opening.
      const lead = p.lead?.trim() ? `(article opening, for context: ${p.lead.trim()}…)\n` : "";
      return `[${i + 1}]${title}${where}\n${lead}${p.text.trim()}`;
    })
    .join("\n\n");
}

/**
 * The language the answer should be in. Any Han character makes it Chinese; otherwise we say
 * "the language of the question" rather than guess among the others, with English as the usual case.
 */
export function answerLanguage(question: string): string {
  return /\p{Script=Han}/u.test(question)
    ? "Chinese (简体中文)"
    : "the language of the question (English for an English question)";
}

/** Fills the templates for one question. Substitution is one pass, so passage text is never re-expanded. */
export function renderAnswerMessages(
  prompts: AnswerPrompts,
  question: string,
  passages: readonly Passage[],
): AnswerMessages {
  const values: Record<Placeholder, string> = {
    question: question.trim(),
    passages: renderPassages(passages),
    language: answerLanguage(question),
    count: String(passages.length),
  };
  return {
    system: prompts.system,
    user: prompts.user.replace(PLACEHOLDER, (whole, name: string) =>
      name in values ? values[name as Placeholder] : whole,
    ),
  };
}
