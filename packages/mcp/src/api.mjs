// Finds the API a user names among the client packages installed in their project, as
// @specforge/mock does: each package ships a manifest (`openapi/specforge.json`, exported as
// `<package>/specforge.json`) listing its APIs, their bundled specs and how to create the client
// (`client`: the factory and its options, read from environment variables). Resolution starts at
// the caller's folder, as Node resolves an import from there.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { manifestInPackage, installedApis as modelInstalledApis, readManifest } from "@specforge/model/manifest";

/** @typedef {import("@specforge/model/manifest").InstalledApi} ApiEntry */

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

/**
 * Every API of every installed client package reachable from `cwd` or from this package's own
 * folder (so `npx specforge-mcp` finds the packages installed beside it), nearest first, each once.
 */
export function installedApis(cwd = process.cwd()) {
  return modelInstalledApis([cwd, path.dirname(fileURLToPath(import.meta.url))]);
}

/**
 * The API `name` names: an API name (`petstore`), a client package (`@acme/petstore`:
 * its first API) or a package folder (`./vendor/client`). Unknown: one line listing what is installed.
 * @returns {ApiEntry}
 */
export function resolveApi(name, { cwd = process.cwd() } = {}) {
  if (!name) throw new Error("name the API to serve (e.g. specforge-mcp petstore)");
  const isPath = name.startsWith(".") || path.isAbsolute(name);
  if (isPath) {
    const dir = path.resolve(cwd, name);
    const manifest = manifestInPackage(dir);
    if (!manifest)
      throw new Error(
        `${dir} is not a client package with a manifest (openapi/specforge.json; run \`npm run generate\` in its repository)`,
      );
    return readManifest(manifest, dir)[0];
  }
  const installed = installedApis(cwd);
  const found = installed.find((a) => a.name === name) ?? installed.find((a) => a.packageName === name);
  if (found?.companionOf) {
    throw new Error(
      `${found.name} is used by the ${found.companionOf} client itself (e.g. for its tokens), so it has no tools of its own; serve ${found.companionOf}`,
    );
  }
  if (found) return found;
  const known = installed.map((a) => a.name);
  throw new Error(
    `unknown API "${name}": ${known.length ? `installed client packages serve ${known.join(", ")}` : `no specforge client package is installed (from ${cwd})`}; ` +
      "name an API, a package (@scope/name) or a package folder",
  );
}

/** The ESM entry of a package (its exports map's `import`/`default` for "."), as Node would import it. */
function esmEntry(dir) {
  const pkg = readJson(path.join(dir, "package.json"));
  const pick = (target) => {
    if (typeof target === "string") return target;
    if (!target || typeof target !== "object" || Array.isArray(target)) return undefined;
    for (const condition of ["import", "node", "default"]) if (condition in target) return pick(target[condition]);
    return undefined;
  };
  const exportsMap = pkg.exports;
  const root = exportsMap && typeof exportsMap === "object" && "." in exportsMap ? exportsMap["."] : exportsMap;
  const entry = pick(root) ?? pkg.module ?? pkg.main ?? "index.js";
  return path.resolve(dir, entry);
}

/** Loads what the server needs of an API: its bundled spec and its client package's module. */
export async function loadApi(entry) {
  let doc;
  try {
    doc = readJson(entry.bundle);
  } catch (error) {
    throw new Error(
      `${entry.name}: cannot read its spec ${entry.bundle} (${entry.packageName} ships it; in its repository run \`npm run generate\`): ${error.message}`,
    );
  }
  const file = esmEntry(entry.packageDir);
  let exports;
  try {
    exports = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new Error(
      `${entry.name}: cannot import ${entry.packageName} (${file}; in its repository run \`npm run build\`): ${error.message}`,
    );
  }
  return { doc, exports, version: readJson(path.join(entry.packageDir, "package.json")).version };
}
