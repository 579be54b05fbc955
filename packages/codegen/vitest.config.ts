import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // templates/provider/ holds a client package's smoke test as a template: it runs in the package add-provider writes.
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
