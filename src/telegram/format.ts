/**
 * Answers and passages as Telegram HTML (parse_mode "HTML"). Every string that comes from outside
 * this file (questions, article text, LLM output, titles) goes through `escapeHtml`; only the few
 * tags written here are markup.
 */
import type { Answer, Chunk, Citation } from "../types.js";
import { type Lang, messages } from "./i18n.js";

/** Telegram's limit on one message's text, in UTF-16 code units. */
export const MAX_MESSAGE_LENGTH = 4096;

// No escaping library is installed, and Telegram HTML needs exactly these four (quotes only matter
// inside attribute values, but escaping them everywhere is harmless).
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]!);
}

type SourceMeta = Pick<Citation, "title" | "source" | "paper" | "date" | "page">;

/** "title · paper · date · 第N版", leaving out whatever is unknown. Plain text, not yet escaped. */
export function sourceLabel(meta: SourceMeta, lang: Lang = "zh"): string {
  const title = meta.title.trim() || meta.source;
  const page = meta.page?.trim() ? messages[lang].page(meta.page.trim()) : undefined;
  return [title, meta.paper, meta.date, page].filter((s): s is string => Boolean(s?.trim())).join(" · ");
}

export interface RenderOptions {
  lang?: Lang;
  /** Per-message limit in UTF-16 code units; default 4096. */
  limit?: number;
}

/**
 * The answer text with its [n] markers, then the cited sources, split into messages that each fit.
 * An abstention is its plain message alone: no source list to check, so none is shown. `preface`
 * (plain text) goes above the answer in italics, e.g. how a follow-up question was understood.
 */
export function renderAnswer(answer: Answer, opts: RenderOptions & { preface?: string } = {}): string[] {
  const lang = opts.lang ?? "zh";
  const preface = opts.preface?.trim() ? `<i>${escapeHtml(opts.preface.trim())}</i>\n\n` : "";
  const body = preface + escapeHtml(answer.answer.trim());
  if (answer.abstained || answer.citations.length === 0) return splitHtml(body, opts.limit);
  const sources = [...answer.citations]
    .sort((a, b) => a.n - b.n)
    .map((c) => `[${c.n}] ${escapeHtml(sourceLabel(c, lang))}`);
  const html = `${body}\n\n<b>${escapeHtml(messages[lang].sourcesHeading)}</b>\n${sources.join("\n")}`;
  return splitHtml(html, opts.limit);
}

/** A cited passage as shown by a source button: title and metadata in bold, then the text. */
export function renderPassage(chunk: Chunk, opts: RenderOptions & { n?: number } = {}): string[] {
  const label = escapeHtml(sourceLabel(chunk, opts.lang));
  const head = opts.n === undefined ? `<b>${label}</b>` : `<b>[${opts.n}] ${label}</b>`;
  return splitHtml(`${head}\n\n${escapeHtml(chunk.text.trim())}`, opts.limit);
}

/**
 * A streamed answer while it is being written: the text so far, escaped, with an ellipsis, cut to
 * one message (the final text is split properly once the answer is complete).
 */
export function renderPartial(textSoFar: string, limit = MAX_MESSAGE_LENGTH): string {
  const html = `${escapeHtml(textSoFar.trim())} …`;
  const parts = splitHtml(html, limit - 2);
  return parts.length > 1 ? `${parts[0]} …` : (parts[0] ?? "");
}

type Token =
  | { kind: "open"; name: string; raw: string }
  | { kind: "close"; name: string; raw: string }
  | { kind: "text"; raw: string };

/**
 * Splits Telegram HTML into messages of at most `limit` code units. It breaks at the last paragraph
 * boundary (blank line) that fits, else the last line break, else anywhere between characters, but
 * never inside a tag, an entity or a surrogate pair. Tags open at a break are closed at the end of
 * one part and reopened at the start of the next, so every part parses on its own.
 *
 * The raw HTML length is counted, which is at least the length Telegram counts after parsing, so
 * parts are never too long (only sometimes shorter than they could be).
 */
export function splitHtml(html: string, limit = MAX_MESSAGE_LENGTH): string[] {
  if (html.length <= limit) return html.trim() ? [html] : [];
  const tokens = tokenize(html);
  const parts: string[] = [];
  let stack: Extract<Token, { kind: "open" }>[] = [];
  let pos = 0;
  while (pos < tokens.length) {
    while (pos < tokens.length && tokens[pos]!.raw === "\n") pos++;
    if (pos >= tokens.length) break;
    const prefix = stack.map((t) => t.raw).join("");
    const open = [...stack];
    let length = prefix.length;
    let paragraph = -1;
    let line = -1;
    let hard = -1;
    let hardStack = open;
    let paragraphStack = open;
    let lineStack = open;
    for (let i = pos; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === "open") open.push(t);
      else if (t.kind === "close") {
        const at = open.map((o) => o.name).lastIndexOf(t.name);
        if (at >= 0) open.splice(at, 1);
      }
      length += t.raw.length;
      if (length + closingLength(open) > limit) break;
      // A break after token i: the part ends with tokens[pos..i], closed with `open`.
      hard = i + 1;
      hardStack = [...open];
      if (t.raw === "\n") {
        line = i + 1;
        lineStack = hardStack;
        if (tokens[i - 1]?.raw === "\n") {
          paragraph = i + 1;
          paragraphStack = hardStack;
        }
      }
    }
    let end: number;
    let endStack: typeof stack;
    if (hard === tokens.length) [end, endStack] = [hard, hardStack];
    else if (paragraph > pos) [end, endStack] = [paragraph, paragraphStack];
    else if (line > pos) [end, endStack] = [line, lineStack];
    else if (hard > pos) [end, endStack] = [hard, hardStack];
    else {
      // Not even one token fits after reopening the tags: drop the tags rather than loop forever.
      [end, endStack] = [pos + 1, []];
      stack = [];
    }
    const body = tokens
      .slice(pos, end)
      .map((t) => t.raw)
      .join("");
    const part = (stack.map((t) => t.raw).join("") + body).replace(/\n+$/, "") + closing(endStack);
    if (textOf(part).trim()) parts.push(part);
    stack = endStack;
    pos = end;
  }
  return parts;
}

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /<(\/?)([a-zA-Z][\w-]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;
  for (const m of html.matchAll(re)) {
    if (m[2] === undefined) tokens.push({ kind: "text", raw: m[0] });
    else tokens.push({ kind: m[1] ? "close" : "open", name: m[2].toLowerCase(), raw: m[0] });
  }
  return tokens;
}

function closing(stack: readonly { name: string }[]): string {
  return stack
    .map((t) => `</${t.name}>`)
    .reverse()
    .join("");
}

function closingLength(stack: readonly { name: string }[]): number {
  return stack.reduce((n, t) => n + t.name.length + 3, 0);
}

function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, "");
}
