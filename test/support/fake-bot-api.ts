/**
 * A stand-in for the Telegram Bot API over real HTTP, for tests. grammY talks to it through
 * `client.apiRoot`; tests push updates in, and read back every call the bot made with its parsed
 * parameters. It keeps just enough state (message ids, chats, files) for replies to look real.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Message, Update, UserFromGetMe } from "grammy/types";

export interface ApiCall {
  method: string;
  token: string;
  params: Record<string, unknown>;
  /** Milliseconds since the server started, to check waits (e.g. after a 429). */
  at: number;
}

export interface Failure {
  /** HTTP status and Bot API error_code; 429 or 5xx. */
  status: number;
  /** Seconds, sent as parameters.retry_after. */
  retryAfter?: number;
  description?: string;
  /**
   * Carry the call out first (store the message, as Telegram would), then answer with the error:
   * the 502 that comes after Telegram already delivered a message.
   */
  deliver?: boolean;
}

export interface FakeBotApiOptions {
  token?: string;
  /**
   * More tokens accepted for the same bot, so a test can tell apart calls from processes that
   * share it (each call records its token).
   */
  alsoAccept?: string[];
  botInfo?: Partial<UserFromGetMe>;
  /** Longest a getUpdates call is held open waiting for updates, in ms. Default 500. */
  maxPollMs?: number;
  /**
   * How long each sendMessage is answered after it arrives (recorded at once), in ms. Default 0.
   * Sets a pace, as Telegram's round trip does, so a test can act between two answers of a chat.
   */
  sendDelayMs?: number;
}

export const TEST_TOKEN = "123456:TEST-token";

/** What an edit that changes nothing gets from Telegram: a 400. */
const NOT_MODIFIED = Symbol("message is not modified");

type Waiter = { method: string; predicate: (call: ApiCall) => boolean; resolve: (call: ApiCall) => void };

