// The MCP server of one API, on the official SDK's low-level `Server` (tools are JSON Schema from
// the spec, so no zod): tools/list shows the selected tools, tools/call runs one through the
// generated client. A provider's error is a tool result with `isError` and the provider's
// message; every text that leaves (results, logs) passes the client runtime's Redactor first.
import crypto from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  LATEST_PROTOCOL_VERSION,
  ListToolsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { Redactor } from "@specforge/runtime";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { loadApi, resolveApi } from "./api.mjs";
import { clientSettings, createClient } from "./client.mjs";
import { createCodeMode } from "./code/execute.mjs";
import { buildTools, selectTools } from "./tools.mjs";

const VERSION = createRequire(import.meta.url)("../package.json").version;
/** The first protocol version with tool output schemas and structured results. */
export const OUTPUT_SCHEMA_SINCE = "2025-06-18";

const stderrLog = (line) => process.stderr.write(`${line}\n`);

/** Base64 of a Blob's bytes (a file a download operation answers with). */
async function base64Of(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** What a failed call tells the agent: the error's message (the provider's, via the client) and its fields. */
function errorText(error) {
  if (error && typeof error === "object" && typeof error.toJSON === "function" && "kind" in error) {
    const { message, kind, status, body, requestId } = error.toJSON();
    const details = Object.fromEntries(
      Object.entries({ kind, status, requestId, body }).filter(([, v]) => v !== undefined),
    );
    return `${message}\n${JSON.stringify(details, null, 2)}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Everything a server for one API needs, made once: the tools, the client and the redactor. Each
 * MCP session (stdio, or each HTTP request in stateless mode) gets its own SDK `Server` from
 * `newServer()`, all sharing them.
 * @param {object} options
 * @param {string} options.api            an API name, client package or package folder
 * @param {string} [options.cwd]          where packages are resolved from (default: process.cwd())
 * @param {Record<string, string | undefined>} [options.env]  credentials and base URLs (default: process.env)
 * @param {boolean} [options.allowWrites] serve the operations that can change data too
 * @param {string[]} [options.tools]      serve only these tools
 * @param {string[]} [options.tags]       serve only the tools with one of these tags
 * @param {boolean} [options.mock]        call the package's local mocks (default ports)
 * @param {object} [options.clientOptions] more options for the client factory (timeouts, headers, fetch)
 * @param {(line: string) => void} [options.log]  where log lines go (default: stderr; never stdout)
 * @param {"code" | "tools"} [options.mode] "code" (default): the `search` and `execute` tools; "tools": one tool per operation
 * @param {{ timeMs?: number, memoryBytes?: number, outputBytes?: number }} [options.codeLimits]  limits of an `execute` run
 */
export async function createMcpService(options) {
  const {
    cwd = process.cwd(),
    env = process.env,
    allowWrites = false,
    mock = false,
    clientOptions = {},
    log = stderrLog,
    mode = "code",
  } = options;
  if (mode !== "code" && mode !== "tools")
    throw new Error(`--mode ${mode}: use code (search + execute) or tools (one per operation)`);
  const entry = resolveApi(options.api, { cwd });
  const others = entry.startsWith;
  const { doc, exports, version } = await loadApi(entry);
  const all = buildTools(doc, exports, entry.packageName);
  const tools = selectTools(all, { allowWrites, tools: options.tools, tags: options.tags });
  const settings = clientSettings(entry, { env, doc, mock });
  const client = createClient(exports, settings, clientOptions);
  const redactor = new Redactor(settings.secrets);
  const say = (line) => log(redactor.redact(line));
  const byName = new Map(tools.map((t) => [t.name, t]));
  // Formats count: some parameters are a oneOf that only `format: uuid` makes exclusive.
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const validators = new Map();
  const validatorOf = (tool) => {
    if (!validators.has(tool.name)) validators.set(tool.name, ajv.compile(tool.tool.inputSchema));
    return validators.get(tool.name);
  };

  // Code mode bridges the selected operations, writes included: the bridge refuses a write unless allowWrites.
  const code =
    mode === "code"
      ? createCodeMode({
          entry,
          doc,
          exports,
          tools: selectTools(all, { allowWrites: true, tools: options.tools, tags: options.tags }),
          client,
          factory: settings.factory,
          redactor,
          allowWrites,
          limits: options.codeLimits,
          cwd,
          log: say,
        })
      : undefined;

  const writes = all.filter((t) => !t.read).length;
  say(
    `specforge-mcp: ${entry.name} (${entry.packageName} ${version}) at ${settings.baseUrl}: ` +
      `${code ? `code mode (search, execute) over ${code.catalog.length} operations; ` : ""}${tools.length} of ${all.length} tools` +
      `${allowWrites || !writes ? "" : ` (reads only; --allow-writes serves the ${writes} that can change data)`}` +
      `${others.length ? `; ${others.join(", ")} is used by the client itself and not served` : ""}`,
  );

  async function callTool(name, args, supportsOutput) {
    if (code) {
      const result = await code.call(name, args);
      if (!result) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${name}"`);
      return result;
    }
    const tool = byName.get(name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${name}"`);
    const validate = validatorOf(tool);
    if (!validate(args ?? {})) {
      const why = (validate.errors ?? []).map(
        (e) =>
          `${e.instancePath || "(arguments)"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`,
      );
      say(`call ${name}: invalid arguments`);
      return {
        isError: true,
        content: [{ type: "text", text: redactor.redact(`invalid arguments for ${name}: ${why.join("; ")}`) }],
      };
    }
    const started = Date.now();
    try {
      const data = await tool.call(client, args ?? {});
      say(`call ${name}: ok (${Date.now() - started} ms)`);
      if (tool.blob && data && typeof data === "object" && typeof data.arrayBuffer === "function") {
        const resource = {
          uri: `specforge:${entry.name}/${name}`,
          mimeType: data.type || "application/octet-stream",
          blob: await base64Of(data),
        };
        return { content: [{ type: "resource", resource }] };
      }
      const safe = redactor.redactValue(data ?? null);
      const text = JSON.stringify(safe, null, 2) ?? "null";
      const structured =
        supportsOutput && tool.tool.outputSchema && safe && typeof safe === "object" && !Array.isArray(safe);
      return { content: [{ type: "text", text }], ...(structured ? { structuredContent: safe } : {}) };
    } catch (error) {
      const text = redactor.redact(errorText(error));
      say(`call ${name}: failed (${Date.now() - started} ms): ${text.split("\n")[0]}`);
      return { isError: true, content: [{ type: "text", text }] };
    }
  }

  /** A new SDK Server serving the tools (one per session). */
  function newServer() {
    const server = new Server(
      { name: `specforge-mcp-${entry.name}`, title: doc.info?.title ?? entry.name, version: VERSION },
      {
        capabilities: { tools: {} },
        instructions: code
          ? `Code mode for ${doc.info?.title ?? entry.name}: \`search\` finds operations, \`execute\` runs TypeScript against its typed client in a sandbox. ` +
            "Write one snippet that makes the calls and returns only what you need."
          : `Tools for ${doc.info?.title ?? entry.name}, one per operation, generated from its OpenAPI spec by specforge. ` +
            "List operations return one page; their descriptions say how to ask for the next.",
      },
    );
    // The version agreed at initialize decides whether tools carry output schemas. The SDK keeps
    // it private, so wrap its initialize step; stateless HTTP requests carry it in a header.
    let negotiated;
    const initialize = server._oninitialize?.bind(server);
    if (initialize) {
      server._oninitialize = async (request) => {
        const result = await initialize(request);
        negotiated = result.protocolVersion;
        return result;
      };
    }
    const versionOf = (extra) =>
      negotiated ?? extra?.requestInfo?.headers?.["mcp-protocol-version"] ?? LATEST_PROTOCOL_VERSION;
    const supportsOutput = (extra) => versionOf(extra) >= OUTPUT_SCHEMA_SINCE;
    server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => {
      if (code) return { tools: code.tools };
      const withOutput = supportsOutput(extra);
      return {
        tools: tools.map(({ tool }) =>
          withOutput || !tool.outputSchema ? tool : { ...tool, outputSchema: undefined },
        ),
      };
    });
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) =>
      callTool(request.params.name, request.params.arguments, supportsOutput(extra)),
    );
    return server;
  }

  return {
    api: entry,
    mode,
    tools,
    allTools: all,
    /** What tools/list shows: search and execute in code mode, else the selected operations' tools. */
    served: code ? code.tools : tools.map((t) => t.tool),
    baseUrl: settings.baseUrl,
    newServer,
    callTool,
    log: say,
    /** Loads what the first call would (code mode: the type checker and the sandbox). */
    warm: async () => code?.warm(),
    /** Stops what the service started (code mode: the dryRun mock, the sandbox workers). */
    close: async () => code?.close(),
  };
}

