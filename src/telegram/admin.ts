/**
 * Admin features (ADMIN_USER_IDS): /reindex, /status, and page files sent as documents, which are
 * added to the corpus and indexed without a restart. A re-index builds the new index beside the old
 * one and swaps it in whole, so readers' questions meanwhile are answered from the old index (their
 * chats are not held up: updates are only ordered within a chat). Anyone else gets a polite refusal
 * and nothing else: no download, no file, no re-index.
 */
import { Composer, type Context } from "grammy";
import type { Document } from "grammy/types";
import { NewsQaError, PageReadError, ReindexBusyError } from "../errors.js";
import { IndexLockedError } from "../index/lock.js";
import { readPage } from "../ingest/read-page.js";
import type { Logger } from "../logger.js";
import type { IndexAdmin, QaService, ReindexSummary } from "../types.js";
import { isAimedAtBot, mentionPattern, replyTo } from "./chat.js";
import { escapeHtml, splitHtml } from "./format.js";
import { type Lang, langOf, messages } from "./i18n.js";
import { editInterval, LiveMessage } from "./live-message.js";
import type { RetryStats } from "./retry-stats.js";
import {
  fetchFile,
  pageExtension,
  placeUpload,
  stagePage,
  UploadRejectedError,
  UploadTooLargeError,
} from "./upload.js";

export interface AdminDeps {
  qa: QaService;
  /** Re-indexing; without it /reindex and uploads say they are unavailable. */
  index?: IndexAdmin;
  logger: Logger;
  adminIds: readonly number[];
  corpusDir: string;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** For downloads: files are fetched from <apiRoot>/file/bot<token>/<file_path>. */
  token: string;
  apiRoot?: string;
  /** Least time between two progress edits in a private chat, in milliseconds (groups: at least 3 000). */
  progressIntervalMs: number;
  /** Follow-up turns kept per chat, shown by /status. */
  sessionTurns: number;
  /** When the bot started (ms since the epoch), for the uptime. Default: when the composer was built. */
  startedAt?: number;
  /** Retried Bot API calls, shown by /status. */
  retryStats?: RetryStats;
}

const DEFAULT_API_ROOT = "https://api.telegram.org";

export function adminComposer(deps: AdminDeps): Composer<Context> {
  const startedAt = deps.startedAt ?? Date.now();
  const running = { reindexing: 0 };
  const isAdmin = (ctx: Context) => ctx.from !== undefined && deps.adminIds.includes(ctx.from.id);
  const refuse = (ctx: Context) =>
    ctx.reply(messages[langOf(ctx.from?.language_code)].adminOnly, replyTo(ctx));
  const reindex = (ctx: Context, lang: Lang) => reindexWithProgress(ctx, lang, deps, running);

  const composer = new Composer<Context>();

  composer.command("reindex", async (ctx) => {
    if (!isAdmin(ctx)) return refuse(ctx);
    await reindex(ctx, langOf(ctx.from?.language_code));
  });

  composer.command("status", async (ctx) => {
    if (!isAdmin(ctx)) return refuse(ctx);
    const lang = langOf(ctx.from?.language_code);
    const s = deps.qa.status();
    await ctx.reply(
      messages[lang].status({
        chunks: s.chunks,
        pages: s.pages,
        builtAt: escapeHtml(s.builtAt),
        embedder: escapeHtml(s.embedder),
        answerer: escapeHtml(s.answerer),
        uptime: formatDuration(Date.now() - startedAt, lang),
        reindexing: running.reindexing > 0,
        turnsKept: deps.sessionTurns,
        retries: deps.retryStats?.counts() ?? { retries: 0, sendRetries: 0, possibleDuplicates: 0 },
      }),
      { parse_mode: "HTML", ...replyTo(ctx) },
    );
  });

  composer.on("message:document", async (ctx, next) => {
    // In groups only a document aimed at the bot counts; people share files with each other too.
    if (ctx.chat.type !== "private" && !isAimedAtBot(ctx)) return next();
    if (!isAdmin(ctx)) return refuse(ctx);
    await addPage(ctx, ctx.msg.document, deps, reindex);
  });

  return composer;
}

