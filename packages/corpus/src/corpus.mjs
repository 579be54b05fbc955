// The corpus: real public OpenAPI descriptions installed from npm (pinned in package.json) and
// listed in corpus.json. Nothing here copies a spec: each entry points at a file inside its
// installed package, which the import pipeline reads unchanged.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { operationsOf } from "@specforge/model";

export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifestFile = path.join(packageDir, "corpus.json");

/** The manifest's entries, in manifest order. */
export function corpusSpecs() {
  return JSON.parse(fs.readFileSync(manifestFile, "utf8")).specs;
}

/**
 * The installed directory of an npm package, found by walking up node_modules folders as Node
 * does. Not require.resolve: several corpus packages have an `exports` map that hides their
 * package.json and their spec files.
 */
export function installedPackageDir(name, from = packageDir) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", ...name.split("/"));
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`${name} is not installed: run npm install (it is a devDependency of @specforge/corpus)`);
  }
}

/** The absolute path of an entry's spec file; refuses a package whose installed version is not the pinned one. */
export function specFile(entry) {
  const dir = installedPackageDir(entry.package);
  const installed = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  if (installed !== entry.version) {
    throw new Error(
      `${entry.name}: corpus.json pins ${entry.package}@${entry.version} but ${installed} is installed; run npm install`,
    );
  }
  const file = path.join(dir, entry.path);
  if (!fs.existsSync(file)) throw new Error(`${entry.name}: ${entry.package}@${entry.version} has no ${entry.path}`);
  return file;
}

/** The parsed description of an entry, as the importer reads it (a leading byte-order mark is tolerated). */
export async function loadSpec(entry) {
  const { parseYaml } = await import("@redocly/openapi-core");
  const text = fs.readFileSync(specFile(entry), "utf8").replace(/^\uFEFF/, "");
  return entry.path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
}

/** What the manifest states about a description, read from the description itself. */
export function factsOf(doc) {
  const operations = operationsOf(doc);
  const parameters = new Set(operations.flatMap((o) => o.parameters.map((p) => p.name)));
  const auth = new Set();
  for (const scheme of Object.values(doc.components?.securitySchemes ?? {})) {
    if (scheme.type === "apiKey") auth.add(`apiKey:${scheme.in}`);
    else if (scheme.type === "http") auth.add(`http:${String(scheme.scheme).toLowerCase()}`);
    else auth.add(scheme.type);
  }
  return { openapi: doc.openapi, operations: operations.length, auth: [...auth].sort(), parameters };
}
