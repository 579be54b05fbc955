import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // templates/provider/ holds a client package's smoke test as a template: it runs in the package add-provider writes.
    include: ["test/**/*.test.ts"],

    // Work, not waiting (a spec diff since the last release took 32 s beside other suites on a loaded 2-core machine).
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
