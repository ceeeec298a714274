// Worker threads do not inherit tsx's loader, so a worker started from the TypeScript sources
// registers it before importing the worker module.
import { register } from "tsx/esm/api";

register();
await import("./build-worker.ts");
