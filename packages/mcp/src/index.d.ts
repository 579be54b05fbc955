// Types of @specforge/mcp (plain ESM; see README.md).
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";

/** The first MCP protocol version with tool output schemas ("2025-06-18"). */
export declare const OUTPUT_SCHEMA_SINCE: string;

export interface ApiEntry {
  name: string;
  packageName: string;
  packageDir: string;
  bundle: string;
  mocks: Record<string, { port?: number; portEnv?: string }>;
  startsWith: string[];
  companionOf?: string;
  client?: { factory: string; options: Record<string, unknown>; mockEnv?: Record<string, string> };
}

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: "object"; [key: string]: unknown };
  outputSchema?: { type: "object"; [key: string]: unknown };
  annotations: { title: string; readOnlyHint: boolean; idempotentHint?: boolean; openWorldHint: boolean };
}

export interface ToolEntry {
  name: string;
  /** The operationId or RPC action it calls. */
  operation: string;
  /** Cannot change data (GET/HEAD, or an idempotent RPC action). */
  read: boolean;
  tags: string[];
  blob: boolean;
  tool: ToolDefinition;
  call(client: object, args: object): Promise<unknown>;
}

export interface McpServiceOptions {
  /** An API name, a client package name or a package folder. */
  api: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  allowWrites?: boolean;
  tools?: string[];
  tags?: string[];
  mock?: boolean;
  clientOptions?: Record<string, unknown>;
  log?: (line: string) => void;
  /** "code" (default): the `search` and `execute` tools; "tools": one tool per operation. */
  mode?: "code" | "tools";
  /** Limits of one `execute` run (defaults: DEFAULT_LIMITS). */
  codeLimits?: Partial<CodeLimits>;
}

export interface CodeLimits {
  /** Wall clock, API calls included. */
  timeMs: number;
  memoryBytes: number;
  /** The returned JSON plus the logged lines. */
  outputBytes: number;
}
export declare const DEFAULT_LIMITS: Readonly<CodeLimits>;

export interface McpService {
  api: ApiEntry;
  mode: "code" | "tools";
  /** The operations served (tools mode: as tools; code mode: through `client` in `execute`, writes only with allowWrites). */
  tools: ToolEntry[];
  /** What tools/list shows. */
  served: ToolDefinition[];
  /** Loads the type checker and the sandbox ahead of the first `execute` (code mode). */
  warm(): Promise<void>;
  /** Stops what the service started (the dryRun mock, the sandbox's workers). */
  close(): Promise<void>;
  /** Every tool of the API, served or not. */
  allTools: ToolEntry[];
  baseUrl: string;
  /** A new SDK Server for one session, serving the tools. */
  newServer(): Server;
  callTool(name: string, args: object | undefined, supportsOutput: boolean): Promise<unknown>;
  log(line: string): void;
}

export declare function createMcpService(options: McpServiceOptions): Promise<McpService>;
export declare function serveStdio(service: McpService): Promise<Server>;
/**
 * Streamable HTTP on 127.0.0.1. Every request must carry `Authorization: Bearer <token>` (401
 * otherwise); `token: null` serves without one.
 */
export declare function serveHttp(
  service: McpService,
  options: { port?: number; host?: string; token: string | null },
): Promise<{ url: string; port: number; close(): Promise<void> }>;
/** A random bearer token (32 bytes, base64url). */
export declare function newToken(): string;

/** A search hit's TypeScript call, e.g. `client.get_twin({ path: { twin } })`. */
export declare function callOf(tool: ToolEntry): string;
/** A docs sample (create the client, call, log) as an `execute` snippet, or undefined. */
export declare function snippetOf(source: string): string | undefined;

export declare function buildTools(doc: object, exports: Record<string, unknown>, packageName: string): ToolEntry[];
export declare function selectTools(
  all: ToolEntry[],
  options?: { allowWrites?: boolean; tools?: string[]; tags?: string[] },
): ToolEntry[];
export declare function toolName(name: string): string;

export declare function installedApis(cwd?: string): ApiEntry[];
export declare function resolveApi(name: string, options?: { cwd?: string }): ApiEntry;
export declare function loadApi(
  entry: ApiEntry,
): Promise<{ doc: object; exports: Record<string, unknown>; version: string }>;

export declare const MOCK_CREDENTIAL: string;
export declare function clientSettings(
  entry: ApiEntry,
  options: { env: Record<string, string | undefined>; doc: object; mock?: boolean },
): { factory: string; options: Record<string, unknown>; secrets: string[]; baseUrl: string };
export declare function createClient(
  exports: Record<string, unknown>,
  settings: { factory: string; options: Record<string, unknown> },
  extra?: Record<string, unknown>,
): object;
