// Runs turbo with telemetry off (turbo and Redocly), forwarding the arguments:
// `node scripts/turbo.mjs run test`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const turbo = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "turbo.cmd" : "turbo");
const result = spawnSync(turbo, process.argv.slice(2), {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", REDOCLY_TELEMETRY: "off", DO_NOT_TRACK: "1" },
});
if (result.error) {
  console.error(`turbo could not start: ${result.error.message} (run \`npm install\` first)`);
  process.exit(1);
}
process.exit(result.status ?? 1);
