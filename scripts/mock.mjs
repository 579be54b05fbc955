// npm run mock: every provider's mock on 127.0.0.1 (ports in redocly.yaml, overridable by env).
// The mocks serve the views `npm run generate` derives; turbo makes that step a no-op when cached.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
await import("../packages/mock/src/cli.mjs");
