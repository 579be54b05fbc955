// npm run generate: lint, bundle and emit every API listed in redocly.yaml (in-process).
process.env.REDOCLY_TELEMETRY ??= "off";
await import("../packages/codegen/src/cli.mjs");
