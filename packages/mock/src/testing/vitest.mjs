// A vitest globalSetup that starts the mocks of some APIs on free ports for a test run and
// provides their URLs to the tests: `inject("mockUrls")[apiName]`, and as environment variables
// (`PETSTORE_MOCK_URL`, ...) for code that reads its configuration from the environment.
import { startMocks } from "../index.mjs";

/**
 * @param {string[]} apis API names, client package names or package folders (each API brings
 *   the APIs it starts with, e.g. a token endpoint)
 * @param {{ cwd?: string, stateless?: boolean, seed?: string | object, maxItems?: number, upstreams?: string | Record<string, string>, report?: string, bodies?: boolean }} [options]
 *   `seed`: your fixtures (`{ "<api>": { "<resource>": [item, ...] } }` or a JSON file's path);
 *   `stateless`: every answer an example, as before the stateful mock
 */
export function mockGlobalSetup(apis, options = {}) {
  return async function setup(project) {
    // `upstreams` (+ report, bodies, ...): the named APIs run as validating proxies (proxy.mjs).
    const { cwd, stateless, seed, maxItems, ...proxy } = options;
    const running = await startMocks({ apis, ports: 0, cwd, stateless, seed, maxItems, ...proxy });
    for (const m of running.mocks) if (m.urlEnv) process.env[m.urlEnv] = m.url;
    project.provide("mockUrls", running.urls);
    return () => running.stop();
  };
}
