/**
 * State that replicas share through Redis (REDIS_URL): update claims, follow-up history and the
 * build lock. Each operation is one round trip, atomic in Redis (a Lua script or one command), so
 * two replicas never both win a claim or a lock. Rate limits use the same connection through
 * @grammyjs/ratelimiter's Redis store.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { SessionStore, Turn } from "./sessions.js";
import { type Claim, DONE_TTL_MS, MAX_CLAIMS, type UpdateClaims } from "./update-claims.js";

/**
 * Keys are prefixed, so one Redis can serve other programs. Update ids are per bot: two bots need two
 * Redis databases (redis://host:6379/1).
 */
export const KEY_PREFIX = "newsqa:";

/**
 * KEYS: done, lease, count. ARGV: owner, lease ms, done ttl ms, max claims.
 * Returns done | busy | poison | claimed.
 */
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'done' end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) == false then return 'busy' end
local n = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
if n > tonumber(ARGV[4]) then
  redis.call('SET', KEYS[1], 'poison', 'PX', ARGV[3])
  redis.call('DEL', KEYS[2])
  return 'poison'
end
return 'claimed'`;

/** KEYS: lease. ARGV: owner, lease ms. Extends the lease only while this owner holds it. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** KEYS: lease. ARGV: owner. Deletes the lease only while this owner holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface RedisStateOptions {
  url: string;
  leaseMs: number;
  session: { maxTurns: number; ttlMs: number };
  /**
   * Told of connection trouble (ioredis otherwise prints "Unhandled error event" to stderr),
   * at most once per outage; the client keeps reconnecting by itself.
   */
  onError?: (err: Error) => void;
  /** Told when the connection is back after trouble. */
  onReady?: () => void;
}

export interface RedisState {
  client: Redis;
  claims: UpdateClaims;
  sessions: SessionStore;
  buildLock: BuildLock;
  close(): Promise<void>;
}

/** One build at a time across replicas. */
export interface BuildLock {
  /** Runs `build` holding the lock; undefined, without running it, when another holder has it. */
  run<T>(build: () => Promise<T>): Promise<{ value: T } | undefined>;
}

/** How long the build lock holds without renewal; renewed every third of it while building. */
const BUILD_LOCK_MS = 60_000;

export function createRedisState(opts: RedisStateOptions): RedisState {
  // While the connection is down a command waits through up to three reconnection attempts, then
  // fails: the update gets a 503 and comes again, and answering resumes once Redis is back.
  const client = new Redis(opts.url, {
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  let troubled = false;
  client.on("error", (err: Error) => {
    if (troubled) return;
    troubled = true;
    opts.onError?.(err);
  });
  client.on("ready", () => {
    if (!troubled) return;
    troubled = false;
    opts.onReady?.();
  });
  return {
    client,
    claims: redisClaims(client, opts.leaseMs),
    sessions: redisSessions(client, opts.session),
    buildLock: redisBuildLock(client),
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

const k = (...parts: (string | number)[]) => KEY_PREFIX + parts.join(":");

/** Update claims held under leases; this process's claims carry its own owner id. */
function redisClaims(client: Redis, leaseMs: number): UpdateClaims {
  const owner = randomUUID();
  return {
    async claim(id) {
      const result = await client.eval(
        CLAIM,
        3,
        k("update", id, "done"),
        k("update", id, "lease"),
        k("update", id, "claims"),
        owner,
        leaseMs,
        DONE_TTL_MS,
        MAX_CLAIMS,
      );
      return result as Claim;
    },
    async renew(id) {
      await client.eval(RENEW, 1, k("update", id, "lease"), owner, leaseMs);
    },
    async complete(id) {
      await client
        .multi()
        .set(k("update", id, "done"), "1", "PX", DONE_TTL_MS)
        .del(k("update", id, "lease"))
        .exec();
    },
    async release(id) {
      await client.eval(RELEASE, 1, k("update", id, "lease"), owner);
    },
  };
}

/** Each chat's last turns in a capped list that expires when the chat goes quiet. */
function redisSessions(client: Redis, session: RedisStateOptions["session"]): SessionStore {
  return {
    async history(chatId) {
      const raw = await client.lrange(k("chat", chatId, "turns"), 0, -1);
      const now = Date.now();
      return raw.map((r) => JSON.parse(r) as Turn).filter((t) => now - t.at < session.ttlMs);
    },
    async record(chatId, turn) {
      if (session.maxTurns <= 0) return;
      const key = k("chat", chatId, "turns");
      await client
        .multi()
        .rpush(key, JSON.stringify(turn))
        .ltrim(key, -session.maxTurns, -1)
        .pexpire(key, session.ttlMs)
        .exec();
    },
    async forget(chatId) {
      await client.del(k("chat", chatId, "turns"));
    },
  };
}

function redisBuildLock(client: Redis): BuildLock {
  return {
    async run(build) {
      const key = k("build-lock");
      const token = randomUUID();
      if ((await client.set(key, token, "PX", BUILD_LOCK_MS, "NX")) !== "OK") return undefined;
      const timer = setInterval(() => {
        client.eval(RENEW, 1, key, token, BUILD_LOCK_MS).catch(() => undefined);
      }, BUILD_LOCK_MS / 3);
      try {
        return { value: await build() };
      } finally {
        clearInterval(timer);
        await client.eval(RELEASE, 1, key, token).catch(() => undefined);
      }
    },
  };
}
