/**
 * A message that changes while work goes on: a streamed answer, or re-index progress. The first
 * text is sent at once; later texts are edited in no more often than `minIntervalMs`, and only the
 * newest text waiting is shown, so a fast stream costs a bounded number of Bot API calls (Telegram
 * allows about one message per second per chat, twenty per minute in a group).
 */
import { type Api, GrammyError } from "grammy";
import type { InlineKeyboardMarkup, ReplyParameters } from "grammy/types";
import type { Logger } from "../logger.js";

/** Telegram allows a group about twenty messages a minute, edits included. */
const GROUP_INTERVAL_MS = 3_000;

/** The edit interval for a chat: `base` in private chats, at least three seconds in groups. */
export function editInterval(chatType: string | undefined, base: number): number {
  return chatType === "private" ? base : Math.max(base, GROUP_INTERVAL_MS);
}

export interface LiveMessageOptions {
  /** Least time between two edits, in milliseconds. */
  minIntervalMs: number;
  logger: Logger;
  /** Sent with the first message, e.g. to answer as a reply in a group. */
  replyParameters?: ReplyParameters;
}

export class LiveMessage {
  private messageId: number | undefined;
  private shown: string | undefined;
  private wanted: string | undefined;
  private busy: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastAt = 0;
  private finished = false;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly opts: LiveMessageOptions,
  ) {}

  /** Whether a message was sent (or is being sent) that {@link finish} will edit. */
  get started(): boolean {
    return this.messageId !== undefined || this.busy !== undefined;
  }

  /** Shows `html` (Telegram HTML, already escaped) soon. Ignored once finished. */
  update(html: string): void {
    if (this.finished || !html.trim()) return;
    this.wanted = html;
    this.schedule();
  }

  /**
   * Puts the final text in place once the edit in flight is done. Returns false when there is no
   * message to edit (nothing was ever shown, or the final edit failed), so the caller sends its own.
   */
  async finish(html: string, replyMarkup?: InlineKeyboardMarkup): Promise<boolean> {
    this.finished = true;
    clearTimeout(this.timer);
    await this.busy;
    if (this.messageId === undefined) return false;
    if (html === this.shown && !replyMarkup) return true;
    // The final edit keeps to the interval too; it is a message like any other to flood control.
    const wait = this.lastAt + this.opts.minIntervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      await this.api.editMessageText(this.chatId, this.messageId, html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        reply_markup: replyMarkup,
      });
      this.shown = html;
      return true;
    } catch (err) {
      // The message already reads so: an earlier attempt of this edit went through before failing
      // (a 5xx, then the retry). Sending the text again as a new message would show it twice.
      if (isNotModified(err)) {
        this.shown = html;
        return true;
      }
      this.opts.logger.warn({ err, chat: this.chatId }, "could not put the final text in the live message");
      return false;
    }
  }

  private schedule(): void {
    if (this.busy || this.timer) return;
    const wait = this.messageId === undefined ? 0 : this.lastAt + this.opts.minIntervalMs - Date.now();
    this.timer = setTimeout(() => this.flush(), Math.max(0, wait));
  }

  private flush(): void {
    this.timer = undefined;
    const html = this.wanted;
    if (this.finished || html === undefined || html === this.shown) return;
    this.busy = this.show(html)
      .then(() => {
        this.shown = html;
      })
      .catch((err: unknown) => {
        // A lost progress edit is harmless: the next one (or the final text) replaces it.
        this.opts.logger.debug({ err, chat: this.chatId }, "live message update failed");
      })
      .finally(() => {
        this.busy = undefined;
        this.lastAt = Date.now();
        if (!this.finished && this.wanted !== this.shown) this.schedule();
      });
  }

  private async show(html: string): Promise<void> {
    const other = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };
    if (this.messageId === undefined) {
      const sent = await this.api.sendMessage(this.chatId, html, {
        ...other,
        reply_parameters: this.opts.replyParameters,
      });
      this.messageId = sent.message_id;
    } else {
      await this.api.editMessageText(this.chatId, this.messageId, html, other);
    }
  }
}

function isNotModified(err: unknown): boolean {
  return (
    err instanceof GrammyError && err.error_code === 400 && /message is not modified/i.test(err.description)
  );
}