/** Runs a re-index, showing progress in one edited message that ends as the summary. */
async function reindexWithProgress(
  ctx: Context,
  lang: Lang,
  deps: AdminDeps,
  running: { reindexing: number },
): Promise<ReindexSummary | undefined> {
  const t = messages[lang];
  const live = new LiveMessage(ctx.api, ctx.chat!.id, {
    minIntervalMs: editInterval(ctx.chat?.type, deps.progressIntervalMs),
    logger: deps.logger,
    replyParameters: replyTo(ctx).reply_parameters,
  });
  live.update(escapeHtml(t.reindexStarted));
  let final: string;
  let summary: ReindexSummary | undefined;
  running.reindexing++;
  try {
    if (!deps.index) throw new NewsQaError("this bot was started without index administration");
    summary = await deps.index.reindex({
      onProgress: (p) => live.update(escapeHtml(t.reindexProgress(p.phase, p.done, p.total))),
    });
    deps.logger.info({ ...summary, failed: summary.failed.length }, "re-indexed the corpus");
    final = t.reindexSummary({
      ...summary,
      failed: summary.failed.map((f) => ({ source: escapeHtml(f.source), reason: escapeHtml(f.reason) })),
    });
  } catch (err) {
    deps.logger.error({ err }, "re-index failed; the previous index stays in use");
    // A build already running is no failure: said in the reader's language, without the lock's path.
    const busy = err instanceof ReindexBusyError || err instanceof IndexLockedError;
    final = escapeHtml(
      busy ? t.reindexBusy : t.reindexFailed(err instanceof NewsQaError ? err.message : "unexpected error"),
    );
  } finally {
    running.reindexing--;
  }
  const [first, ...rest] = splitHtml(final);
  if (!(await live.finish(first ?? ""))) await ctx.reply(first ?? "", { parse_mode: "HTML" });
  for (const part of rest) await ctx.reply(part, { parse_mode: "HTML" });
  return summary;
}

/**
 * An admin's page file: checked (type, size, name), downloaded, staged, read, and only when it
 * holds articles moved into the corpus and indexed. Every refusal is said to the admin.
 */
async function addPage(
  ctx: Context,
  doc: Document,
  deps: AdminDeps,
  reindex: (ctx: Context, lang: Lang) => Promise<unknown>,
) {
  const lang = langOf(ctx.from?.language_code);
  const t = messages[lang];
  const say = (html: string) => ctx.reply(html, { parse_mode: "HTML", ...replyTo(ctx) });
  const maxMb = Math.round(deps.maxUploadBytes / 1024 / 1024);
  const tooLarge = (bytes: number) => say(t.uploadTooLarge((bytes / 1024 / 1024).toFixed(1), maxMb));

  const ext = pageExtension(doc.file_name, doc.mime_type);
  if (!ext) return say(escapeHtml(t.uploadWrongType));
  if (doc.file_size !== undefined && doc.file_size > deps.maxUploadBytes) return tooLarge(doc.file_size);
  const caption = (ctx.msg?.caption ?? "").replace(mentionPattern(ctx.me.username), " ");
  let placement: ReturnType<typeof placeUpload>;
  try {
    placement = placeUpload({ fileName: doc.file_name, ext, caption, receivedAt: new Date() });
  } catch (err) {
    if (!(err instanceof UploadRejectedError)) throw err;
    deps.logger.warn({ input: err.input, reason: err.reason }, "refused an upload's name");
    return say(escapeHtml(t.uploadBadName(err.input)));
  }
  const got = await download(ctx, doc, deps);
  if ("tooLarge" in got) return tooLarge(got.tooLarge);
  if (!("bytes" in got)) return say(escapeHtml(t.uploadDownloadFailed));
  const { bytes } = got;

  let staged: Awaited<ReturnType<typeof stagePage>>;
  try {
    staged = await stagePage(deps.corpusDir, placement, bytes);
  } catch (err) {
    if (!(err instanceof UploadRejectedError)) throw err;
    deps.logger.warn({ input: err.input, reason: err.reason }, "refused an upload's path");
    return say(escapeHtml(t.uploadBadName(err.input)));
  }
  // Read before it goes into the corpus: a page with no articles is refused, leaving the corpus as it was.
  const read = await readStaged(staged, deps.corpusDir);
  if ("unreadable" in read) return say(escapeHtml(t.uploadUnreadable(read.unreadable)));
  const { articles } = read;
  await staged.commit();
  deps.logger.info(
    { path: placement.path, bytes: bytes.length, articles: articles.length, replaced: staged.replaces },
    "added an uploaded page to the corpus",
  );
  for (const part of splitHtml(
    `${escapeHtml(t.uploadSaved(placement.path, staged.replaces))}\n\n${t.uploadSplit(articles)}`,
  ))
    await say(part);
  await reindex(ctx, lang);
}

