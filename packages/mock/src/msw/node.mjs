// `createMockHandlers` in Node: `api` may also be what `specforge-mock` takes (an API name, a
// client package or a package folder), found among the installed client packages as the server
// mock finds them, with the APIs it starts alongside (a token endpoint its manifest lists in `startsWith`).
import fs from "node:fs";
import { resolveMockApis } from "../serve/packages.mjs";
import { readSeedFile } from "../state/seed-file.mjs";
import { apiHandlers, combine, createMockHandlers as handlersOfViews } from "./index.mjs";

export { apiHandlers, combine };

/**
 * @param {string | object | object[]} api an API name (`petstore`), a client package
 *   (`@acme/petstore`), a package folder, or mock view object(s)
 * @param {{ baseUrl?: string | Record<string, string>, seed?: string | object, stateless?: boolean, maxItems?: number, cwd?: string }} [options]
 *   with a name: `seed` as startMock takes it (a file or `{ "<api>": { "<resource>": [...] } }`), `baseUrl` one URL for the named API or one per API name
 */
export function createMockHandlers(api, options = {}) {
  if (typeof api !== "string") return handlersOfViews(api, options);
  const { seed, baseUrl, cwd, ...rest } = options;
  const apis = resolveMockApis([api], cwd ? { cwd } : {});
  const fixtures = typeof seed === "string" ? readSeedFile(seed) : seed;
  if (fixtures) {
    const unknown = Object.keys(fixtures).filter((name) => !apis.some((a) => a.name === name));
    if (unknown.length)
      throw new Error(`seed: ${unknown.join(", ")} is not served here (served: ${apis.map((a) => a.name).join(", ")})`);
  }
  return combine(
    apis.map((entry, i) => {
      const view = JSON.parse(fs.readFileSync(entry.mockView, "utf8"));
      const url = typeof baseUrl === "object" ? baseUrl?.[entry.name] : i === 0 ? baseUrl : undefined;
      return apiHandlers(view, { ...rest, baseUrl: url, seed: fixtures?.[entry.name] });
    }),
  );
}
