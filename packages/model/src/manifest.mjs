// The manifest a client package ships next to its bundles and mock views (`openapi/specforge.json`,
// exported as `<package>/specforge.json`): which APIs the package holds, where each one's files
// are, its mock's default port, how a program creates its client, and which APIs start together.
// Codegen writes it, the mock and the MCP server read it; this module is its one reader and
// writer. Node only (it reads files); the main entry of @specforge/model stays browser-safe.
import fs from "node:fs";
import path from "node:path";

/** The manifest format this module writes and reads. */
export const MANIFEST_VERSION = 1;
/** Where a client package's exports map puts the manifest. */
export const MANIFEST_EXPORT = "./specforge.json";
/** The manifest's file inside a client package, when its exports map does not say. */
export const MANIFEST_FILE = "openapi/specforge.json";

/**
 * The manifest of one client package. Paths in `apis` are relative to the manifest's folder.
 * @param {string} packageName
 * @param {import("./manifest.d.ts").ManifestApi[]} apis
 */
export function createManifest(packageName, apis) {
  return { specforgeManifest: MANIFEST_VERSION, package: packageName, apis };
}

/** The manifest as its file holds it (stable key order, a final newline). */
export const manifestText = (manifest) => `${JSON.stringify(manifest, null, 2)}\n`;

/**
 * Parses a manifest's text and checks its version. `file` names it in errors.
 * @returns {import("./manifest.d.ts").Manifest}
 */
export function parseManifest(text, file = "specforge.json") {
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(`cannot read the manifest ${file}: ${error.message}`);
  }
  if (manifest?.specforgeManifest !== MANIFEST_VERSION || !Array.isArray(manifest.apis))
    throw new Error(`${file} is not a specforge manifest of version ${MANIFEST_VERSION}`);
  return manifest;
}

/**
 * The APIs a manifest file lists, with absolute paths and what the mock and the MCP server need.
 * @param {string} file the manifest file
 * @param {string} [packageDir] the package's folder (default: the manifest's grandparent)
 * @returns {import("./manifest.d.ts").InstalledApi[]}
 */
export function readManifest(file, packageDir = path.dirname(path.dirname(file))) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read the manifest ${file}: ${error.code ?? error.message}`);
  }
  const manifest = parseManifest(text, file);
  const dir = path.dirname(file);
  // Every API's mock port in this package: a `{mock:<api>}` value in `client.mockEnv` names them.
  const mocks = Object.fromEntries(
    manifest.apis.map((api) => [api.name, { port: api.mockPort, portEnv: api.mockPortEnv }]),
  );
  return manifest.apis.map((api) => ({
    name: api.name,
    packageName: manifest.package,
    packageDir,
    bundle: path.resolve(dir, api.bundle),
    mockView: path.resolve(dir, api.mockView),
    ...(api.samples ? { samples: path.resolve(dir, api.samples) } : {}),
    mockPort: api.mockPort,
    mockPortEnv: api.mockPortEnv,
    mockUrlEnv: api.mockUrlEnv,
    startsWith: api.startsWith ?? [],
    // An API another one starts with (its token endpoint) is used by that API's client itself.
    companionOf: manifest.apis.find((other) => other.startsWith?.includes(api.name))?.name,
    client: api.client,
    mocks,
  }));
}

/** The manifest file of the package in `dir`, if it ships one (via its exports map, else by convention). */
export function manifestInPackage(dir) {
  let text;
  try {
    text = fs.readFileSync(path.join(dir, "package.json"), "utf8");
  } catch {
    return undefined;
  }
  // Most packages name no manifest: without the export's key in the text, only the conventional
  // file can be one (one stat instead of parsing every package.json of a node_modules scan).
  if (!text.includes("specforge.json") && !fs.existsSync(path.join(dir, MANIFEST_FILE))) return undefined;
  let pkg;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  const target = pkg.exports?.[MANIFEST_EXPORT];
  const file = path.resolve(dir, typeof target === "string" ? target : MANIFEST_FILE);
  return fs.existsSync(file) ? file : undefined;
}

/** Every `node_modules` folder Node would search from `start`, nearest first. */
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

/** The package folders in one node_modules folder, each with its real path. */
function packageDirsIn(nodeModules) {
  const list = (dir) => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  const realOf = (dir) => {
    try {
      return fs.realpathSync.native(dir);
    } catch {
      return undefined;
    }
  };
  const out = [];
  // One realpath per folder, and one per symlink (a workspace package): a plain folder's real
  // path is its real parent's joined with its name.
  const walk = (dir, realDir, scoped) => {
    if (!realDir) return;
    for (const entry of list(dir)) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (!scoped && entry.name.startsWith("@")) {
        walk(full, entry.isSymbolicLink() ? realOf(full) : path.join(realDir, entry.name), true);
        continue;
      }
      const real = entry.isSymbolicLink() ? realOf(full) : path.join(realDir, entry.name);
      if (real) out.push({ dir: full, real });
    }
  };
  walk(nodeModules, realOf(nodeModules), false);
  return out;
}

/**
 * Every API of every installed package that ships a manifest, reachable from any of `starts`
 * (as Node resolves an import from there), nearest first. A package found twice (a workspace
 * symlink, a nested copy) counts once, and so does an API name.
 * @param {string[]} starts folders to search from (e.g. the user's cwd and the calling package's own folder)
 * @returns {import("./manifest.d.ts").InstalledApi[]}
 */
export function installedApis(starts) {
  const seen = new Set();
  const apis = [];
  // A folder two starts share is listed once (its packages would all be seen already).
  for (const nm of new Set(starts.flatMap(nodeModulesChain))) {
    for (const { real } of packageDirsIn(nm)) {
      if (seen.has(real)) continue;
      seen.add(real);
      const file = manifestInPackage(real);
      if (!file) continue;
      for (const api of readManifest(file, real)) if (!apis.some((a) => a.name === api.name)) apis.push(api);
    }
  }
  return apis;
}
