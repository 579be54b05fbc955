// npm run add-provider -- <name> [--spec <file>]: a provider in one command (@specforge/codegen's add-provider).
process.env.REDOCLY_TELEMETRY ??= "off";
const { runAddProviderCli } = await import("@specforge/codegen");
const code = await runAddProviderCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
