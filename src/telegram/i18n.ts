/**
 * What the bot says, in the two languages it speaks. Chinese for `zh*` language codes (zh, zh-hans,
 * zh-TW…), English for everyone else, including users whose client sends no language at all.
 */
import type { QaStatus, ReindexProgress, ReindexSummary } from "../types.js";
import type { RetryCounts } from "./retry-stats.js";

export type Lang = "zh" | "en";

export function langOf(languageCode: string | undefined): Lang {
  return languageCode?.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export interface Messages {
  help(botUsername: string): string;
  askUsage(botUsername: string): string;
  tooLong(length: number, max: number): string;
  rateLimited: string;
  apology: string;
  mediaHint: string;
  unknownCommand: string;
  sourcesHeading: string;
  staleSource: string;
  /** A source button under a message sent in inline mode: there is no chat to show the passage in. */
  sourceNotHere: string;
  /** A button no handler knows (an old version's, or data that is garbage or missing). */
  unknownButton: string;
  sourceButton(n: number): string;
  page(page: string): string;
  /** Added to /help for admins; `maxMb` is the upload limit. */
  adminHelp(maxMb: number): string;
  newSession: string;
  /** Shown above an answer whose question was completed from the chat's earlier questions. */
  understoodAs(question: string): string;
  adminOnly: string;
  reindexStarted: string;
  reindexProgress(phase: ReindexProgress["phase"], done: number, total: number): string;
  reindexSummary(s: ReindexSummary): string;
  reindexFailed(reason: string): string;
  /** A re-index asked for while another runs (this process, another one, or another replica). */
  reindexBusy: string;
  status(
    s: QaStatus & { uptime: string; reindexing: boolean; turnsKept: number; retries: RetryCounts },
  ): string;
  uploadWrongType: string;
  uploadTooLarge(sizeMb: string, maxMb: number): string;
  uploadBadName(name: string): string;
  uploadDownloadFailed: string;
  uploadUnreadable(reason: string): string;
  uploadSaved(path: string, replaced: boolean): string;
  uploadSplit(articles: { title: string; kind: string; chars: number }[]): string;
  uploadNotIndexed(reason: string): string;
}

/** Failed pages listed in a re-index summary; the rest are counted. */
const FAILED_SHOWN = 5;
/** Article titles listed after an upload; the rest are counted. */
const TITLES_SHOWN = 30;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

// Questions and citations are about Chinese newspapers, so the examples stay Chinese in both languages.
const EXAMPLE = "清远高新区在2020年度国家高新区评价中综合排名第几？";

const zh: Messages = {
  help: (bot) =>
    [
      "<b>报纸问答机器人</b>",
      "我根据报纸版面回答问题，并用 [n] 标出每句话出自哪篇文章。",
      "",
      "<b>怎么问</b>",
      `• 私聊：直接发送问题，例如：${EXAMPLE}`,
      `• 群聊：@${bot} 加问题，回复我的消息，或者 /ask 问题`,
      "• 点答案下面的来源按钮，可以查看被引用的原文。",
      "",
      "• 可以接着追问，例如“那它的总经理是谁？”。",
      "",
      "/ask 问题 — 提问",
      "/new — 忘记之前的问题，重新开始",
      "/help — 显示本说明",
    ].join("\n"),
  askUsage: (bot) => `请在命令后面写上问题，例如：\n/ask ${EXAMPLE}\n在群里也可以 @${bot} 加问题。`,
  tooLong: (length, max) => `问题太长了（${length} 字）。请把问题控制在 ${max} 字以内。`,
  rateLimited: "提问太快了，请稍等片刻再问。",
  apology: "抱歉，处理这条消息时出错了。请稍后再试。",
  mediaHint: "我只能回答文字问题。请用文字发送你的问题，或发送 /help 查看用法。",
  unknownCommand: "没有这个命令。发送 /help 查看用法。",
  sourcesHeading: "来源",
  staleSource: "这条来源已不在当前索引中（索引可能已更新）。请重新提问以获得最新来源。",
  sourceNotHere: "这里无法显示原文。请在与我的私聊中提问，再点来源按钮查看。",
  unknownButton: "这个按钮已经失效。请重新提问。",
  sourceButton: (n) => `查看来源 [${n}]`,
  page: (page) => `第${page}版`,
  adminHelp: (maxMb) =>
    [
      "",
      "<b>管理员</b>",
      "/reindex — 增量重建索引",
      "/status — 索引规模、上次构建、嵌入模型、回答方式、运行时长",
      `• 以文件形式发送 .txt 或 .pdf 版面（不超过 ${maxMb} MB）即可加入语料库；说明文字可写报纸、日期和版次，例如：科技日报 2021-04-26 5`,
    ].join("\n"),
  newSession: "好的，已忘记之前的对话。接下来的问题会单独理解。",
  understoodAs: (q) => `（理解为：${q}）`,
  adminOnly: "抱歉，这个功能只对管理员开放。提问请直接发送问题，或发送 /help 查看用法。",
  reindexStarted: "正在重建索引…",
  reindexProgress: (phase, done, total) =>
    `正在重建索引：${{ scan: "扫描语料", read: "读取版面", embed: "生成向量", write: "写入索引" }[phase]} ${done}/${total}`,
  reindexSummary: (s) =>
    [
      `<b>索引已更新</b>（用时 ${seconds(s.ms)} 秒）`,
      `新增 ${s.added} · 修改 ${s.changed} · 删除 ${s.removed} · 未变 ${s.unchanged} · 失败 ${s.failed.length}`,
      `共 ${s.chunks} 个段落，本次向量化 ${s.embedded} 个`,
      ...s.failed.slice(0, FAILED_SHOWN).map((f) => `• ${f.source}：${f.reason}`),
      ...(s.failed.length > FAILED_SHOWN ? [`…另有 ${s.failed.length - FAILED_SHOWN} 个失败`] : []),
    ].join("\n"),
  reindexFailed: (reason) => `重建索引失败，仍在使用原来的索引。原因：${reason}`,
  reindexBusy: "另一个重建索引任务正在进行，仍在使用原来的索引。请等它完成后再试。",
  status: (s) =>
    [
      "<b>状态</b>",
      `索引：${s.pages} 个版面，${s.chunks} 个段落`,
      `上次构建：${s.builtAt}`,
      `嵌入模型：${s.embedder}`,
      `回答方式：${s.answerer}`,
      `运行时长：${s.uptime}`,
      `对话记忆：${s.turnsKept} 轮`,
      `Bot API 重试：${s.retries.retries} 次，其中发送消息 ${s.retries.sendRetries} 次（可能重复送达 ${s.retries.possibleDuplicates} 次）`,
      ...(s.reindexing ? ["正在重建索引（期间仍用旧索引回答）"] : []),
    ].join("\n"),
  uploadWrongType: "只能加入 .txt 或 .pdf 格式的版面文件。",
  uploadTooLarge: (size, max) => `文件太大（${size} MB），上限是 ${max} MB。`,
  uploadBadName: (name) =>
    `文件名或说明“${name}”含有路径或无法用作文件名，没有加入。请用普通的文件名重新发送。`,
  uploadDownloadFailed: "无法从 Telegram 下载这个文件，请稍后再发一次。",
  uploadUnreadable: (reason) => `这个版面读不出文章，没有加入语料库。原因：${reason}`,
  uploadSaved: (path, replaced) => `${replaced ? "已替换" : "已保存"}：${path}`,
  uploadSplit: (articles) =>
    [
      `<b>版面分成 ${articles.length} 篇</b>`,
      ...articles
        .slice(0, TITLES_SHOWN)
        .map(
          (a, i) =>
            `${i + 1}. ${a.title || "（无标题）"}${a.kind === "caption" ? "（图片说明）" : ""} · ${a.chars} 字`,
        ),
      ...(articles.length > TITLES_SHOWN ? [`…另有 ${articles.length - TITLES_SHOWN} 篇`] : []),
    ].join("\n"),
  uploadNotIndexed: (reason) => `文件已保存，但索引没有更新，仍在使用原来的索引。原因：${reason}`,
};

const en: Messages = {
  help: (bot) =>
    [
      "<b>Newspaper Q&amp;A bot</b>",
      "I answer questions from Chinese newspaper pages and mark with [n] which article each sentence comes from.",
      "",
      "<b>How to ask</b>",
      `• In a private chat: just send the question, e.g. ${EXAMPLE}`,
      `• In a group: mention me (@${bot} your question), reply to one of my messages, or use /ask your question`,
      "• Tap a source button under an answer to read the cited passage.",
      "",
      "• Follow-up questions work too, e.g. 那它的总经理是谁？",
      "",
      "/ask question — ask a question",
      "/new — forget earlier questions and start afresh",
      "/help — show this help",
    ].join("\n"),
  askUsage: (bot) =>
    `Please put your question after the command, e.g.\n/ask ${EXAMPLE}\nIn groups you can also write @${bot} followed by the question.`,
  tooLong: (length, max) =>
    `That question is too long (${length} characters). Please keep it under ${max} characters.`,
  rateLimited: "You are asking too fast. Please wait a moment and try again.",
  apology: "Sorry, something went wrong while handling that message. Please try again later.",
  mediaHint: "I can only answer text questions. Please type your question, or send /help to see how.",
  unknownCommand: "I don't know that command. Send /help to see what I can do.",
  sourcesHeading: "Sources",
  staleSource:
    "This source is no longer in the current index (it was probably re-indexed). Ask again for fresh sources.",
  sourceNotHere: "The passage can't be shown here. Ask me in a private chat and tap the source button there.",
  unknownButton: "This button no longer works. Please ask your question again.",
  sourceButton: (n) => `Source [${n}]`,
  page: (page) => `第${page}版`,
  adminHelp: (maxMb) =>
    [
      "",
      "<b>Admins</b>",
      "/reindex — re-index the corpus (incremental)",
      "/status — index size, last build, embedder, answerer, uptime",
      `• Send a .txt or .pdf page as a file (up to ${maxMb} MB) to add it to the corpus; the caption may give paper, date and page, e.g. 科技日报 2021-04-26 5`,
    ].join("\n"),
  newSession: "OK, I've forgotten our earlier questions. The next one starts afresh.",
  understoodAs: (q) => `(Understood as: ${q})`,
  adminOnly: "Sorry, only the bot's admins can do that. To ask a question, just send it, or send /help.",
  reindexStarted: "Re-indexing…",
  reindexProgress: (phase, done, total) =>
    `Re-indexing: ${{ scan: "scanning the corpus", read: "reading pages", embed: "embedding", write: "writing the index" }[phase]} ${done}/${total}`,
  reindexSummary: (s) =>
    [
      `<b>Index updated</b> in ${seconds(s.ms)} s`,
      `added ${s.added} · changed ${s.changed} · removed ${s.removed} · unchanged ${s.unchanged} · failed ${s.failed.length}`,
      `${s.chunks} chunks in all, ${s.embedded} embedded this time`,
      ...s.failed.slice(0, FAILED_SHOWN).map((f) => `• ${f.source}: ${f.reason}`),
      ...(s.failed.length > FAILED_SHOWN ? [`…and ${s.failed.length - FAILED_SHOWN} more failed`] : []),
    ].join("\n"),
  reindexFailed: (reason) => `Re-indexing failed; the previous index is still in use. Reason: ${reason}`,
  reindexBusy:
    "Another re-index is running; the previous index is still in use. Try again when it has finished.",
  status: (s) =>
    [
      "<b>Status</b>",
      `Index: ${s.pages} pages, ${s.chunks} chunks`,
      `Last build: ${s.builtAt}`,
      `Embedder: ${s.embedder}`,
      `Answerer: ${s.answerer}`,
      `Uptime: ${s.uptime}`,
      `Follow-up memory: ${s.turnsKept} turns`,
      `Bot API retries: ${s.retries.retries}, of them sends ${s.retries.sendRetries} (possibly delivered twice: ${s.retries.possibleDuplicates})`,
      ...(s.reindexing ? ["Re-indexing now (questions are answered from the previous index meanwhile)"] : []),
    ].join("\n"),
  uploadWrongType: "Only .txt and .pdf page files can be added.",
  uploadTooLarge: (size, max) => `That file is too large (${size} MB); the limit is ${max} MB.`,
  uploadBadName: (name) =>
    `The name "${name}" (file name or caption) contains a path or cannot be used as a file name, so the file was not added. Please send it under a plain name.`,
  uploadDownloadFailed: "I could not download that file from Telegram. Please send it again later.",
  uploadUnreadable: (reason) =>
    `No articles could be read from that page, so it was not added. Reason: ${reason}`,
  uploadSaved: (path, replaced) => `${replaced ? "Replaced" : "Saved"}: ${path}`,
  uploadSplit: (articles) =>
    [
      `<b>The page splits into ${articles.length} article${articles.length === 1 ? "" : "s"}</b>`,
      ...articles
        .slice(0, TITLES_SHOWN)
        .map(
          (a, i) =>
            `${i + 1}. ${a.title || "(untitled)"}${a.kind === "caption" ? " (caption)" : ""} · ${a.chars} chars`,
        ),
      ...(articles.length > TITLES_SHOWN ? [`…and ${articles.length - TITLES_SHOWN} more`] : []),
    ].join("\n"),
  uploadNotIndexed: (reason) =>
    `The file was saved, but the index was not updated; the previous index is still in use. Reason: ${reason}`,
};

export const messages: Record<Lang, Messages> = { zh, en };

/** Descriptions for setMyCommands: the default list is English, `zh` clients get the Chinese one. */
export const commandDescriptions: Record<Lang, { command: string; description: string }[]> = {
  en: [
    { command: "ask", description: "Ask a question about the newspapers" },
    { command: "new", description: "Forget earlier questions and start afresh" },
    { command: "help", description: "How to use this bot" },
    { command: "start", description: "Start and show usage" },
  ],
  zh: [
    { command: "ask", description: "就报纸内容提问" },
    { command: "new", description: "忘记之前的问题，重新开始" },
    { command: "help", description: "使用说明" },
    { command: "start", description: "开始并显示用法" },
  ],
};
