/**
 * One build at a time per index folder. The lock is a file created exclusively (O_EXCL), holding
 * the builder's pid and host; a lock left by a process that died (same host, pid gone) is taken over.
 */

import { mkdir, open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { NewsQaError } from "../errors.js";

export const LOCK_FILE = "LOCK";

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** Another build holds the index folder. */
export class IndexLockedError extends NewsQaError {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      holder
        ? `Another build is running on ${lockPath.replace(/\/LOCK$/, "")}: pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}. ` +
            `Wait for it to finish, or delete ${lockPath} if that process is gone.`
        : `The index folder is locked by ${lockPath}, which cannot be read. Delete it if no build is running.`,
    );
  }
}

export interface IndexLock {
  release(): Promise<void>;
}

export async function acquireLock(dir: string): Promise<IndexLock> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(JSON.stringify(me));
      await handle.sync();
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = await readHolder(path);
    if (holder && isStale(holder)) {
      await rm(path, { force: true });
      continue;
    }
    throw new IndexLockedError(path, holder);
  }
  throw new IndexLockedError(path, await readHolder(path));
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const data = JSON.parse(await readFile(path, "utf8")) as Partial<LockHolder>;
    return typeof data.pid === "number" && typeof data.host === "string"
      ? { pid: data.pid, host: data.host, startedAt: data.startedAt ?? "unknown" }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Only a lock from this host can be judged: another machine's pid means nothing here. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}
