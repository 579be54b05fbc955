// @specforge/mock/msw in a browser: bundled with esbuild for the browser platform, its entry
// brings no `node:` module, no Prism and no Redocly (they would not load in a page).
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve("@specforge/mock/package.json"));

describe("@specforge/mock/msw for the browser", () => {
  it("bundles without a node: module, Prism or Redocly", async () => {
    const result = await build({
      stdin: {
        contents: 'export { createMockHandlers } from "@specforge/mock/msw";',
        resolveDir: packageDir,
        loader: "js",
      },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(inputs.some((f) => f.includes("src/msw/index.mjs"))).toBe(true);
    expect(inputs.filter((f) => /src\/msw\/node\.mjs|src\/serve\/(packages|prism|router|cli)\.mjs/.test(f))).toEqual(
      [],
    );
    expect([...inputs, ...imports].filter((f) => /^node:|@stoplight|prism|@redocly/.test(f))).toEqual([]);
    // The state core, the router's decisions and the validator are the server mock's own modules.
    for (const shared of [
      "src/state/model.mjs",
      "src/serve/route.mjs",
      "src/proxy/validate.mjs",
      "src/state/control.mjs",
    ])
      expect(inputs.some((f) => f.endsWith(shared))).toBe(true);
  });
});
