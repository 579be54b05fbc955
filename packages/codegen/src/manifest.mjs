// The manifest a client package ships next to its bundles and mock views
// (`openapi/specforge.json`): which APIs the package holds, where each one's files are, which
// port its mock listens on by default (and the variable overriding it), and which APIs start
// together. `@specforge/mock` and `@specforge/mcp` read only this file (through
// `@specforge/model/manifest`, its one reader and writer), so they serve an installed client
// package in any project, with no redocly.yaml and no generator around.
import path from "node:path";
import { createManifest, manifestText } from "@specforge/model/manifest";
import { outputPaths } from "./config.mjs";
import { writeAtomic } from "./emit.mjs";

/** `PETSTORE_MOCK_PORT` -> `PETSTORE_MOCK_URL`; else derived from the API name. */
function urlEnvOf(api) {
  if (api.mockPortEnv?.endsWith("_PORT")) return `${api.mockPortEnv.slice(0, -"_PORT".length)}_URL`;
  return `${api.name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_MOCK_URL`;
}

/**
 * How a program creates the API's client (read by @specforge/mcp): the factory the package exports
 * and its options, each a literal or `{env, default?, scheme?}` (`x-specforge.client` in
 * redocly.yaml, so the docs samples, the tour and the MCP server read the same variables), plus
 * `mockEnv`: the values that point the client at the API's mock.
 */
function clientOf(api) {
  const client = api.client;
  if (!client?.factory) return undefined;
  return {
    factory: client.factory,
    options: client.options ?? {},
    ...(client.mockEnv ? { mockEnv: client.mockEnv } : {}),
  };
}

/**
 * The manifest of one client package, from the registry entries whose `x-specforge.package` is
 * that folder (in redocly.yaml order). The first API of a package starts the others with it (a
 * token endpoint comes up with the API it serves); naming a later one starts only that one.
 */
export function manifestFor(packageName, apis) {
  return createManifest(
    packageName,
    apis.map((api, i) => {
      const out = outputPaths(api);
      const dir = path.dirname(out.manifest);
      return {
        name: api.name,
        bundle: path.relative(dir, out.bundle).split(path.sep).join("/"),
        mockView: path.relative(dir, out.mockView).split(path.sep).join("/"),
        samples: path.relative(dir, out.samples).split(path.sep).join("/"),
        ...(api.mockPort !== undefined ? { mockPort: api.mockPort } : {}),
        ...(api.mockPortEnv ? { mockPortEnv: api.mockPortEnv } : {}),
        mockUrlEnv: urlEnvOf(api),
        startsWith: i === 0 ? apis.slice(1).map((a) => a.name) : [],
        ...(clientOf(api) ? { client: clientOf(api) } : {}),
      };
    }),
  );
}

/**
 * Writes the manifest of every client package that holds one of `apis` (listing all its APIs);
 * the mock and the MCP server read it.
 */
export async function writeClientPackageManifests(registry, apis) {
  const dirs = [...new Set(apis.map((a) => a.packageDir))];
  for (const dir of dirs) {
    const own = registry.apis.filter((a) => a.packageDir === dir);
    await writeAtomic(outputPaths(own[0]).manifest, manifestText(manifestFor(own[0].packageName, own)));
  }
}
