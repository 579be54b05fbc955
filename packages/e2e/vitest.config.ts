import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One file at a time: the browser check must not steal the CPU the fault suite's timers measure.
    fileParallelism: false,
  },
});
