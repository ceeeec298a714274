/**
 * Shared setup for the bot tests: a fake Bot API, the real bot wired to it over HTTP, updates as
 * Telegram would send them, and a small QaService for tests that need to control what the pipeline
 * says (the real pipeline is used end to end in private-chat.test.ts).
 */
import { Writable } from "node:stream";
import type { Bot, Context } from "grammy";
import type { Message, MessageEntity, Update, User } from "grammy/types";
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import type { Logger } from "../../src/logger.js";
import type { RateLimitOptions } from "../../src/telegram/ask.js";
import { type BotDeps, createBot } from "../../src/telegram/bot.js";
import { type PollingHandle, startPolling, stopPolling } from "../../src/telegram/polling.js";
import type { Answer, Chunk, Citation, QaService } from "../../src/types.js";
import { FakeBotApi } from "../support/fake-bot-api.js";

export interface Harness {
  api: FakeBotApi;
  bot: Bot<Context>;
  logs: Record<string, unknown>[];
  /** Stops this bot and starts a brand-new one (no state carried over) against the same Bot API. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a fake Bot API and the bot polling it. `env` overrides settings such as MAX_QUESTION_CHARS;
 * `deps` adds or replaces bot dependencies (the index for admins, a follow-up resolver).
 */
export async function startHarness(
  qa: QaService,
  opts: { env?: Record<string, string>; rateLimit?: RateLimitOptions; deps?: Partial<BotDeps> } = {},
): Promise<Harness> {
  const api = await FakeBotApi.start();
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, ...opts.env });
  const { logger, logs } = captureLogger();
  const launch = async () => {
    const bot = createBot(config, {
      qa,
      logger,
      rateLimit: opts.rateLimit ?? { limit: 100, timeFrameMs: 1_000 },
      ...opts.deps,
    });
    return { bot, handle: await startPolling(bot, { logger, pollTimeoutSeconds: 1 }) };
  };
  let running: { bot: Bot<Context>; handle: PollingHandle };
  try {
    running = await launch();
  } catch (err) {
    await api.close();
    throw err;
  }
  return {
    api,
    get bot() {
      return running.bot;
    },
    logs,
    async restart() {
      await stopPolling(running.handle, 5_000);
      running = await launch();
    },
    async stop() {
      await stopPolling(running.handle, 5_000);
      await api.close();
    },
  };
}

export function captureLogger(): { logger: Logger; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n")) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, sink), logs };
}

export const ALICE: User = { id: 1001, is_bot: false, first_name: "Alice", language_code: "zh-hans" };
export const BOB: User = { id: 1002, is_bot: false, first_name: "Bob", language_code: "en" };
export const GROUP = { id: -100123, type: "supergroup" as const, title: "读报小组" };

let nextMessageId = 1;

export function textMessage(
  text: string,
  opts: { from?: User; chat?: Message["chat"]; replyTo?: Message; entities?: MessageEntity[] } = {},
): Omit<Update, "update_id"> {
  const entities = opts.entities ?? commandEntity(text);
  return {
    message: {
      ...envelope(opts),
      text,
      ...(entities.length ? { entities } : {}),
      ...(opts.replyTo
        ? { reply_to_message: opts.replyTo as Message & { reply_to_message: undefined } }
        : {}),
    } as Message,
  } as Omit<Update, "update_id">;
}

/** What every incoming message carries: a fresh id, the time, the sender, and a chat (theirs by default). */
function envelope(opts: { from?: User; chat?: Message["chat"] }) {
  const from = opts.from ?? ALICE;
  const chat = opts.chat ?? { id: from.id, type: "private" as const, first_name: from.first_name };
  return { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from };
}

/** Telegram marks a leading /command with a bot_command entity; grammY's command() relies on it. */
function commandEntity(text: string): MessageEntity[] {
  const m = text.match(/^\/[\w@]+/);
  return m ? [{ type: "bot_command", offset: 0, length: m[0].length }] : [];
}

export function mentionEntity(text: string, username: string): MessageEntity[] {
  const offset = text.indexOf(`@${username}`);
  return [{ type: "mention", offset, length: username.length + 1 }];
}

/** A page file sent as a document; the file must be served by the fake API (see FakeBotApi.addFile). */
export function documentMessage(
  document: { file_id: string; file_name?: string; file_size?: number; mime_type?: string },
  opts: { from?: User; chat?: Message["chat"]; caption?: string } = {},
): Omit<Update, "update_id"> {
  return {
    message: {
      ...envelope(opts),
      document: { file_unique_id: `u-${document.file_id}`, ...document },
      ...(opts.caption ? { caption: opts.caption } : {}),
    } as Message,
  } as Omit<Update, "update_id">;
}

export function callbackQuery(data: string, message: Message, from: User = ALICE): Omit<Update, "update_id"> {
  return {
    callback_query: { id: `cb-${nextMessageId++}`, from, chat_instance: "ci", data, message },
  } as Omit<Update, "update_id">;
}

/** A QaService whose answers and chunks the test decides. Questions it has no answer for abstain. */
export function stubQa(
  answers: Record<string, (question: string) => Answer | Promise<Answer>>,
  chunks: Chunk[] = [],
): QaService & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async ask(question) {
      asked.push(question);
      const make = answers[question];
      return make ? make(question) : abstain(question);
    },
    chunk: (id) => chunks.find((c) => c.id === id),
    status: () => ({
      chunks: chunks.length,
      pages: 1,
      builtAt: "2021-04-28T00:00:00Z",
      embedder: "stub",
      answerer: "stub",
    }),
  };
}

export function abstain(question: string): Answer {
  return {
    question,
    answer: "没有在语料中找到与这个问题相关的内容。",
    abstained: true,
    citations: [],
    passages: [],
    answerer: "stub",
  };
}

export function citing(question: string, text: string, chunks: Chunk[]): Answer {
  const citations: Citation[] = chunks.map((c, i) => ({
    n: i + 1,
    chunkId: c.id,
    title: c.title,
    source: c.source,
    paper: c.paper,
    date: c.date,
    page: c.page,
    text: c.text,
  }));
  return { question, answer: text, abstained: false, citations, passages: [], answerer: "stub" };
}

export function chunk(id: string, over: Partial<Chunk> = {}): Chunk {
  return {
    id,
    title: "清远高新区综合排名再创新高",
    source: "科技日报/2021-04/000_f28b1bf4d582b9a4.txt",
    paper: "科技日报",
    date: "2021-04-28",
    page: "5",
    article: 0,
    seq: 0,
    text: "在2020年度国家高新区评价中，清远高新区综合排名第96名。",
    ...over,
  };
}

/** The inline keyboard's callback data of a recorded sendMessage call. */
export function callbackData(params: Record<string, unknown>): string[] {
  const markup = params.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}
