#!/usr/bin/env node
// specforge-mcp <api> [options]: an MCP server for one installed specforge client package.
// stdio by default (what MCP clients start); `--http` serves Streamable HTTP on 127.0.0.1.
// Logs go to stderr only: on stdio, stdout carries the protocol.
import { parseArgs } from "node:util";
import { createMcpService, serveHttp, serveStdio } from "./server.mjs";

const USAGE = `usage: specforge-mcp <api> [options]

  <api>              an API name (petstore), a client package (@acme/petstore) or a package folder
  --allow-writes     also serve the operations that can change data (default: reads only)
  --tools a,b        serve only these tools
  --tags A,B         serve only the tools with one of these tags
  --mock             call the package's local mock (npx specforge-mock <api>) instead of the real API
  --http             serve Streamable HTTP at http://127.0.0.1:<port>/mcp instead of stdio
  --port N           the HTTP port (default 3333; 0 = any free port)
  --list             print the tools that would be served, and exit

Credentials and base URLs come from the environment variables the docs samples use
(each package's manifest names them, e.g. PETSTORE_API_KEY, PETSTORE_BASE_URL; --list needs none);
see the @specforge/mcp README.`;

const list = (value) =>
  value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "allow-writes": { type: "boolean" },
        tools: { type: "string" },
        tags: { type: "string" },
        mock: { type: "boolean" },
        http: { type: "boolean" },
        port: { type: "string" },
        list: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new Error(`${error.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length !== 1) throw new Error(`name one API\n${USAGE}`);
  const port = values.port === undefined ? 3333 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port}: not a port number`);
  const service = await createMcpService({
    api: positionals[0],
    allowWrites: values["allow-writes"] === true,
    tools: list(values.tools),
    tags: list(values.tags),
    // Listing calls nothing, so it needs no credentials: the mock's placeholders stand in.
    mock: values.mock === true || values.list === true,
    log: values.list ? () => {} : undefined,
  });
  if (values.list) {
    for (const { name, read, tags } of service.tools)
      process.stdout.write(`${name}\t${read ? "read" : "write"}\t${tags.join(",")}\n`);
    process.stderr.write(`${service.tools.length} of ${service.allTools.length} tools\n`);
    return;
  }
  if (values.http) {
    const served = await serveHttp(service, { port });
    service.log(`specforge-mcp: Streamable HTTP at ${served.url} (Ctrl-C stops it)`);
    const stop = () => served.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return;
  }
  await serveStdio(service);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`specforge-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
