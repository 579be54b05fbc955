// npm run diff -- <git-ref> [api...] [--json] [--verbose]: the spec changes since <git-ref>, per
// REST operation and per RPC action, classified for a client user; exit code 1 on a breaking change.
process.env.REDOCLY_TELEMETRY ??= "off";
const { runDiffCli } = await import("@specforge/codegen");
const code = await runDiffCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
