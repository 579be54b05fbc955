// Mock servers for installed client packages: Prism on each API's mock view (shipped in the client
// package, listed by its manifest), behind the router. Knows no provider by name.
import fs from "node:fs/promises";
import { startPrism } from "./serve/prism.mjs";
import { startRouter } from "./serve/router.mjs";
import { resolveMockApis } from "./serve/packages.mjs";
import { startProxyMock } from "./proxy/proxy.mjs";
import { checkSeedApis, stateFor } from "./state/options.mjs";
import { compileMockView } from "./view.mjs";

export { startPrism, freePort, stopProcessGroup } from "./serve/prism.mjs";
export { startRouter, route, compileRules, rejection, BAD_INPUT_CASES, BAD_INPUT_DEFAULTS } from "./serve/router.mjs";
export { resolveMockApis, installedMockApis, readManifest } from "./serve/packages.mjs";
export { Store, StoreFullError, DEFAULT_MAX_ITEMS } from "./state/store.mjs";
export { CONTROL_PREFIX } from "./state/model.mjs";
export { compileState } from "./state/options.mjs";
export { compileMockView } from "./view.mjs";
export { startProxy, startProxyFor } from "./proxy/proxy.mjs";
export { runTour } from "./proxy/tour.mjs";
export { checkReport, REPORT_FORMAT } from "./proxy/report.mjs";

export class PortInUseError extends Error {
  constructor(api, port, envVar) {
    super(`mock "${api}": port ${port} is already in use${envVar ? ` (set ${envVar} to use another port)` : ""}`);
    this.name = "PortInUseError";
    this.port = port;
  }
}

const cwdOf = (options) => options.cwd ?? process.cwd();

/**
 * Starts the mock of one API: Prism on a private port and the router on `port` (0 = a free port;
 * default: the API's default port). `api` is an API name, a client package name or a package
 * folder (its first API); resolved from `cwd` (default: process.cwd()).
 * @param {{ api: string, port?: number, host?: string, cwd?: string }} options
 */
export async function startMock(options) {
  const { api, port, host = "127.0.0.1" } = options;
  const [entry] = resolveMockApis([api], { cwd: cwdOf(options), companions: false });
  // With `upstream`: the validating proxy in front of the real API (proxy.mjs), not Prism.
  if (options.upstream)
    return startProxyMock(entry, { ...proxyOptions(options), upstream: options.upstream, port: port ?? 0, host });
  if (!options.stateless) checkSeedApis(options.seed, [entry.name]);
  return startApiMock(entry, { port: port ?? entry.mockPort ?? 0, host, state: options });
}

async function startApiMock(entry, { port, host, state: stateOptions = {} }) {
  let view;
  try {
    view = JSON.parse(await fs.readFile(entry.mockView, "utf8"));
  } catch (error) {
    throw new Error(
      `mock "${entry.name}": cannot read ${entry.mockView} (${entry.packageName} ships it; in its repository run \`npm run generate\`): ${error.message}`,
    );
  }
  // Compiled once for this mock: the router, the state and (through the router) the checks share it.
  const compiled = compileMockView(view);
  const state = stateFor(entry.name, compiled, stateOptions);
  // The router binds its port first, so a busy port fails at once, before Prism starts; until
  // Prism answers, the router holds the requests that need it (a client that connects as soon as
  // the port opens waits instead of getting an error), and then learns Prism's URL.
  const upstream = readiness();
  let router;
  try {
    router = await startRouter({
      compiled,
      upstreamReady: upstream.ready,
      port,
      host,
      state,
    });
  } catch (error) {
    if (error.code === "EADDRINUSE") throw new PortInUseError(entry.name, port, entry.mockPortEnv);
    throw error;
  }
  let prism;
  try {
    prism = await startPrism({ spec: entry.mockView, host });
  } catch (error) {
    const failure = new Error(`mock "${entry.name}": ${error.message}`);
    upstream.fail(failure);
    await new Promise((resolve) => {
      router.server.close(() => resolve());
      router.server.closeAllConnections?.();
    });
    throw failure;
  }
  upstream.open(prism.url);
  const url = `http://${host}:${router.port}`;
  let stopped;
  return {
    api: entry.name,
    packageName: entry.packageName,
    url,
    port: router.port,
    prismUrl: prism.url,
    prismPid: prism.pid,
    urlEnv: entry.mockUrlEnv,
    // Webhook delivery, when the spec has x-mock-webhooks: `settled()`, `subscriptions()`.
    ...(router.webhooks ? { webhooks: router.webhooks } : {}),
    /** The mock's store (undefined when stateless): `store.onChange(listener)`, `store.size`. */
    store: state?.store,
    /** Puts the store back to its seed (no-op when stateless). */
    async reset() {
      state?.reset();
    },
    stop() {
      stopped ??= (async () => {
        await new Promise((resolve) => {
          router.server.close(() => resolve());
          router.server.closeAllConnections?.();
        });
        await prism.stop();
      })();
      return stopped;
    },
  };
}

