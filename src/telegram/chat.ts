/** How the bot tells what is meant for it in a chat, and how it answers there. */
import type { Context } from "grammy";

/** In groups an answer quotes the asking message, so everyone sees what it answers; in private chats it need not. */
export function replyTo(ctx: Context): {
  reply_parameters?: { message_id: number; allow_sending_without_reply: true };
} {
  if (!ctx.msg || ctx.chat?.type === "private") return {};
  return { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
}

/** @botname as a word of its own, case-insensitively (Telegram usernames are case-insensitive). */
export function mentionPattern(username: string): RegExp {
  return new RegExp(`(?<![\\w@])@${username}(?!\\w)`, "gi");
}

/** A message that replies to one of the bot's messages. */
export function isReplyToBot(ctx: Context): boolean {
  return ctx.msg?.reply_to_message?.from?.id === ctx.me.id;
}

/** Media or a document aimed at the bot in a group: a reply to it, or a caption mentioning it. */
export function isAimedAtBot(ctx: Context): boolean {
  if (!ctx.msg) return false;
  return isReplyToBot(ctx) || mentionPattern(ctx.me.username).test(ctx.msg.caption ?? "");
}
