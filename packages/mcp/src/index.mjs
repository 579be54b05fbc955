// @specforge/mcp: an MCP server for any installed specforge client package. Knows no provider by name.
export { createMcpService, newToken, serveHttp, serveStdio, OUTPUT_SCHEMA_SINCE } from "./server.mjs";
export { callOf, snippetOf } from "./code/search.mjs";
export { DEFAULT_LIMITS } from "./code/sandbox.mjs";
export { buildTools, selectTools, toolName } from "./tools.mjs";
export { installedApis, loadApi, resolveApi } from "./api.mjs";
export { clientSettings, createClient, MOCK_CREDENTIAL } from "./client.mjs";
