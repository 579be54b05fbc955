import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file mostly waits on child processes (a runtime, tsc, attw): two files at a time on a
    // 2-core machine, the tests of a file concurrently.
    maxWorkers: 2,
  },
});
