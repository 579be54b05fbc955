// npm run add-provider -- <name> [--spec <file>]: a provider in one command (packages/codegen/src/scaffold.mjs).
process.env.REDOCLY_TELEMETRY ??= "off";
const { runAddProviderCli } = await import("../packages/codegen/src/scaffold.mjs");
const code = await runAddProviderCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
