// A vitest globalSetup that starts the mocks of some APIs on free ports for a test run and
// provides their URLs to the tests: `inject("mockUrls")[apiName]`.
import { startMocks } from "./index.mjs";

/** @param {string[]} apis */
export function mockGlobalSetup(apis) {
  return async function setup(project) {
    const ports = Object.fromEntries(apis.map((api) => [api, 0]));
    const running = await startMocks({ apis, ports });
    project.provide("mockUrls", Object.fromEntries(running.mocks.map((m) => [m.api, m.url])));
    return () => running.stop();
  };
}
