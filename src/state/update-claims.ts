/**
 * Which updates are answered, so an update delivered twice is answered once: again after its 200
 * (Telegram, or a load balancer, retrying), or to two replicas at the same moment. A replica claims
 * an update with a lease before answering it and marks it done after; a claim left by a replica
 * that died expires with its lease, and the next delivery is answered by whoever gets it.
 *
 * An update claimed this many times without being answered killed whoever took it each time (a
 * native crash, an out-of-memory kill): it is skipped, so replicas do not die one after another.
 */
export const MAX_CLAIMS = 3;

/**
 * - `claimed`: this replica answers it now, and calls complete() or release() after.
 * - `done`: already answered; acknowledge it without answering again.
 * - `busy`: another replica holds a live claim; ask for it to be delivered again later.
 * - `poison`: claimed {@link MAX_CLAIMS} times and never answered; skipped.
 */
export type Claim = "claimed" | "done" | "busy" | "poison";

export interface UpdateClaims {
  claim(updateId: number): Promise<Claim>;
  /** Extends this replica's lease while it is still answering. */
  renew(updateId: number): Promise<void>;
  /** Marks the update answered (kept for a day, far longer than any redelivery). */
  complete(updateId: number): Promise<void>;
  /** Gives the claim up unanswered, so a redelivery may claim it at once. */
  release(updateId: number): Promise<void>;
}

/** How long an answered update is remembered, in milliseconds. */
export const DONE_TTL_MS = 24 * 60 * 60 * 1000;
/** Answered updates one process remembers; redeliveries come within minutes, so old ones can go. */
const MAX_REMEMBERED = 50_000;

/** Claims for one process (no REDIS_URL): duplicates delivered to it are still answered once. */
export function createMemoryClaims(opts: { leaseMs: number; now?: () => number }): UpdateClaims {
  const now = opts.now ?? Date.now;
  const updates = new Map<number, { done: boolean; until: number; claims: number }>();
  const forgetOld = () => {
    while (updates.size > MAX_REMEMBERED) updates.delete(updates.keys().next().value!);
  };
  return {
    async claim(id) {
      const u = updates.get(id);
      if (u?.done) return "done";
      if (u && u.until > now()) return "busy";
      const claims = (u?.claims ?? 0) + 1;
      if (claims > MAX_CLAIMS) {
        updates.set(id, { done: true, until: 0, claims });
        return "poison";
      }
      updates.set(id, { done: false, until: now() + opts.leaseMs, claims });
      forgetOld();
      return "claimed";
    },
    async renew(id) {
      const u = updates.get(id);
      if (u && !u.done) u.until = now() + opts.leaseMs;
    },
    async complete(id) {
      updates.set(id, { done: true, until: 0, claims: updates.get(id)?.claims ?? 1 });
    },
    async release(id) {
      const u = updates.get(id);
      if (u && !u.done) u.until = 0;
    },
  };
}
