// Finds what to serve: client packages installed in the user's project, each shipping a manifest
// (`openapi/specforge.json`, exported as `<package>/specforge.json`) that lists its APIs, their
// mock views and default ports. Resolution starts at the caller's folder (process.cwd()), as
// Node resolves an import from there, so it works the same in this repository (workspace
// packages are symlinked into node_modules) and in any project that installed the packages.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installedApis, manifestInPackage, readManifest } from "@specforge/model/manifest";

/**
 * @typedef {object} MockApi
 * @property {string} name          the API's name (e.g. the short name a user types)
 * @property {string} packageName   the client package serving it
 * @property {string} packageDir    that package's folder
 * @property {string} mockView      absolute path of the mock view Prism serves
 * @property {string} bundle        absolute path of the bundled spec
 * @property {number} [mockPort]    default port
 * @property {string} [mockPortEnv] variable overriding the port
 * @property {string} [mockUrlEnv]  variable the test helpers set to the mock's URL
 * @property {string[]} startsWith  APIs that start with this one (e.g. its token endpoint)
 */

/** Reads a manifest file and returns its APIs with absolute paths (the model's one reader). */
export { readManifest };

/**
 * Every installed package (reachable from `cwd`, nearest first) that ships a mock manifest, and
 * its APIs. A package found twice (a workspace symlink, a nested copy) counts once.
 * @returns {MockApi[]}
 */
export function installedMockApis(cwd = process.cwd()) {
  return installedApis([cwd, path.dirname(fileURLToPath(import.meta.url))]);
}

const looksLikePath = (s) => s.startsWith(".") || path.isAbsolute(s) || (s.includes(path.sep) && !s.startsWith("@"));

/** The APIs of the package `spec` names (a package name or a folder), resolved from `cwd`. */
function apisOfPackage(spec, cwd) {
  if (looksLikePath(spec)) {
    const dir = path.resolve(cwd, spec);
    const manifest =
      manifestInPackage(dir) ??
      (fs.existsSync(path.join(dir, "specforge.json")) ? path.join(dir, "specforge.json") : undefined);
    if (!manifest)
      throw new Error(
        `${dir} is not a client package with a mock manifest (openapi/specforge.json; run \`npm run generate\` in its repository)`,
      );
    return readManifest(manifest, manifestInPackage(dir) ? dir : path.dirname(dir));
  }
  const require = createRequire(path.join(path.resolve(cwd), "noop.js"));
  let file;
  try {
    file = require.resolve(`${spec}/specforge.json`);
  } catch {
    try {
      const dir = path.dirname(require.resolve(`${spec}/package.json`));
      file = manifestInPackage(dir);
    } catch {
      return undefined;
    }
  }
  if (!file) return undefined;
  return readManifest(file, packageDirOf(file));
}

function packageDirOf(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(path.dirname(file));
  }
}

/**
 * Resolves what the user named: an API name (`petstore`, `petstore-auth`), a package name
 * (`@acme/petstore`: all its APIs) or a package folder. Naming an API also starts the
 * APIs it lists in `startsWith` (a token endpoint with its API). No names: every installed one.
 * @param {string[] | undefined} names
 * @param {{ cwd?: string, companions?: boolean }} [options]
 * @returns {MockApi[]}
 */
export function resolveMockApis(names, { cwd = process.cwd(), companions = true } = {}) {
  let installed;
  const all = () => (installed ??= installedMockApis(cwd));
  if (!names?.length) {
    const apis = all();
    if (!apis.length)
      throw new Error(
        `no client package with a mock was found from ${cwd}; install one (e.g. npm install @acme/petstore) or name a package folder`,
      );
    return apis;
  }
  const picked = [];
  const add = (api) => {
    if (!picked.some((p) => p.name === api.name)) picked.push(api);
  };
  for (const name of names) {
    const byApi = looksLikePath(name) || name.startsWith("@") ? undefined : all().find((a) => a.name === name);
    if (byApi) {
      add(byApi);
      if (companions) {
        for (const other of byApi.startsWith) {
          const companion =
            all().find((a) => a.name === other) ?? apisOfPackage(byApi.packageDir, cwd)?.find((a) => a.name === other);
          if (companion) add(companion);
        }
      }
      continue;
    }
    const fromPackage = apisOfPackage(name, cwd);
    if (fromPackage?.length) {
      fromPackage.forEach(add);
      continue;
    }
    const known = all().map((a) => a.name);
    throw new Error(
      `unknown API "${name}": ${known.length ? `installed client packages serve ${known.join(", ")}` : `no client package with a mock is installed (from ${cwd})`}; ` +
        "name an API, a package (@scope/name) or a package folder",
    );
  }
  return picked;
}
