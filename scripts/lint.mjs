// npm run lint [-- <api>...]: the specs (every API of redocly.yaml, or the ones named), then, when
// no API is named, the code (Biome: linter with import cycles, formatter check).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

process.env.REDOCLY_TELEMETRY ??= "off";
const apis = process.argv.slice(2);
const { runGenerateCli } = await import("@specforge/codegen");
const code = await runGenerateCli([...apis, "--lint-only"]);
if (code !== 0) process.exit(code);
if (apis.length === 0) {
  const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  const result = spawnSync(process.execPath, [biome, "check", "."], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
