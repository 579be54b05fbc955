import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    // Some tests call every tool of an API (87 for trustedtwin) or compile every schema: work, not waiting,
    // that took 30-46 s beside other suites on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
