/**
 * A stand-in for an OpenAI-compatible server, spoken to over real HTTP. Tests start it on port 0,
 * point the `openai` client's `baseURL` at it, script its replies per route and read back what it
 * was sent. Nothing of ours is mocked: the bytes go through the openai package and node:http.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw string when it was not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are inspected freely in assertions
  body: any;
}

/** What the server does with one request. */
export type FakeReply =
  /** An assistant message; sent as one JSON completion, or as SSE chunks when the request asked for `stream: true`. */
  | { chat: string; finishReason?: string; model?: string }
  /** An embeddings response holding these vectors, in this order, `index` 0..n-1 unless `indices` is given. */
  | { embeddings: number[][]; indices?: number[] }
  /** An OpenAI-style error body with this HTTP status. */
  | { error: number; message?: string }
  /** Any JSON body, with an optional status (default 200). */
  | { json: unknown; status?: number }
  /** Never answer; the socket is held open until the client gives up or the server closes. */
  | { hang: true }
  /**
   * A careless server quoting the bearer key the request carried, in every form of {@link keyForms}:
   * `echoKey: "chat"` as a completion (streamed when asked) of `before`, the quotes, then `after`;
   * `echoKey: "error"` as an error body with this HTTP status.
   */
  | { echoKey: "chat"; before?: string; after?: string }
  | { echoKey: "error"; status: number };

export type RouteHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

/** Replies for one route: queued one-shot replies first, then the standing handler. */
export interface FakeRoute {
  /** Queues replies that are used once each, in order. */
  reply(...replies: FakeReply[]): void;
  /** Sets the reply used whenever the queue is empty. */
  handle(handler: RouteHandler): void;
}

export interface FakeOpenAi {
  /** Base URL for the openai client, ending in /v1. */
  readonly baseURL: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  readonly chat: FakeRoute;
  readonly embeddings: FakeRoute;
  /** POST /v1/rerank (Jina/Cohere/vLLM format); script it with `{ json: { results: [...] } }`. */
  readonly rerank: FakeRoute;
  /** Requests to one path, e.g. "/v1/embeddings". */
  requestsTo(path: string): RecordedRequest[];
  /** Forgets recorded requests, queued replies and handlers (between tests). */
  reset(): void;
  /** Drops open (including hanging) connections and stops listening. */
  close(): Promise<void>;
}

class Route implements FakeRoute {
  private queue: FakeReply[] = [];
  private handler: RouteHandler | undefined;

  constructor(private readonly path: string) {}

  reply(...replies: FakeReply[]): void {
    this.queue.push(...replies);
  }

  handle(handler: RouteHandler): void {
    this.handler = handler;
  }

  clear(): void {
    this.queue = [];
    this.handler = undefined;
  }

  async next(req: RecordedRequest): Promise<FakeReply> {
    const queued = this.queue.shift();
    if (queued) return queued;
    if (this.handler) return this.handler(req);
    // 418 rather than 5xx so the client does not retry and the test fails loudly at the cause.
    return { error: 418, message: `fake-openai: no reply scripted for POST ${this.path}` };
  }
}

