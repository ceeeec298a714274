/**
 * Stickers, photos, voice and other media can't be asked about; a short hint says to type instead.
 * In groups only media aimed at the bot (a reply to it, or a caption mentioning it) gets the hint, so
 * the bot stays quiet among other people's pictures.
 */
import { Composer, type Context } from "grammy";
import { isAimedAtBot, replyTo } from "./chat.js";
import { langOf, messages } from "./i18n.js";

export function mediaHintsComposer(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(
    [
      "message:sticker",
      "message:photo",
      "message:voice",
      "message:video_note",
      "message:audio",
      "message:video",
      "message:animation",
    ],
    async (ctx, next) => {
      if (ctx.chat.type !== "private" && !isAimedAtBot(ctx)) return next();
      await ctx.reply(messages[langOf(ctx.from?.language_code)].mediaHint, replyTo(ctx));
    },
  );
  return composer;
}
