/** The offset polling sends: it passes an update only once that update and all before it are answered. */
import { describe, expect, it } from "vitest";
import { UpdateLedger } from "../../src/telegram/update-ledger.js";

const ids = (...list: number[]) => list.map((update_id) => ({ update_id }));

describe("the update ledger", () => {
  it("moves the offset past an update only when it and every earlier one are done", () => {
    const ledger = new UpdateLedger();
    expect(ledger.offset).toBe(0);
    expect(ledger.take(ids(5, 6, 7), 0, 100).map((u) => u.update_id)).toEqual([5, 6, 7]);
    expect(ledger.offset).toBe(5);
    ledger.done(6);
    ledger.done(7);
    expect(ledger.offset).toBe(5);
    ledger.done(5);
    expect(ledger.offset).toBe(8);
    expect(ledger.handling).toBe(0);
  });

  it("does not take an update twice when Telegram returns it again while it is being answered", () => {
    const ledger = new UpdateLedger();
    ledger.take(ids(1, 2), 0, 100);
    ledger.done(2);
    // Asked with offset 1: Telegram returns 1 and 2 again, and a new 3.
    expect(ledger.take(ids(1, 2, 3), 1, 100).map((u) => u.update_id)).toEqual([3]);
    expect(ledger.handling).toBe(2);
  });

  it("leaves updates beyond the batch size for a later call", () => {
    const ledger = new UpdateLedger();
    expect(ledger.take(ids(1, 2, 3), 0, 2).map((u) => u.update_id)).toEqual([1, 2]);
    expect(ledger.take(ids(1, 2, 3), 1, 2).map((u) => u.update_id)).toEqual([3]);
  });

  it("takes an update numbered below the offset, as Telegram numbers them after a quiet week", () => {
    const ledger = new UpdateLedger();
    ledger.take(ids(900), 0, 100);
    ledger.done(900);
    expect(ledger.take(ids(17), 901, 100).map((u) => u.update_id)).toEqual([17]);
    ledger.done(17);
    expect(ledger.offset).toBe(18);
  });

  it("wakes a waiting fetch when the offset moves, and reports when nothing is in hand", async () => {
    const ledger = new UpdateLedger();
    ledger.take(ids(1), 0, 100);
    const moved = ledger.advanced(60_000);
    const idle = ledger.idle(60_000);
    ledger.done(1);
    await moved;
    expect(await idle).toBe(true);
    expect(await ledger.idle(0)).toBe(true);
  });
});
