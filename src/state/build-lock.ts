/**
 * Re-indexing under the shared build lock: /reindex and uploads on any replica build one at a time.
 * Each build publishes its generation to the shared INDEX_DIR, and every replica reloads it as one
 * process does (index/live-index.ts).
 */
import { ReindexBusyError } from "../errors.js";
import type { IndexAdmin } from "../types.js";
import type { BuildLock } from "./redis-state.js";

export function lockedIndexAdmin(index: IndexAdmin, lock: BuildLock): IndexAdmin {
  return {
    async reindex(opts) {
      const built = await lock.run(() => index.reindex(opts));
      if (!built) throw new ReindexBusyError();
      return built.value;
    },
  };
}
