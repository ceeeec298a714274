/**
 * Starts one benchmark job (child.ts): `node scripts/lib/bench/child.mjs <task> <args.json>`.
 * tsx is registered here, for this thread only, rather than with `--import tsx`: worker threads
 * inherit the process's execArgv, so under `--import tsx` a build's workers loaded tsx even when the
 * job ran the compiled dist/ that `npm run index` runs, and a worker's start under tsx is most of a
 * second of an add (bench/profile-notes.md, "2026-12-05, noon").
 */
import { register } from "tsx/esm/api";

register();
await import("./child.ts");