/** A promise the router's held requests wait on: `open(url)` once Prism answers, `fail(error)` if it never will. */
function readiness() {
  let open, fail;
  const ready = new Promise((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  ready.catch(() => {}); // held requests answer the failure; nobody else need observe it
  return { ready, open, fail };
}

/** The validating proxy's options (proxy.mjs startProxy) among `startMock`'s. */
const proxyOptions = ({ report, bodies, bodyLimit, log, secrets }) => ({ report, bodies, bodyLimit, log, secrets });

/** Resolves each API's port: its environment variable, else its default port (0 when it has none). */
export function portFor(entry, env = process.env) {
  const raw = entry.mockPortEnv ? env[entry.mockPortEnv] : undefined;
  if (raw === undefined || raw === "") return entry.mockPort ?? 0;
  const port = Number(raw);
  if (!raw.trim() || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${entry.mockPortEnv}=${raw} is not a port number`);
  return port;
}

/**
 * Starts the mocks of several APIs (default: every installed client package's), each with the
 * APIs it starts with (a token endpoint with its API); stops the started ones if one fails.
 * `apis` items are API names, client package names or package folders. `ports`: a port per API
 * name, or one number for all (0 = free ports); otherwise each API's variable, else its default.
 * @param {{ apis?: string[], host?: string, cwd?: string, env?: Record<string, string | undefined>, ports?: number | Record<string, number> }} [options]
 */
export async function startMocks(options = {}) {
  const { apis, host = "127.0.0.1", env = process.env, ports = {} } = options;
  const entries = resolveMockApis(apis, { cwd: cwdOf(options) });
  if (!options.stateless)
    checkSeedApis(
      options.seed,
      entries.map((e) => e.name),
    );
  const portOf = (entry) => (typeof ports === "number" ? ports : (ports[entry.name] ?? portFor(entry, env)));
  const upstreamOf = (entry) =>
    typeof options.upstreams === "string" ? options.upstreams : options.upstreams?.[entry.name];
  const results = await Promise.allSettled(
    entries.map((entry) =>
      upstreamOf(entry)
        ? startProxyMock(entry, { ...proxyOptions(options), upstream: upstreamOf(entry), port: portOf(entry), host })
        : startApiMock(entry, { port: portOf(entry), host, state: options }),
    ),
  );
  const started = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = results.filter((r) => r.status === "rejected").map((r) => r.reason);
  if (failed.length) {
    await Promise.all(started.map((m) => m.stop()));
    throw failed[0];
  }
  return {
    mocks: started,
    /** API name -> base URL. */
    urls: Object.fromEntries(started.map((m) => [m.api, m.url])),
    /** Puts every mock's store back to its seed. */
    async reset() {
      await Promise.all(started.map((m) => m.reset()));
    },
    async stop() {
      await Promise.all(started.map((m) => m.stop()));
    },
  };
}

// A plain start/stop pair for any test runner (node:test, mocha, jest globalSetup/globalTeardown,
// a CI script): `await setupMocks(["petstore"])` starts the mocks on free ports and sets each
// one's URL variable (PETSTORE_MOCK_URL, ...); `await teardownMocks()` stops all of them.

// Shared through globalThis so a teardown module loaded apart from the setup module (jest loads
// globalSetup and globalTeardown separately) still finds what was started.
const RUNNING = Symbol.for("@specforge/mock:running");

/**
 * @param {string[]} [apis] API names, client package names or package folders (default: every installed one)
 * @param {{ cwd?: string, host?: string, ports?: number | Record<string, number>, setEnv?: boolean, stateless?: boolean, seed?: string | object, maxItems?: number, upstreams?: string | Record<string, string>, report?: string, bodies?: boolean }} [options]
 * @returns {Promise<{ urls: Record<string, string>, mocks: import("./index.mjs").RunningMock[], reset(): Promise<void>, stop(): Promise<void> }>}
 */
export async function setupMocks(
  apis,
  { cwd, host, ports = 0, setEnv = true, stateless, seed, maxItems, ...proxy } = {},
) {
  // `upstreams` (+ report, bodies, ...): the named APIs run as validating proxies (proxy.mjs).
  const running = await startMocks({ apis, cwd, host, ports, stateless, seed, maxItems, ...proxy });
  if (setEnv) for (const m of running.mocks) if (m.urlEnv) process.env[m.urlEnv] = m.url;
  (globalThis[RUNNING] ??= new Set()).add(running);
  return {
    urls: running.urls,
    mocks: running.mocks,
    reset: () => running.reset(),
    async stop() {
      globalThis[RUNNING]?.delete(running);
      await running.stop();
    },
  };
}

/** Stops every mock `setupMocks` started in this process. */
export async function teardownMocks() {
  const all = [...(globalThis[RUNNING] ?? [])];
  globalThis[RUNNING]?.clear();
  await Promise.all(all.map((r) => r.stop()));
}
