// npm run mock: every provider's mock on 127.0.0.1 (ports in redocly.yaml, overridable by env).
// The mocks serve the views `npm run generate` derives; turbo makes that step a no-op when cached.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const generated = spawnSync(
  process.execPath,
  [path.join(root, "scripts", "turbo.mjs"), "run", "//#generate", "--output-logs=errors-only", "--log-prefix=none"],
  {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  },
);
if (generated.status !== 0) {
  console.error("mock: `npm run generate` failed; fix the spec first (see the lint errors above)");
  process.exit(1);
}
// The mock's own command line (its `specforge-mock` bin), found by package name.
const require = createRequire(import.meta.url);
const manifest = require.resolve("@specforge/mock/package.json");
await import(pathToFileURL(path.join(path.dirname(manifest), require(manifest).bin["specforge-mock"])).href);
