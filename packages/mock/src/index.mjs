// Mock servers for the APIs in redocly.yaml: Prism on each derived mock view, behind the router.
import fs from "node:fs/promises";
import { loadRegistry, outputPaths } from "@specforge/codegen";
import { startPrism } from "./prism.mjs";
import { startRouter } from "./router.mjs";

export { startPrism, freePort, stopProcessGroup } from "./prism.mjs";
export { startRouter, route, compileRules } from "./router.mjs";

export class PortInUseError extends Error {
  constructor(api, port, envVar) {
    super(`mock "${api}": port ${port} is already in use${envVar ? ` (set ${envVar} to use another port)` : ""}`);
    this.name = "PortInUseError";
    this.port = port;
  }
}

/**
 * Starts the mock of one API: Prism on a private port and the router on `port`
 * (0 = a free port). Needs `npm run generate` to have written the API's mock view.
 * @param {{ api: string, port?: number, host?: string, repoRoot?: string }} options
 */
export async function startMock({ api, port, host = "127.0.0.1", repoRoot }) {
  const registry = await loadRegistry(repoRoot);
  const entry = registry.apis.find((a) => a.name === api);
  if (!entry) throw new Error(`unknown API "${api}"; redocly.yaml lists ${registry.apis.map((a) => a.name).join(", ")}`);
  return startApiMock(entry, { port: port ?? entry.mockPort, host });
}

async function startApiMock(entry, { port, host }) {
  const { mockView } = outputPaths(entry);
  let view;
  try {
    view = JSON.parse(await fs.readFile(mockView, "utf8"));
  } catch (error) {
    throw new Error(`mock "${entry.name}": cannot read ${mockView} (run \`npm run generate\` first): ${error.message}`);
  }
  const prism = await startPrism({ spec: mockView, host });
  let router;
  try {
    router = await startRouter({ routerSpec: view["x-specforge-mock"], upstream: prism.url, port, host });
  } catch (error) {
    await prism.stop();
    if (error.code === "EADDRINUSE") throw new PortInUseError(entry.name, port, entry.mockPortEnv);
    throw error;
  }
  const url = `http://${host}:${router.port}`;
  return {
    api: entry.name,
    url,
    port: router.port,
    prismUrl: prism.url,
    async stop() {
      await new Promise((resolve) => {
        router.server.close(() => resolve());
        router.server.closeAllConnections?.();
      });
      await prism.stop();
    },
  };
}

/** Resolves each API's port: its environment variable, else its default from redocly.yaml. */
export function portFor(entry, env = process.env) {
  const raw = entry.mockPortEnv ? env[entry.mockPortEnv] : undefined;
  if (raw === undefined || raw === "") return entry.mockPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${entry.mockPortEnv}=${raw} is not a port number`);
  return port;
}

/** Starts the mocks of several APIs (all by default); stops the started ones if one fails. */
export async function startMocks({ apis, host = "127.0.0.1", repoRoot, env = process.env, ports = {} } = {}) {
  const registry = await loadRegistry(repoRoot);
  const entries = apis?.length ? registry.apis.filter((a) => apis.includes(a.name)) : registry.apis;
  const results = await Promise.allSettled(
    entries.map((entry) => startApiMock(entry, { port: ports[entry.name] ?? portFor(entry, env), host })),
  );
  const started = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = results.filter((r) => r.status === "rejected").map((r) => r.reason);
  if (failed.length) {
    await Promise.all(started.map((m) => m.stop()));
    throw failed[0];
  }
  return {
    mocks: started,
    async stop() {
      await Promise.all(started.map((m) => m.stop()));
    },
  };
}