/** Serves on stdin/stdout until the client closes it; then stops what the service started. */
export async function serveStdio(service) {
  const server = service.newServer();
  const transport = new StdioServerTransport();
  server.onclose = () => {
    service.close?.().catch(() => {});
  };
  await server.connect(transport);
  return server;
}

/** Whether a request carries `Authorization: Bearer <token>` (compared in constant time). */
function hasToken(req, token) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** A random bearer token for `--http` (printed once at start). */
export const newToken = () => crypto.randomBytes(32).toString("base64url");

/**
 * Serves Streamable HTTP at `http://<host>:<port>/mcp`, stateless (every request a fresh SDK
 * Server over the shared tools and client), JSON responses, on 127.0.0.1 by default with the
 * SDK's DNS-rebinding protection (only this host and port are accepted as Host). The server acts
 * with the user's credentials, so every request must carry `Authorization: Bearer <token>` (401
 * otherwise) unless `token` is null (the CLI's `--no-auth`).
 * @param {object} service
 * @param {{ port?: number, host?: string, token: string | null }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function serveHttp(service, { port = 0, host = "127.0.0.1", token } = {}) {
  if (token === undefined)
    throw new Error(
      "serveHttp: pass `token` (a bearer token every request must carry), or `token: null` to serve without one",
    );
  let bound = port;
  const httpServer = http.createServer(async (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== "/mcp") {
      res.writeHead(404, { "content-type": "text/plain" }).end("MCP endpoint: /mcp\n");
      return;
    }
    if (token !== null && !hasToken(req, token)) {
      res
        .writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer realm="specforge-mcp"' })
        .end(
          JSON.stringify({
            jsonrpc: "2.0",
            error: { code: -32001, message: "unauthorized: send Authorization: Bearer <token>" },
            id: null,
          }),
        );
      return;
    }
    const server = service.newServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      enableDnsRebindingProtection: true,
      allowedHosts: [`${host}:${bound}`, `localhost:${bound}`, `127.0.0.1:${bound}`],
    });
    res.on("close", () => {
      transport.close().catch(() => {});
      server.close().catch(() => {});
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (error) {
      service.log(`http: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent)
        res
          .writeHead(500, { "content-type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32603, message: "internal error" }, id: null }));
    }
  });
  await new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => resolve(undefined));
  });
  bound = httpServer.address().port;
  return {
    url: `http://${host}:${bound}/mcp`,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        httpServer.close(() => resolve());
        // Keep-alive connections would hold the close for their idle timeout.
        httpServer.closeAllConnections();
      }).then(() => service.close?.()),
  };
}
