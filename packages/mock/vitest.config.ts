import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Work, not waiting: a test that starts Prism and a CLI and tours every operation took 30 s beside the
    // other suites on a loaded 2-core machine. These limits only catch a hang; no test asserts a duration.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
