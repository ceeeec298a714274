/**
 * "Show source" buttons. The callback data carries the chunk's stable id, not in-memory state, so a
 * button under an answer from last week still works after restarts, and one whose chunk was
 * re-indexed away gets a polite answer instead of an error.
 */
import { Composer, type Context, InlineKeyboard } from "grammy";
import type { Logger } from "../logger.js";
import { normalizeText } from "../text/normalize.js";
import type { Citation, QaService } from "../types.js";
import { renderPassage } from "./format.js";
import { type Lang, langOf, messages } from "./i18n.js";

const PREFIX = "src:";
/** Telegram's limit on callback data, in bytes. */
const MAX_CALLBACK_BYTES = 64;

/** Callback data for a source button, or undefined when the id would not fit Telegram's 64 bytes. */
export function sourceCallbackData(chunkId: string): string | undefined {
  const data = `${PREFIX}${chunkId}`;
  return Buffer.byteLength(data, "utf8") <= MAX_CALLBACK_BYTES ? data : undefined;
}

/** One button per citation, in [n] order, each on its own row. Undefined when there is nothing to show. */
export function sourceKeyboard(citations: readonly Citation[], lang: Lang): InlineKeyboard | undefined {
  const rows = [...citations]
    .sort((a, b) => a.n - b.n)
    .flatMap((c) => {
      const data = sourceCallbackData(c.chunkId);
      return data ? [[InlineKeyboard.text(messages[lang].sourceButton(c.n), data)]] : [];
    });
  return rows.length ? new InlineKeyboard(rows) : undefined;
}

export function sourcesComposer(deps: { qa: QaService; logger: Logger }): Composer<Context> {
  const composer = new Composer<Context>();
  composer.callbackQuery(/^src:(.+)$/, async (ctx) => {
    const lang = langOf(ctx.from.language_code);
    // Invisible characters a client lets into the data (a zero-width space) are no part of an id.
    const id = normalizeText(ctx.match[1]!);
    const chunk = deps.qa.chunk(id);
    if (!chunk) {
      deps.logger.info({ chunkId: id }, "source button for a chunk no longer in the index");
      await ctx.answerCallbackQuery({ text: messages[lang].staleSource, show_alert: true });
      return;
    }
    const message = ctx.callbackQuery.message;
    // A button on a message sent in inline mode comes without the message or its chat: there is
    // nowhere to post the passage, so the reader is told where it can be read instead.
    if (!message) {
      await ctx.answerCallbackQuery({ text: messages[lang].sourceNotHere, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const n = citationNumber(ctx, ctx.callbackQuery.data);
    for (const part of renderPassage(chunk, { lang, n })) {
      await ctx.reply(part, {
        parse_mode: "HTML",
        reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
      });
    }
  });
  return composer;
}

/** The [n] of the tapped button, read back from the keyboard of the message it sits under. */
function citationNumber(ctx: Context, data: string): number | undefined {
  const message = ctx.callbackQuery?.message;
  const rows = message && "reply_markup" in message ? message.reply_markup?.inline_keyboard : undefined;
  const button = rows?.flat().find((b) => "callback_data" in b && b.callback_data === data);
  const n = button?.text.match(/\[(\d+)\]/)?.[1];
  return n ? Number(n) : undefined;
}
