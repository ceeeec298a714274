import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Index builds and HTTP stand-ins take a few seconds on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Every test's temporary folders go inside one per run, removed at its end.
    globalSetup: ["test/support/global-setup.ts"],
  },
});
