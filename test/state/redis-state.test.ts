/**
 * Shared state against a real redis-server (started here on a free loopback port): two replicas'
 * worth of state objects on one Redis, as two processes would have.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisState, type RedisState } from "../../src/state/redis-state.js";
import { createMemoryClaims, MAX_CLAIMS } from "../../src/state/update-claims.js";
import { hasRedisServer, REDIS_MISSING, type RedisServer, startRedis } from "../support/redis-server.js";

const turn = (question: string) => ({ question, resolved: question, answer: "答", at: Date.now() });

describe.skipIf(!hasRedisServer())("shared state in Redis", () => {
  let redis: RedisServer;
  let a: RedisState;
  let b: RedisState;
  const session = { maxTurns: 2, ttlMs: 60_000 };
  beforeAll(async () => {
    redis = (await startRedis())!;
    a = createRedisState({ url: redis.url, leaseMs: 300, session });
    b = createRedisState({ url: redis.url, leaseMs: 300, session });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it("lets one replica claim an update; the other is told it is busy, then that it is done", async () => {
    expect(await a.claims.claim(1)).toBe("claimed");
    expect(await b.claims.claim(1)).toBe("busy");
    expect(await a.claims.claim(1)).toBe("busy");
    await a.claims.complete(1);
    expect(await b.claims.claim(1)).toBe("done");
    expect(await a.claims.claim(1)).toBe("done");
  });

  it("hands an update to another replica once the claimant's lease runs out, and not while it renews", async () => {
    expect(await a.claims.claim(2)).toBe("claimed");
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 120));
      await a.claims.renew(2);
    }
    expect(await b.claims.claim(2)).toBe("busy");
    // a stops renewing (it died): the lease expires and b takes the update over.
    await new Promise((r) => setTimeout(r, 400));
    expect(await b.claims.claim(2)).toBe("claimed");
    // a's late renewal or release cannot take it back from b.
    await a.claims.renew(2);
    await a.claims.release(2);
    expect(await a.claims.claim(2)).toBe("busy");
  });

  it("frees a released claim at once for a redelivery", async () => {
    expect(await a.claims.claim(3)).toBe("claimed");
    await a.claims.release(3);
    expect(await b.claims.claim(3)).toBe("claimed");
  });

  it(`skips an update claimed ${MAX_CLAIMS} times without an answer (it kills whoever takes it)`, async () => {
    for (let i = 0; i < MAX_CLAIMS; i++) {
      expect(await (i % 2 ? b : a).claims.claim(4)).toBe("claimed");
      await (i % 2 ? b : a).claims.release(4);
    }
    expect(await a.claims.claim(4)).toBe("poison");
    expect(await b.claims.claim(4)).toBe("done");
  });

  it("shares a chat's last turns between replicas, bounded, and forgets them on /new", async () => {
    await a.sessions.record(10, turn("一"));
    await b.sessions.record(10, turn("二"));
    await a.sessions.record(10, turn("三"));
    expect((await b.sessions.history(10)).map((t) => t.question)).toEqual(["二", "三"]);
    expect(await a.sessions.history(11)).toEqual([]);
    await b.sessions.forget(10);
    expect(await a.sessions.history(10)).toEqual([]);
  });

  it("lets one replica build at a time", async () => {
    let release!: () => void;
    const first = a.buildLock.run(() => new Promise<string>((r) => (release = () => r("built"))));
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.buildLock.run(async () => "second")).toBeUndefined();
    release();
    expect(await first).toEqual({ value: "built" });
    expect(await b.buildLock.run(async () => "second")).toEqual({ value: "second" });
  });
});

// Said where it applies only: the suite above is skipped without redis-server.
if (!hasRedisServer()) describe("shared state in Redis", () => it.skip(REDIS_MISSING, () => {}));

describe("update claims in one process (no REDIS_URL)", () => {
  it("answer a duplicate once, hand over an expired claim, and skip a repeated killer", async () => {
    let now = 0;
    const claims = createMemoryClaims({ leaseMs: 1_000, now: () => now });
    expect(await claims.claim(1)).toBe("claimed");
    expect(await claims.claim(1)).toBe("busy");
    await claims.complete(1);
    expect(await claims.claim(1)).toBe("done");
    expect(await claims.claim(2)).toBe("claimed");
    now = 1_001;
    expect(await claims.claim(2)).toBe("claimed");
    now = 2_002;
    expect(await claims.claim(2)).toBe("claimed");
    now = 3_003;
    expect(await claims.claim(2)).toBe("poison");
  });
});
