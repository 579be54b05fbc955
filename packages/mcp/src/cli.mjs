#!/usr/bin/env node
// specforge-mcp <api> [options]: an MCP server for one installed specforge client package.
// stdio by default (what MCP clients start); `--http` serves Streamable HTTP on 127.0.0.1.
// Logs go to stderr only: on stdio, stdout carries the protocol.
import { parseArgs } from "node:util";
import { createMcpService, newToken, serveHttp, serveStdio } from "./server.mjs";

const USAGE = `usage: specforge-mcp <api> [options]

  <api>              an API name (petstore), a client package (@acme/petstore) or a package folder
  --mode code|tools  code (default): two tools, search and execute (typed code in a sandbox);
                     tools: one tool per operation
  --allow-writes     also allow the operations that can change data (default: reads only)
  --tools a,b        only these operations
  --tags A,B         only the operations with one of these tags
  --mock             call the package's local mock (npx specforge-mock <api>) instead of the real API
  --http             serve Streamable HTTP at http://127.0.0.1:<port>/mcp instead of stdio; every request
                     needs Authorization: Bearer <token> (SPECFORGE_MCP_TOKEN, else a random one printed at start)
  --no-auth          with --http: accept requests without the token (any local process can then act as you)
  --port N           the HTTP port (default 3333; 0 = any free port)
  --list             print the operations that would be served, and exit

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
        mode: { type: "string" },
        "allow-writes": { type: "boolean" },
        "no-auth": { type: "boolean" },
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
  if (values["no-auth"] && !values.http) throw new Error("--no-auth applies to --http only");
  const service = await createMcpService({
    api: positionals[0],
    mode: values.mode ?? "code",
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
    process.stderr.write(
      service.mode === "code"
        ? `code mode: tools ${service.served.map((t) => t.name).join(", ")} (${JSON.stringify(service.served).length} bytes) over these ${service.tools.length} operations\n`
        : `${service.tools.length} of ${service.allTools.length} tools\n`,
    );
    return;
  }
  // Code mode: load the type checker and the sandbox now, so the first execute is not the slow one.
  service.warm().catch((error) => service.log(`specforge-mcp: warming up failed: ${error.message}`));
  if (values.http) {
    let token = null;
    if (values["no-auth"])
      process.stderr.write(
        "specforge-mcp: WARNING --no-auth: any process on this machine that reaches the port can call the API with your credentials\n",
      );
    else if (process.env.SPECFORGE_MCP_TOKEN) token = process.env.SPECFORGE_MCP_TOKEN;
    else {
      token = newToken();
      // Printed once, here only (never logged again): the MCP client sends it as a bearer token.
      process.stderr.write(
        `specforge-mcp: token ${token} (send Authorization: Bearer <token>; SPECFORGE_MCP_TOKEN sets your own)\n`,
      );
    }
    const served = await serveHttp(service, { port, token });
    service.log(`specforge-mcp: Streamable HTTP at ${served.url} (Ctrl-C stops it)`);
    const stop = () => served.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return;
  }
  await serveStdio(service);
  // A dryRun mock keeps the process alive: stop it when the client goes (stdin ends) or on a signal.
  const stop = () => service.close().finally(() => process.exit(0));
  process.stdin.once("end", stop);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`specforge-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
