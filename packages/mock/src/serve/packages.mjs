// Finds what to serve: client packages installed in the user's project, each shipping a manifest
// (`openapi/specforge.json`, exported as `<package>/specforge.json`) that lists its APIs, their
// mock views and default ports. Resolution starts at the caller's folder (process.cwd()), as
// Node resolves an import from there, so it works the same in this repository (workspace
// packages are symlinked into node_modules) and in any project that installed the packages.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MANIFEST_EXPORT = "./specforge.json";
const SUPPORTED_MANIFEST = 1;

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

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Reads a manifest file and returns its APIs with absolute paths. */
export function readManifest(manifestFile, packageDir = path.dirname(path.dirname(manifestFile))) {
  let manifest;
  try {
    manifest = readJson(manifestFile);
  } catch (error) {
    throw new Error(`cannot read the mock manifest ${manifestFile}: ${error.message}`);
  }
  if (manifest.specforgeManifest !== SUPPORTED_MANIFEST || !Array.isArray(manifest.apis)) {
    throw new Error(
      `${manifestFile} is not a specforge manifest this @specforge/mock reads (version ${SUPPORTED_MANIFEST})`,
    );
  }
  const dir = path.dirname(manifestFile);
  return manifest.apis.map((api) => ({
    name: api.name,
    packageName: manifest.package,
    packageDir,
    mockView: path.resolve(dir, api.mockView),
    bundle: path.resolve(dir, api.bundle),
    mockPort: api.mockPort,
    mockPortEnv: api.mockPortEnv,
    mockUrlEnv: api.mockUrlEnv,
    startsWith: api.startsWith ?? [],
  }));
}

/** The manifest of the package in `dir`, if it ships one (via its exports map, else by convention). */
function manifestInPackage(dir) {
  let pkg;
  try {
    pkg = readJson(path.join(dir, "package.json"));
  } catch {
    return undefined;
  }
  const target = pkg.exports?.[MANIFEST_EXPORT];
  const file = path.resolve(dir, typeof target === "string" ? target : "openapi/specforge.json");
  return fs.existsSync(file) ? file : undefined;
}

/** Every `node_modules` folder Node would search from `start` (nearest first). */
function nodeModulesChain(start) {
  const dirs = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== "node_modules") {
      const nm = path.join(dir, "node_modules");
      if (fs.existsSync(nm)) dirs.push(nm);
    }
    if (path.dirname(dir) === dir) return dirs;
  }
}

function packageDirsIn(nodeModules) {
  const out = [];
  let names = [];
  try {
    names = fs.readdirSync(nodeModules);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name.startsWith(".")) continue;
    if (name.startsWith("@")) {
      let scoped = [];
      try {
        scoped = fs.readdirSync(path.join(nodeModules, name));
      } catch {
        continue;
      }
      for (const sub of scoped) out.push(path.join(nodeModules, name, sub));
    } else out.push(path.join(nodeModules, name));
  }
  return out;
}

/**
 * Every installed package (reachable from `cwd`, nearest first) that ships a mock manifest, and
 * its APIs. A package found twice (a workspace symlink, a nested copy) counts once.
 * @returns {MockApi[]}
 */
export function installedMockApis(cwd = process.cwd()) {
  const seen = new Set();
  const apis = [];
  const starts = [cwd, path.dirname(fileURLToPath(import.meta.url))];
  for (const nm of starts.flatMap(nodeModulesChain)) {
    for (const dir of packageDirsIn(nm)) {
      let real;
      try {
        real = fs.realpathSync(dir);
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      const manifest = manifestInPackage(real);
      if (!manifest) continue;
      for (const api of readManifest(manifest, real)) if (!apis.some((a) => a.name === api.name)) apis.push(api);
    }
  }
  return apis;
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
