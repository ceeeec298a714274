/**
 * Answers each update once, however often it is delivered (see state/update-claims.ts). Installed
 * first, before anything reads or answers the update. A duplicate of an answered update is
 * acknowledged without a word; one another replica is answering throws UpdateBusyError, which the
 * webhook turns into a 503 so the update comes again later. While the answer is made the claim's
 * lease is renewed, so a slow answer is not taken over; a replica that dies stops renewing it.
 */
import type { Context, MiddlewareFn } from "grammy";
import { NewsQaError, SharedStateError, UpdateBusyError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { UpdateClaims } from "../state/update-claims.js";

export interface ClaimsOptions {
  leaseMs: number;
  /**
   * Long polling: nobody delivers an update again, so one claimed by another process (the one that
   * died holding it, before a restart) is waited for until its lease runs out, then answered.
   * Webhooks leave it to the redelivery (503).
   */
  waitWhenBusy: boolean;
}

export function claimsMiddleware(
  claims: UpdateClaims,
  opts: ClaimsOptions,
  logger: Logger,
): MiddlewareFn<Context> {
  const { leaseMs } = opts;
  const shared = async <T>(what: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw err instanceof NewsQaError ? err : new SharedStateError(what, { cause: err });
    }
  };
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    let claim = await shared("claim an update", () => claims.claim(id));
    // A lease always runs out, so this ends within about one lease.
    while (claim === "busy" && opts.waitWhenBusy) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, leaseMs / 3)));
      claim = await shared("claim an update", () => claims.claim(id));
    }
    if (claim === "done") {
      logger.info({ update_id: id }, "duplicate of an answered update: acknowledged, not answered again");
      return;
    }
    if (claim === "poison") {
      logger.error(
        { update_id: id },
        "update claimed again and again without an answer (it kills its replica?): skipped",
      );
      return;
    }
    if (claim === "busy") throw new UpdateBusyError(id);
    const renew = setInterval(() => {
      claims
        .renew(id)
        .catch((err: unknown) => logger.warn({ err, update_id: id }, "could not renew an update's claim"));
    }, leaseMs / 3);
    try {
      await next();
    } catch (err) {
      clearInterval(renew);
      await claims.release(id).catch(() => undefined);
      throw err;
    }
    clearInterval(renew);
    await shared("mark an update answered", () => claims.complete(id));
  };
}
