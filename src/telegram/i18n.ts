/**
 * What the bot says, in the two languages it speaks. Chinese for `zh*` language codes (zh, zh-hans,
 * zh-TW…), English for everyone else, including users whose client sends no language at all.
 */
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
  sourceButton(n: number): string;
  page(page: string): string;
}

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
      "/ask 问题 — 提问",
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
  sourceButton: (n) => `查看来源 [${n}]`,
  page: (page) => `第${page}版`,
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
      "/ask question — ask a question",
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
  sourceButton: (n) => `Source [${n}]`,
  page: (page) => `第${page}版`,
};

export const messages: Record<Lang, Messages> = { zh, en };

/** Descriptions for setMyCommands: the default list is English, `zh` clients get the Chinese one. */
export const commandDescriptions: Record<Lang, { command: string; description: string }[]> = {
  en: [
    { command: "ask", description: "Ask a question about the newspapers" },
    { command: "help", description: "How to use this bot" },
    { command: "start", description: "Start and show usage" },
  ],
  zh: [
    { command: "ask", description: "就报纸内容提问" },
    { command: "help", description: "使用说明" },
    { command: "start", description: "开始并显示用法" },
  ],
};