/** The uploaded file's bytes; or how large it turned out to be; or that it could not be fetched (logged). */
async function download(
  ctx: Context,
  doc: Document,
  deps: AdminDeps,
): Promise<{ bytes: Buffer } | { tooLarge: number } | { failed: true }> {
  try {
    const file = await ctx.api.getFile(doc.file_id);
    if (!file.file_path) throw new NewsQaError("getFile returned no file_path");
    if (file.file_size !== undefined && file.file_size > deps.maxUploadBytes)
      return { tooLarge: file.file_size };
    const source = file.file_path.startsWith("/")
      ? { localPath: file.file_path }
      : { url: `${deps.apiRoot ?? DEFAULT_API_ROOT}/file/bot${deps.token}/${file.file_path}` };
    return { bytes: await fetchFile(source, deps.maxUploadBytes) };
  } catch (err) {
    if (err instanceof UploadTooLargeError) return { tooLarge: err.bytes };
    // The download URL holds the token, so only the error's kind and message are logged.
    deps.logger.error({ fileId: doc.file_id, err: errorSummary(err) }, "could not download an uploaded file");
    return { failed: true };
  }
}

/** The staged page's articles, or why it cannot be read (the staged file is then discarded). */
async function readStaged(
  staged: Awaited<ReturnType<typeof stagePage>>,
  corpusDir: string,
): Promise<{ articles: { title: string; kind: string; chars: number }[] } | { unreadable: string }> {
  try {
    const page = await readPage(staged.staged, corpusDir);
    const articles = page.articles.map((a) => ({
      title: escapeHtml(a.title.replace(/\s+/g, " ").trim()),
      kind: a.kind,
      chars: [...a.text].length,
    }));
    return { articles };
  } catch (err) {
    await staged.discard();
    if (!(err instanceof PageReadError)) throw err;
    return { unreadable: err.message.replace(/^[^:]*: /, "") };
  }
}

/** "3天4小时5分" / "3d 4h 5m"; seconds only under a minute. */
export function formatDuration(ms: number, lang: Lang): string {
  const s = Math.floor(ms / 1000);
  const units: [number, string, string][] = [
    [Math.floor(s / 86_400), "天", "d"],
    [Math.floor((s % 86_400) / 3600), "小时", "h"],
    [Math.floor((s % 3600) / 60), "分", "m"],
  ];
  const shown = units
    .filter(([n]) => n > 0)
    .map(([n, zh, en]) => (lang === "zh" ? `${n}${zh}` : `${n}${en}`));
  if (shown.length === 0) return lang === "zh" ? `${s}秒` : `${s}s`;
  return shown.join(lang === "zh" ? "" : " ");
}

function errorSummary(err: unknown): { name: string; message: string } {
  if (!(err instanceof Error)) return { name: typeof err, message: String(err) };
  return { name: err.name, message: err.message.replace(/bot\d+:[\w-]+/g, "bot[redacted]") };
}
