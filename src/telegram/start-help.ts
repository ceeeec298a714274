/** /start and /help: how to ask, in the user's language. */
import { Composer, type Context } from "grammy";
import { escapeHtml } from "./format.js";
import { langOf, messages } from "./i18n.js";

export function startHelpComposer(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command(["start", "help"], async (ctx) => {
    const lang = langOf(ctx.from?.language_code);
    await ctx.reply(messages[lang].help(escapeHtml(ctx.me.username)), {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });
  return composer;
}
