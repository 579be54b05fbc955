import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expectTypeOf does nothing at run time: vitest type-checks the type tests with tsc on this tsconfig (its
    // other files too, as source errors), so `npx vitest run` from anywhere fails on a broken type.
    typecheck: { enabled: true, include: ["test/types.test.ts"], tsconfig: "./tsconfig.json" },
  },
});
