// Reads the registry of APIs (redocly.yaml `apis:`) and resolves where each API's outputs go.
import path from "node:path";
import { loadConfig } from "@redocly/openapi-core";

/**
 * @typedef {object} ApiEntry
 * @property {string} name        the API's key in redocly.yaml
 * @property {string} root        absolute path of the spec's root file
 * @property {string} rootRel     the root as written in redocly.yaml (used in headers)
 * @property {string} packageDir  absolute path of the client package
 * @property {string|undefined} docsUrl  the API's page in the published docs portal (root package.json `homepage` + `<name>.html`)
 * @property {string} packageName the client package's npm name (its package.json; the folder name before it has one)
 * @property {object|undefined} client how a program creates the API's client (`x-specforge.client`): the docs'
 *   code samples, the tour and the client package manifest (for the MCP server) read it
 * @property {boolean} imported    the spec is a provider's published file (x-specforge.imported), read through import.mjs
 * @property {string|undefined} overlay  absolute path of the imported spec's OpenAPI Overlay (x-specforge.overlay)
 * @property {number} mockPort    default mock port
 * @property {string} mockPortEnv environment variable overriding the port
 * @property {import("@redocly/openapi-core").Config} config  the Redocly config for this API
 */

/** Finds the workspace root (the folder holding redocly.yaml) from `start` upwards. */
export async function findRepoRoot(start = process.cwd()) {
  const { existsSync } = await import("node:fs");
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, "redocly.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`redocly.yaml not found above ${start}`);
    dir = up;
  }
}

/** @returns {Promise<{ repoRoot: string, apis: ApiEntry[] }>} */
export async function loadRegistry(repoRoot) {
  repoRoot ??= await findRepoRoot();
  const configPath = path.join(repoRoot, "redocly.yaml");
  const config = await loadConfig({ configPath });
  const { readFile } = await import("node:fs/promises");
  // The published docs portal (root package.json `homepage`); generated JSDoc links each operation there.
  const portal = await readFile(path.join(repoRoot, "package.json"), "utf8").then(
    (text) => JSON.parse(text).homepage,
    () => undefined,
  );
  const packageNameOf = (dir) =>
    readFile(path.join(dir, "package.json"), "utf8").then(
      (text) => JSON.parse(text).name,
      (error) => (error.code === "ENOENT" ? path.basename(dir) : Promise.reject(error)),
    );
  const apis = await Promise.all(
    Object.entries(config.resolvedConfig.apis ?? {}).map(async ([name, entry]) => {
      const sf = entry["x-specforge"];
      if (!sf?.package)
        throw new Error(`redocly.yaml: apis.${name} needs x-specforge.package (the client package folder)`);
      const packageDir = path.resolve(repoRoot, sf.package);
      return {
        name,
        root: path.resolve(repoRoot, entry.root),
        rootRel: entry.root,
        packageDir,
        packageName: await packageNameOf(packageDir),
        client: sf.client,
        docsUrl: portal ? new URL(`${name}.html`, portal.endsWith("/") ? portal : `${portal}/`).href : undefined,
        // An imported spec (the provider's file kept as published): the pipeline upgrades it to 3.1
        // and applies the overlay beside it (import.mjs); see docs/spec-conventions.md, "Imported specs".
        imported: sf.imported === true,
        overlay: sf.overlay ? path.resolve(repoRoot, sf.overlay) : undefined,
        mockPort: sf.mockPort,
        mockPortEnv: sf.mockPortEnv,
        config: config.forAlias(name),
      };
    }),
  );
  return { repoRoot, apis };
}

/** Where the generator writes an API's outputs (one place, so mock, docs and tests agree). */
export function outputPaths(api) {
  return {
    generatedDir: path.join(api.packageDir, "src", "generated", api.name),
    bundle: path.join(api.packageDir, "openapi", `${api.name}.json`),
    mockView: path.join(api.packageDir, "openapi", `${api.name}.mock.json`),
    docsView: path.join(api.packageDir, "openapi", `${api.name}.docs.json`),
    // The docs view's TypeScript sample of each operation, which the client package ships (the MCP
    // server's `search` shows them; the docs view itself stays in the repository).
    samples: path.join(api.packageDir, "openapi", `${api.name}.samples.json`),
    // What @specforge/mock reads to serve the package's APIs anywhere (see manifest.mjs).
    manifest: path.join(api.packageDir, "openapi", "specforge.json"),
  };
}
