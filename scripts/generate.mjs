// npm run generate: lint, bundle and emit every API listed in redocly.yaml (in-process, @specforge/codegen).
process.env.REDOCLY_TELEMETRY ??= "off";
const { runGenerateCli } = await import("@specforge/codegen");
const code = await runGenerateCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
