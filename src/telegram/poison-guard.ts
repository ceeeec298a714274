/**
 * Keeps one update from crashing the bot over and over. Updates are confirmed to Telegram only once
 * answered (polling.ts), so an update whose handling kills the process (a native fault, an abort,
 * running out of memory) comes back after the restart, and would kill it again: a crash loop no
 * error boundary can stop, since nothing in the process survives to catch it.
 *
 * So each update is marked "in progress" in a small file before it is handled, and the mark is
 * removed once it has been handled, whether the handler succeeded or threw. A mark still there at
 * start-up belongs to an update that was being handled when the process died: it is kept as a crash
 * record. The update is skipped (and so confirmed) when Telegram hands it out again if it is surely
 * the culprit: it was the only update in progress, or it was in progress at two crashes. When
 * several were in progress (answers run concurrently across chats, and a kill -9 or an OOM kill hits
 * them all), each is handled once more, so the innocent ones are still answered and a poison one
 * crashes the process at most twice, never in a loop.
 *
 * The marks are plain writes, not fsynced: the threat is the process dying, and the kernel keeps
 * what a dead process wrote; a power cut merely forgets a mark, and the update is tried once more.
 * One bot process per folder: a second one would take the first's live marks for crashes.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Context, MiddlewareFn } from "grammy";
import type { Logger } from "../logger.js";

export interface PoisonGuardOptions {
  /**
   * Folder for the marks, created when missing. It must survive restarts; `<INDEX_DIR>/in-progress`
   * is a good place (builds never touch it).
   */
  dir: string;
  logger?: Logger;
  /**
   * Crash records older than this are forgotten, in milliseconds. Default 24 hours: Telegram keeps
   * an unconfirmed update for at most that long, so none can come back later.
   */
  forgetAfterMs?: number;
}

/** An update that was being handled when a previous process died. */
export interface CrashRecord {
  updateId: number;
  /** When its handling started (ISO 8601). */
  startedAt: string;
  /** The chat it came from, when known, e.g. to tell the asker the question could not be answered. */
  chatId?: number;
  /** The process that died. */
  pid?: number;
  /** How many process deaths this update was in progress at. */
  crashes: number;
  /** Skipped when handed out again: it was alone in progress when the process died, or at two deaths. */
  skip: boolean;
}

export interface PoisonGuard {
  /** Every update that was being handled when a previous process died (and is not yet forgotten). */
  crashed(): CrashRecord[];
  /** The crash record when `updateId` crashed a previous process: then skip it, do not handle it. */
  poisoned(updateId: number): CrashRecord | undefined;
  /** Marks `updateId` in progress. Call it before handling the update; the mark is on disk on return. */
  begin(updateId: number, info?: { chatId?: number }): void;
  /** Removes the mark: the update was handled (or failed in a way the process survived). */
  end(updateId: number): void;
  /** Drops a crash record once Telegram can no longer send that update (its offset was confirmed). */
  forget(updateId: number): void;
}

const RUNNING = ".running";
const CRASHED = ".crashed";
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Opens the guard's folder at start-up: marks left by the previous process become crash records,
 * records older than `forgetAfterMs` are removed. Synchronous, so it is settled before the first
 * update is taken.
 */
export function openPoisonGuard(opts: PoisonGuardOptions): PoisonGuard {
  const { dir, logger } = opts;
  const forgetAfterMs = opts.forgetAfterMs ?? DAY_MS;
  mkdirSync(dir, { recursive: true });
  const crashed = new Map<number, CrashRecord>();
  const names = readdirSync(dir);
  const running = names.filter((n) => n.endsWith(RUNNING) && idOf(n) !== undefined);
  for (const name of names) {
    const id = idOf(name);
    if (id === undefined || name.endsWith(RUNNING)) continue;
    const path = join(dir, name);
    if (Date.now() - statSync(path).mtimeMs > forgetAfterMs) rmSync(path, { force: true });
    else crashed.set(id, readRecord(path, id));
  }
  for (const name of running) {
    const id = idOf(name)!;
    const target = join(dir, `${id}${CRASHED}`);
    const found = readRecord(join(dir, name), id);
    const crashes = Math.max(found.crashes, crashed.get(id)?.crashes ?? 0) + 1;
    const record: CrashRecord = { ...found, crashes, skip: running.length === 1 || crashes >= 2 };
    writeFileSync(target, JSON.stringify(record));
    rmSync(join(dir, name), { force: true });
    crashed.set(id, record);
    if (record.skip)
      logger?.error(
        { updateId: id, chatId: record.chatId, startedAt: record.startedAt, pid: record.pid, crashes },
        "an update was being handled when the bot last died: it will be skipped, not handled again",
      );
  }
  const retried = running.map((n) => crashed.get(idOf(n)!)!).filter((r) => !r.skip);
  if (retried.length > 0)
    logger?.warn(
      { updates: retried.map((r) => r.updateId) },
      `${retried.length} updates were being handled when the bot last died; each gets one more try`,
    );

  return {
    crashed: () => [...crashed.values()].sort((a, b) => a.updateId - b.updateId),
    poisoned: (updateId) => {
      const record = crashed.get(updateId);
      return record?.skip ? record : undefined;
    },
    begin(updateId, info = {}) {
      const record: CrashRecord = {
        updateId,
        startedAt: new Date().toISOString(),
        ...(info.chatId !== undefined ? { chatId: info.chatId } : {}),
        pid: process.pid,
        crashes: crashed.get(updateId)?.crashes ?? 0,
        skip: false,
      };
      writeFileSync(join(dir, `${checkedId(updateId)}${RUNNING}`), JSON.stringify(record));
    },
    end(updateId) {
      rmSync(join(dir, `${checkedId(updateId)}${RUNNING}`), { force: true });
    },
    forget(updateId) {
      if (!crashed.delete(updateId)) return;
      rmSync(join(dir, `${checkedId(updateId)}${CRASHED}`), { force: true });
    },
  };
}

/**
 * grammY middleware around everything after it: skips an update that crashed a previous process
 * (logging it; the update then counts as handled, so Telegram stops sending it), and marks every
 * other one in progress while the rest of the chain handles it. Install it first.
 */
export function poisonGuardMiddleware(guard: PoisonGuard, logger?: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    const crash = guard.poisoned(id);
    if (crash) {
      logger?.warn(
        { updateId: id, chatId: crash.chatId, startedAt: crash.startedAt },
        "skipped an update that crashed the bot before",
      );
      return;
    }
    guard.begin(id, { chatId: ctx.chat?.id });
    try {
      await next();
    } finally {
      guard.end(id);
    }
  };
}

function idOf(name: string): number | undefined {
  const m = /^(\d+)\.(?:running|crashed)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

function checkedId(updateId: number): number {
  if (!Number.isSafeInteger(updateId) || updateId < 0) throw new RangeError(`bad update id ${updateId}`);
  return updateId;
}

/** A mark's record; a mark the crash left empty or half-written still names its update. */
function readRecord(path: string, updateId: number): CrashRecord {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as Partial<CrashRecord>;
    return {
      updateId,
      startedAt: typeof data.startedAt === "string" ? data.startedAt : "unknown",
      ...(typeof data.chatId === "number" ? { chatId: data.chatId } : {}),
      ...(typeof data.pid === "number" ? { pid: data.pid } : {}),
      crashes: typeof data.crashes === "number" ? data.crashes : 0,
      skip: data.skip === true,
    };
  } catch {
    return { updateId, startedAt: "unknown", crashes: 0, skip: false };
  }
}
