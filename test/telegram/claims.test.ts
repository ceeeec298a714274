/**
 * The claims middleware in front of every update (src/telegram/claims.ts), over in-memory claims:
 * a duplicate is not handled again; in long polling, an update still claimed by a process that died
 * is handled once that claim's lease runs out instead of being dropped.
 */
import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { UpdateBusyError } from "../../src/errors.js";
import { createMemoryClaims } from "../../src/state/update-claims.js";
import { claimsMiddleware } from "../../src/telegram/claims.js";
import { captureLogger } from "./helpers.js";

const update = (id: number) => ({ update: { update_id: id } }) as unknown as Context;

describe("claims in front of the bot", () => {
  it("handles an update once, however often it comes", async () => {
    const claims = createMemoryClaims({ leaseMs: 1_000 });
    const mw = claimsMiddleware(claims, { leaseMs: 1_000, waitWhenBusy: false }, captureLogger().logger);
    let handled = 0;
    await mw(update(1), async () => {
      handled++;
    });
    await mw(update(1), async () => {
      handled++;
    });
    expect(handled).toBe(1);
  });

  it("in long polling, waits out a dead process's claim and then handles the update", async () => {
    const claims = createMemoryClaims({ leaseMs: 300 });
    expect(await claims.claim(7)).toBe("claimed"); // the process that died held it
    const mw = claimsMiddleware(claims, { leaseMs: 300, waitWhenBusy: true }, captureLogger().logger);
    let handled = 0;
    await mw(update(7), async () => {
      handled++;
    });
    expect(handled).toBe(1);
    expect(await claims.claim(7)).toBe("done");
  });

  it("by webhook, asks for the update again instead (503)", async () => {
    const claims = createMemoryClaims({ leaseMs: 60_000 });
    await claims.claim(9);
    const mw = claimsMiddleware(claims, { leaseMs: 60_000, waitWhenBusy: false }, captureLogger().logger);
    await expect(mw(update(9), async () => {})).rejects.toBeInstanceOf(UpdateBusyError);
  });
});
