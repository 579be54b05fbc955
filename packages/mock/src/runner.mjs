// A plain start/stop pair for any test runner (node:test, mocha, jest globalSetup/globalTeardown,
// a CI script): `await setupMocks(["petstore"])` starts the mocks on free ports and sets each
// one's URL variable (PETSTORE_MOCK_URL, ...); `await teardownMocks()` stops all of them.
import { startMocks } from "./index.mjs";

// Shared through globalThis so a teardown module loaded apart from the setup module (jest loads
// globalSetup and globalTeardown separately) still finds what was started.
const RUNNING = Symbol.for("@specforge/mock:running");

/**
 * @param {string[]} [apis] API names, client package names or package folders (default: every installed one)
 * @param {{ cwd?: string, host?: string, ports?: number | Record<string, number>, setEnv?: boolean, upstreams?: string | Record<string, string>, report?: string, bodies?: boolean }} [options]
 * @returns {Promise<{ urls: Record<string, string>, mocks: import("./index.mjs").RunningMock[], stop(): Promise<void> }>}
 */
export async function setupMocks(apis, { cwd, host, ports = 0, setEnv = true, ...proxy } = {}) {
  // `upstreams` (+ report, bodies, ...): the named APIs run as validating proxies (proxy.mjs).
  const running = await startMocks({ apis, cwd, host, ports, ...proxy });
  if (setEnv) for (const m of running.mocks) if (m.urlEnv) process.env[m.urlEnv] = m.url;
  (globalThis[RUNNING] ??= new Set()).add(running);
  return {
    urls: running.urls,
    mocks: running.mocks,
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
