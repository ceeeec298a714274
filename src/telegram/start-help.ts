/** /start and /help: how to ask, in the user's language; admins also see what they can do. */
import { Composer, type Context } from "grammy";
import { escapeHtml } from "./format.js";
import { langOf, messages } from "./i18n.js";

export function startHelpComposer(opts: {
  adminIds: readonly number[];
  maxUploadBytes: number;
}): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command(["start", "help"], async (ctx) => {
    const t = messages[langOf(ctx.from?.language_code)];
    const admin = ctx.from !== undefined && opts.adminIds.includes(ctx.from.id);
    const adminPart = admin ? `\n${t.adminHelp(Math.round(opts.maxUploadBytes / 1024 / 1024))}` : "";
    await ctx.reply(t.help(escapeHtml(ctx.me.username)) + adminPart, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });
  return composer;
}
