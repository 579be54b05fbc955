// The vitest workspace: each package is a project with its own vitest.config.ts.
// `npm test` runs them through turbo (cached per package); `npx vitest` from here runs all.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*"],
  },
});
