/**
 * Which fetched updates are still being handled, and so which getUpdates offset is safe to send.
 *
 * Telegram forgets every update below the offset of a getUpdates call, so the offset may only pass
 * an update once it, and every update fetched before it, has been answered. Until then Telegram
 * returns those updates again on every call, and the ledger tells them apart from new ones.
 */

/** What the ledger needs of an AbortSignal (the runner passes a polyfilled one). */
export interface StopSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export class UpdateLedger {
  /** The highest update_id taken; -1 before the first. */
  private highest = -1;
  /** Taken updates not yet passed by the offset, in the order taken (which is update_id order). */
  private readonly open: number[] = [];
  private readonly finished = new Set<number>();
  private handlingCount = 0;
  private readonly onAdvance = new Set<() => void>();
  private readonly onIdle = new Set<() => void>();

  /**
   * The offset for the next getUpdates: 1 + the highest update_id such that it and every update
   * taken before it are done. 0 (Telegram's "from the first unconfirmed") before anything is taken.
   */
  get offset(): number {
    return this.open[0] ?? this.highest + 1;
  }

  /** Updates taken and not yet done. */
  get handling(): number {
    return this.handlingCount;
  }

  /**
   * From a getUpdates result asked for with `askedOffset`, takes the updates not taken before (at
   * most `max`, in order) and returns them. The rest are left to a later call: the offset does not
   * pass them, so Telegram returns them again.
   */
  take<U extends { update_id: number }>(updates: readonly U[], askedOffset: number, max: number): U[] {
    const fresh: U[] = [];
    for (const update of updates) {
      if (fresh.length >= max) break;
      const id = update.update_id;
      // Below the offset asked with, it cannot be one of ours (those were confirmed by that very
      // call): Telegram numbers updates afresh after a week without any, so this is a new one.
      if (id <= this.highest && id >= askedOffset) continue;
      this.highest = id;
      this.open.push(id);
      this.handlingCount++;
      fresh.push(update);
    }
    return fresh;
  }

  /** Marks a taken update as answered (or failed and apologised for): the offset may pass it. */
  done(id: number): void {
    if (!this.open.includes(id) || this.finished.has(id)) return;
    this.finished.add(id);
    this.handlingCount--;
    let advanced = false;
    while (this.open.length > 0 && this.finished.delete(this.open[0]!)) {
      this.open.shift();
      advanced = true;
    }
    if (advanced) wakeAll(this.onAdvance);
    if (this.handlingCount === 0) wakeAll(this.onIdle);
  }

  /** Resolves when the offset moves on, after `ms`, or when `signal` aborts, whichever is first. */
  advanced(ms: number, signal?: StopSignal): Promise<void> {
    return waitOn(this.onAdvance, ms, signal);
  }

  /** Resolves true once nothing taken is being handled, or false after `ms`. */
  async idle(ms: number): Promise<boolean> {
    if (this.handlingCount === 0) return true;
    await waitOn(this.onIdle, ms);
    return this.handlingCount === 0;
  }
}

function wakeAll(waiters: Set<() => void>): void {
  for (const wake of [...waiters]) wake();
}

function waitOn(waiters: Set<() => void>, ms: number, signal?: StopSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const wake = () => {
      clearTimeout(timer);
      waiters.delete(wake);
      signal?.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    waiters.add(wake);
    signal?.addEventListener("abort", wake);
  });
}
