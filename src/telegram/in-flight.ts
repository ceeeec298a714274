/**
 * Counts the updates being handled, so a shutdown can wait for the answers in flight. The runner
 * knows this for long polling; a webhook server does not (grammY answers Telegram before a slow
 * update is done), so the bot counts for itself.
 */
import type { Context, MiddlewareFn } from "grammy";

/** What a shutdown did with the updates in hand when it began. */
export interface StopResult {
  /** Answered before the grace period ran out. */
  finished: number;
  /** Still being handled when it ran out; never confirmed to Telegram, which sends them again. */
  abandoned: number;
}

export class InFlight {
  private count = 0;
  private idle: (() => void)[] = [];

  /** Updates being handled right now. */
  get size(): number {
    return this.count;
  }

  /** Install first, so it sees every update through to the end of its handling. */
  middleware(): MiddlewareFn<Context> {
    return async (_ctx, next) => {
      this.count++;
      try {
        await next();
      } finally {
        this.count--;
        if (this.count === 0) for (const wake of this.idle.splice(0)) wake();
      }
    };
  }

  /** Resolves once no update is being handled, or after `timeoutMs`; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idle = this.idle.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idle.push(wake);
    });
  }
}
