// @specforge/mcp: an MCP server for any installed specforge client package. Knows no provider by name.
export { createMcpService, serveHttp, serveStdio, OUTPUT_SCHEMA_SINCE } from "./server.mjs";
export { buildTools, selectTools, toolName } from "./tools.mjs";
export { installedApis, loadApi, resolveApi } from "./api.mjs";
export { clientSettings, createClient, MOCK_CREDENTIAL } from "./client.mjs";
