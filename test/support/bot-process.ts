/**
 * The bot as its users run it: `npm start` in a process group of its own, pointed at a fake Bot API,
 * so tests can signal the whole group (Ctrl-C, docker stop, kill -9) and watch what reaches Telegram.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { Message, Update, User } from "grammy/types";
import type { FakeBotApi } from "./fake-bot-api.js";

const ROOT = join(import.meta.dirname, "..", "..");

export interface BotProcess {
  child: ChildProcess;
  /** Every pino line the bot wrote to stderr, parsed. */
  logs: Record<string, unknown>[];
  /** Settles with how `npm start` ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the whole process group, as a terminal or process manager does. */
  signalGroup(signal: NodeJS.Signals): void;
  /** In webhook mode (WEBHOOK_URL in `env`), the port its HTTP server listens on. */
  port?: number;
}

/**
 * Starts `npm start` with the bot's settings in the environment (plus `env`), and resolves once it
 * is polling, or serving its webhook when `env` sets WEBHOOK_URL. The process is left running; end
 * it with signalGroup.
 */
export async function startBotProcess(
  api: FakeBotApi,
  dirs: { corpusDir: string; indexDir: string },
  env: Record<string, string> = {},
): Promise<BotProcess> {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      CORPUS_DIR: dirs.corpusDir,
      INDEX_DIR: dirs.indexDir,
      WEBHOOK_URL: "",
      ANSWERER: "extractive",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const logs: Record<string, unknown>[] = [];
  let polling: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    polling = resolve;
  });
  let rest = "";
  let port: number | undefined;
  child.stderr!.setEncoding("utf8").on("data", (data: string) => {
    const lines = (rest + data).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === "bot is polling for updates") polling();
      if (entry.msg === "bot is receiving updates by webhook") {
        port = entry.port as number;
        polling();
      }
    }
  });
  const signalGroup = (signal: NodeJS.Signals) => process.kill(-child.pid!, signal);
  const early = exited.then(({ code, signal }) => {
    throw new Error(
      `npm start ended before it was receiving updates (code ${code}, signal ${signal}): ${JSON.stringify(logs)}`,
    );
  });
  early.catch(() => {});
  await Promise.race([ready, early]);
  return { child, logs, exited, signalGroup, port };
}

export interface Question {
  chat: number;
  messageId: number;
  updateId: number;
}

/**
 * `count` questions from `chats` group chats, each asked by a user of its own (so no one hits the
 * per-user rate limit) mentioning the bot, as a group burst arrives. Returns what was asked where.
 */
export function pushBurst(
  api: FakeBotApi,
  opts: { count: number; chats: number; questions: string[]; firstMessageId?: number },
): Question[] {
  const asked: Question[] = [];
  const mention = `@${api.botInfo.username}`;
  for (let i = 0; i < opts.count; i++) {
    const chat = {
      id: -1_000_000 - (i % opts.chats),
      type: "supergroup" as const,
      title: `读报小组 ${i % opts.chats}`,
    };
    const from: User = {
      id: 700_000 + i,
      is_bot: false,
      first_name: `Reader ${i}`,
      language_code: "zh-hans",
    };
    const text = `${mention} ${opts.questions[i % opts.questions.length]}`;
    const messageId = (opts.firstMessageId ?? 1) + i;
    const updateId = api.pushUpdate({
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat,
        from,
        text,
        entities: [{ type: "mention", offset: 0, length: mention.length }],
      } as Message,
    } as Omit<Update, "update_id">);
    asked.push({ chat: chat.id, messageId, updateId });
  }
  return asked;
}

/** The bot's replies to each question (by chat and message id), in the order they were sent. */
export function answersByQuestion(api: FakeBotApi, from = 0, to = api.calls.length): Map<string, number> {
  const answers = new Map<string, number>();
  for (const call of api.calls.slice(from, to)) {
    if (call.method !== "sendMessage") continue;
    const replyTo = (call.params.reply_parameters as { message_id?: number } | undefined)?.message_id;
    if (replyTo === undefined) continue;
    const key = questionKey({ chat: Number(call.params.chat_id), messageId: replyTo });
    answers.set(key, (answers.get(key) ?? 0) + 1);
  }
  return answers;
}

/** Per chat, the message ids the bot replied to, in the order it replied. */
export function replyOrder(api: FakeBotApi, from = 0, to = api.calls.length): Map<number, number[]> {
  const order = new Map<number, number[]>();
  for (const call of api.calls.slice(from, to)) {
    if (call.method !== "sendMessage") continue;
    const replyTo = (call.params.reply_parameters as { message_id?: number } | undefined)?.message_id;
    if (replyTo === undefined) continue;
    const chat = Number(call.params.chat_id);
    order.set(chat, [...(order.get(chat) ?? []), replyTo]);
  }
  return order;
}

export function questionKey(q: Pick<Question, "chat" | "messageId">): string {
  return `${q.chat}/${q.messageId}`;
}