/** Starts the server on 127.0.0.1, on a free port. */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  const routes = {
    "/v1/chat/completions": new Route("/v1/chat/completions"),
    "/v1/embeddings": new Route("/v1/embeddings"),
    "/v1/rerank": new Route("/v1/rerank"),
  } as const;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the raw string; a test may want to see what was sent
      }
      const path = (req.url ?? "/").split("?")[0]!;
      const recorded: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, body };
      requests.push(recorded);

      const route = req.method === "POST" ? routes[path as keyof typeof routes] : undefined;
      if (!route) {
        sendJson(res, 404, errorBody(`fake-openai: no route ${req.method} ${path}`));
        return;
      }
      route
        .next(recorded)
        .then((reply) => send(res, recorded, reply))
        .catch((err: unknown) => sendJson(res, 500, errorBody(`fake-openai handler threw: ${String(err)}`)));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chat: routes["/v1/chat/completions"],
    embeddings: routes["/v1/embeddings"],
    rerank: routes["/v1/rerank"],
    requestsTo: (path) => requests.filter((r) => r.path === path),
    reset() {
      requests.length = 0;
      for (const route of Object.values(routes)) route.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging replies keep sockets open; without this, close() would wait for them forever.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** The bearer key a request carried ("" when none). */
export function bearerKey(req: RecordedRequest): string {
  return String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
}

/**
 * The forms a key leaks in: as is, base64 (standard and URL-safe), base64 of a basic-auth
 * "user:key" pair, and URL-encoded. What a test checks no output holds.
 */
export function keyForms(key: string): string[] {
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
  const basic = b64(`reader:${key}`);
  return [
    key,
    b64(key).replace(/=+$/, ""),
    Buffer.from(key, "utf8").toString("base64url"),
    // The part of the basic-auth encoding that holds only the key's bits ("reader:" is 7 bytes).
    basic.slice(Math.ceil((7 * 8) / 6), Math.floor(((7 + Buffer.byteLength(key)) * 8) / 6)),
    encodeURIComponent(key),
  ];
}

function keyQuotes(key: string): string {
  const [raw, b64, b64url, , url] = keyForms(key);
  const basic = Buffer.from(`reader:${key}`, "utf8").toString("base64");
  return `key ${raw} base64 ${b64} url-safe ${b64url} basic ${basic} encoded ${url}`;
}

function send(res: ServerResponse, req: RecordedRequest, reply: FakeReply): void {
  if ("hang" in reply) return;
  if ("echoKey" in reply) {
    const quotes = keyQuotes(bearerKey(req));
    if (reply.echoKey === "error") {
      sendJson(res, reply.status, errorBody(`invalid credentials for ${quotes}`));
      return;
    }
    send(res, req, { chat: `${reply.before ?? ""}${quotes}${reply.after ?? ""}` });
    return;
  }
  if ("error" in reply) {
    sendJson(res, reply.error, errorBody(reply.message ?? `fake-openai: scripted ${reply.error}`));
    return;
  }
  if ("json" in reply) {
    sendJson(res, reply.status ?? 200, reply.json);
    return;
  }
  if ("embeddings" in reply) {
    sendJson(res, 200, {
      object: "list",
      model: req.body?.model ?? "fake-embedding",
      data: reply.embeddings.map((embedding, i) => ({
        object: "embedding",
        index: reply.indices?.[i] ?? i,
        embedding,
      })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
    return;
  }
  const model = reply.model ?? req.body?.model ?? "fake-model";
  const finishReason = reply.finishReason ?? "stop";
  if (req.body?.stream === true) {
    streamChat(res, reply.chat, model, finishReason);
    return;
  }
  sendJson(res, 200, {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: reply.chat }, finish_reason: finishReason }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  });
}

/**
 * Sends the content as SSE chunks of a few code points each, so that markers such as "[9]" get
 * split across chunks the way real servers split them.
 */
function streamChat(res: ServerResponse, content: string, model: string, finishReason: string): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model };
  const event = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(event({ role: "assistant", content: "" }, null));
  const chars = Array.from(content);
  for (let i = 0; i < chars.length; i += 3)
    res.write(event({ content: chars.slice(i, i + 3).join("") }, null));
  res.write(event({}, finishReason));
  res.end("data: [DONE]\n\n");
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function errorBody(message: string) {
  return { error: { message, type: "fake_error", param: null, code: null } };
}

/**
 * Starts one stand-in for the test file (closed after it) and forgets its state between tests.
 * Returns a getter, since the server only exists once `beforeAll` has run.
 */
export function useFakeOpenAi(): () => FakeOpenAi {
  let fake: FakeOpenAi | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake?.reset());
  return () => {
    if (!fake) throw new Error("useFakeOpenAi(): the stand-in starts in beforeAll; use it inside tests");
    return fake;
  };
}