export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Messages the bot sent, by chat and message id, so tests can reply to them. */
  readonly sent: Message[] = [];
  /** The highest update_id getUpdates has handed out so far (0 before any). */
  highestDelivered = 0;

  private readonly server: Server;
  private readonly started = Date.now();
  private readonly maxPollMs: number;
  private readonly sendDelayMs: number;
  private readonly updates: Update[] = [];
  private readonly chats = new Map<number, Chat>();
  private readonly files = new Map<string, { path: string; content: Buffer }>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly pollers = new Set<() => void>();
  private readonly waiters: Waiter[] = [];
  private readonly conditions = new Set<() => void>();
  private readonly accepted: ReadonlySet<string>;
  private nextUpdateId = 1;
  private nextMessageId = 1000;

  private constructor(opts: FakeBotApiOptions) {
    this.token = opts.token ?? TEST_TOKEN;
    this.accepted = new Set([this.token, ...(opts.alsoAccept ?? [])]);
    this.maxPollMs = opts.maxPollMs ?? 500;
    this.sendDelayMs = opts.sendDelayMs ?? 0;
    this.botInfo = {
      id: 4242,
      is_bot: true,
      first_name: "NewsQA",
      username: "newsqa_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
      ...opts.botInfo,
    };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        send(res, 500, { ok: false, error_code: 500, description: `fake server error: ${String(err)}` });
      });
    });
  }

  static async start(opts: FakeBotApiOptions = {}): Promise<FakeBotApi> {
    const api = new FakeBotApi(opts);
    api.server.listen(0, "127.0.0.1");
    await once(api.server, "listening");
    return api;
  }

  /** The value for `client.apiRoot` / TELEGRAM_API_ROOT. */
  get apiRoot(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Queues an update for the next getUpdates; returns its update_id. */
  pushUpdate(update: Omit<Update, "update_id">): number {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    const chat = full.message?.chat ?? full.callback_query?.message?.chat;
    if (chat) this.chats.set(chat.id, chat);
    this.updates.push(full);
    for (const wake of this.pollers) wake();
    return full.update_id;
  }

  /** Answers the next `count` calls of `method` with the given error instead of handling them. */
  failNext(method: string, failure: Failure, count = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Makes a file downloadable through getFile and /file/bot<token>/<path>; returns its file_id. */
  addFile(path: string, content: string | Buffer): string {
    const fileId = `file-${this.files.size + 1}`;
    this.files.set(fileId, { path, content: Buffer.from(content) });
    return fileId;
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the first call of `method` (already made or still to come) that matches, counting
   * only calls after the `after`-th one of the whole log. Gives up after `timeoutMs` (default 30 s: a
   * re-index on a loaded 2-core machine can take over 10 s, and this is a bound, not a speed check).
   */
  waitFor(
    method: string,
    predicate: (call: ApiCall) => boolean = () => true,
    opts: { timeoutMs?: number; after?: number } = {},
  ): Promise<ApiCall> {
    const found = this.calls.slice(opts.after ?? 0).find((c) => c.method === method && predicate(c));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { method, predicate, resolve: () => {} };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(`timed out waiting for ${method}; calls so far: ${this.calls.map((c) => c.method)}`),
        );
      }, opts.timeoutMs ?? 30_000);
      waiter.resolve = (call) => {
        clearTimeout(timer);
        resolve(call);
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Resolves once `condition` holds, checking now and after every call the bot makes; rejects after
   * `timeoutMs` (default 30 000) with `what` in the message.
   */
  until(condition: () => boolean, opts: { timeoutMs?: number; what?: string } = {}): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.conditions.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.conditions.delete(check);
        reject(new Error(`timed out waiting until ${opts.what ?? "a condition held"}`));
      }, opts.timeoutMs ?? 30_000);
      this.conditions.add(check);
    });
  }

  async close(): Promise<void> {
    for (const wake of this.pollers) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = url.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (file) {
      const entry = [...this.files.values()].find((f) => f.path === decodeURIComponent(file[2]!));
      if (file[1] !== this.token || !entry) {
        res.writeHead(404).end("Not Found");
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(entry.content);
      return;
    }
    const route = url.pathname.match(/^\/bot([^/]+)\/([A-Za-z]+)$/);
    if (!route) {
      send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, token, method] = route as unknown as [string, string, string];
    const params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    const call: ApiCall = { method, token, params, at: Date.now() - this.started };
    this.record(call);
    if (!this.accepted.has(token)) {
      send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const failure = this.failures.get(method)?.shift();
    if (failure?.deliver) await this.result(method, params, req);
    if (failure) {
      send(res, failure.status, {
        ok: false,
        error_code: failure.status,
        description:
          failure.description ??
          (failure.status === 429
            ? `Too Many Requests: retry after ${failure.retryAfter ?? 1}`
            : "Internal Server Error"),
        ...(failure.retryAfter === undefined ? {} : { parameters: { retry_after: failure.retryAfter } }),
      });
      return;
    }
    const result = await this.result(method, params, req);
    if (method === "sendMessage" && this.sendDelayMs > 0)
      await new Promise((r) => setTimeout(r, this.sendDelayMs));
    if (result === NOT_MODIFIED) {
      send(res, 400, {
        ok: false,
        error_code: 400,
        description:
          "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      });
      return;
    }
    if (result === undefined) {
      send(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method} not faked` });
      return;
    }
    send(res, 200, { ok: true, result });
  }

  private record(call: ApiCall): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.method === call.method && w.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
    for (const check of [...this.conditions]) check();
  }

  private async result(method: string, p: Record<string, unknown>, req: IncomingMessage): Promise<unknown> {
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "getUpdates":
        return this.getUpdates(p, req);
      case "sendMessage":
        return this.storeMessage(p);
      case "editMessageText": {
        const old = this.sent.find(
          (m) => m.chat.id === Number(p.chat_id) && m.message_id === Number(p.message_id),
        );
        if (!old) return true;
        // Telegram refuses an edit that changes nothing.
        if (old.text === p.text && JSON.stringify(old.reply_markup) === JSON.stringify(p.reply_markup))
          return NOT_MODIFIED;
        Object.assign(old, { text: p.text, edit_date: now(), reply_markup: p.reply_markup });
        return old;
      }
      case "sendChatAction":
      case "answerCallbackQuery":
      case "setMyCommands":
      case "deleteWebhook":
      case "setWebhook":
      case "deleteMyCommands":
        return true;
      case "getFile": {
        const f = this.files.get(String(p.file_id));
        if (!f) return undefined;
        return {
          file_id: p.file_id,
          file_unique_id: `u-${p.file_id}`,
          file_size: f.content.length,
          file_path: f.path,
        };
      }
      default:
        return undefined;
    }
  }

  private storeMessage(p: Record<string, unknown>): Message {
    const chatId = Number(p.chat_id);
    const chat = this.chats.get(chatId) ?? ({ id: chatId, type: "private", first_name: "User" } as Chat);
    const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
    const message = {
      message_id: this.nextMessageId++,
      date: now(),
      chat,
      from: this.botInfo,
      text: String(p.text ?? ""),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      ...(replyTo ? { reply_to_message: { message_id: replyTo, date: now(), chat } } : {}),
    } as Message;
    this.sent.push(message);
    return message;
  }

  private async getUpdates(p: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> {
    const offset = Number(p.offset ?? 0);
    // Telegram forgets updates below the offset: they count as confirmed.
    while (this.updates.length && this.updates[0]!.update_id < offset) this.updates.shift();
    const limit = Number(p.limit ?? 100);
    if (this.updates.length === 0) {
      const waitMs = Math.min(Number(p.timeout ?? 0) * 1000, this.maxPollMs);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.pollers.delete(wake);
          req.off("close", wake);
          resolve();
        };
        const timer = setTimeout(wake, waitMs);
        this.pollers.add(wake);
        req.on("close", wake);
      });
    }
    const batch = this.updates.slice(0, limit);
    for (const u of batch) this.highestDelivered = Math.max(this.highestDelivered, u.update_id);
    return batch;
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Bot API parameters arrive as JSON, urlencoded or multipart; objects inside forms are JSON strings. */
async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  if (type.includes("multipart/form-data") || type.includes("application/x-www-form-urlencoded")) {
    const form = await new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": type },
      body,
    }).formData();
    const params: Record<string, unknown> = {};
    for (const [key, value] of form) {
      params[key] =
        typeof value === "string" ? parseFormValue(value) : { filename: value.name, size: value.size };
    }
    return params;
  }
  return { body: body.toString("utf8") };
}

function parseFormValue(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}
