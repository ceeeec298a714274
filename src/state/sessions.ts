/**
 * What a chat asked lately, so a follow-up ("那它的总经理是谁？") can be understood. Kept per chat,
 * bounded in turns, in idle time and in the number of chats. In memory, a restart forgets it and a
 * follow-up is simply read as a new question; with REDIS_URL it is shared by replicas and restarts.
 */

export interface Turn {
  /** The question as the reader wrote it. */
  question: string;
  /** The question as searched for, after completing it from earlier turns. */
  resolved: string;
  /** The answer's plain text (with [n] markers), for an LLM to read back. */
  answer: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/**
 * Per-chat history. In memory by default; with REDIS_URL in Redis (src/state/redis-state.ts), so a
 * follow-up reaching another replica still finds the turn before it.
 */
export interface SessionStore {
  /** The chat's recent turns, oldest first; expired ones are left out. */
  history(chatId: number): Promise<Turn[]>;
  record(chatId: number, turn: Turn): Promise<void>;
  /** Forgets the chat's history (/new). */
  forget(chatId: number): Promise<void>;
}

export interface MemorySessionOptions {
  /** Turns kept per chat. 0 keeps none, which turns follow-ups off. */
  maxTurns: number;
  /** A turn older than this, in milliseconds, is forgotten. */
  ttlMs: number;
  /** Chats remembered at once; the least recently active is dropped first. Default 10 000. */
  maxChats?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

export function createMemorySessions(opts: MemorySessionOptions): SessionStore {
  const maxChats = opts.maxChats ?? 10_000;
  const now = opts.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on every write keeps it least-recent first.
  const chats = new Map<number, Turn[]>();
  const fresh = (turns: Turn[]) => turns.filter((t) => now() - t.at < opts.ttlMs);

  return {
    async history(chatId) {
      const turns = chats.get(chatId);
      if (!turns) return [];
      const kept = fresh(turns);
      if (kept.length === 0) chats.delete(chatId);
      else if (kept.length !== turns.length) chats.set(chatId, kept);
      return [...kept];
    },
    async record(chatId, turn) {
      if (opts.maxTurns <= 0) return;
      const turns = [...fresh(chats.get(chatId) ?? []), turn].slice(-opts.maxTurns);
      chats.delete(chatId);
      chats.set(chatId, turns);
      while (chats.size > maxChats) chats.delete(chats.keys().next().value!);
    },
    async forget(chatId) {
      chats.delete(chatId);
    },
  };
}
