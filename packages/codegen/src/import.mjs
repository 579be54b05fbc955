// Imported specs: a provider's published Swagger 2.0, OpenAPI 3.0 or 3.1 description, kept byte for
// byte under specs/<api>/, with specforge's additions in an OpenAPI Overlay beside it (docs/decisions.md).
// This module turns the file into the document the rest of the pipeline reads, in memory only:
//   1. 2.0 and 3.0 are upgraded to 3.1 (@scalar/openapi-upgrader, plus the nullable cases it leaves),
//      never in the source file;
//   2. Redocly's bundler applies the overlay (x-specforge.overlay in redocly.yaml);
//   3. operations without an operationId get one from their method and path.
// Whatever does not break generation becomes a warning, counted per kind, each with what the user
// can do about it (summarizeWarnings). Nothing here knows a provider.
import fs from "node:fs/promises";
import path from "node:path";
import { bundle, parseYaml, Source } from "@redocly/openapi-core";
import { upgrade } from "@scalar/openapi-upgrader";
import { HTTP_METHODS } from "@specforge/model";
import { paths as jsonPaths } from "jsonpath-rfc9535";

/** Keys whose values are data (examples, defaults, extension payloads), not OpenAPI structure. */
const isDataKey = (key) =>
  key === "example" || key === "default" || key === "enum" || key === "const" || key.startsWith("x-");
/** Keys whose children are names chosen by the spec's author (a property called `example` is a schema). */
const NAME_MAPS = new Set([
  "properties",
  "definitions", // Swagger 2.0's schemas and security schemes
  "securityDefinitions",
  "patternProperties",
  "responses",
  "schemas",
  "parameters",
  "headers",
  "content",
  "paths",
  "callbacks",
  "links",
  "securitySchemes",
  "requestBodies",
  "encoding",
  "mapping",
]);

/**
 * Calls `visit(node, parentKey)` on every object of the OpenAPI structure, not inside data values
 * (examples, defaults, enums, vendor extensions), so an example payload that looks like a schema
 * is left as it is.
 */
function walkStructure(node, visit, parentKey = "") {
  if (Array.isArray(node)) {
    for (const item of node) walkStructure(item, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  visit(node, parentKey);
  const names = NAME_MAPS.has(parentKey);
  for (const [key, value] of Object.entries(node)) {
    if (!names && isDataKey(key)) continue;
    // A media type's or parameter's named examples: Example Objects whose `value` is data.
    if (!names && key === "examples" && value && typeof value === "object" && !Array.isArray(value)) continue;
    if (!names && key === "examples" && Array.isArray(value)) continue;
    walkStructure(value, visit, names ? "" : key);
  }
}

/**
 * The 3.0 `nullable` cases the upgrader leaves (it converts `nullable` only beside `type`): beside
 * a `$ref` or a composition it becomes `anyOf [.., {type: null}]`, with an `enum` it admits `null`,
 * and `nullable: false` goes.
 */
function fixNullable(doc) {
  walkStructure(doc, (node) => {
    if (!("nullable" in node)) return;
    const nullable = node.nullable === true;
    delete node.nullable;
    if (!nullable) return;
    if (node.type !== undefined) {
      node.nullable = true; // the upgrader turns it into type: [t, "null"]
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
      return;
    }
    if (Array.isArray(node.oneOf)) {
      node.oneOf = [...node.oneOf, { type: "null" }];
      return;
    }
    const inner = {};
    for (const key of ["$ref", "allOf", "anyOf", "not"]) {
      if (key in node) {
        inner[key] = node[key];
        delete node[key];
      }
    }
    if (Object.keys(inner).length) node.anyOf = [inner, { type: "null" }];
  });
}

/**
 * Runs the upgrader on the document's structure only: data values (examples, defaults, extension
 * payloads) are swapped for placeholders first and put back after, so the upgrader, which walks
 * every object, cannot rewrite an example that happens to contain `nullable` or `format: binary`.
 */
function upgradeTo31(doc) {
  // Swagger 2.0's example keys are moved by the upgrader itself (`x-example`, `x-examples`, a
  // response's `examples` by media type): those stay in place, their values are held.
  const swagger2 = isSwagger2(doc);
  const movedByUpgrader = (key) => swagger2 && (key === "x-example" || key === "x-examples");
  const held = [];
  const hold = (value) => `\u0000specforge-held-${held.push(value) - 1}`;
  // The upgrader reads `example` on every object, a map of property names included.
  const KEY_MARK = "\u0000specforge-key-";
  const renameKeys = (node, rename) => {
    const entries = Object.entries(node);
    if (!entries.some(([k]) => rename(k) !== k)) return;
    for (const [k] of entries) delete node[k];
    for (const [k, v] of entries) node[rename(k)] = v;
  };
  walkStructure(doc, (node, parentKey) => {
    if (NAME_MAPS.has(parentKey))
      return renameKeys(node, (k) => (k === "example" || k.startsWith("x-") ? `${KEY_MARK}${k}` : k));
    for (const key of Object.keys(node)) {
      if (isDataKey(key) && !movedByUpgrader(key)) node[key] = hold(node[key]);
      else if (key === "examples" && node[key] && typeof node[key] === "object") {
        if (Array.isArray(node[key])) node[key] = hold(node[key]);
        else if (swagger2) for (const name of Object.keys(node[key])) node[key][name] = hold(node[key][name]);
        else
          for (const example of Object.values(node[key]))
            if (example && typeof example === "object" && "value" in example) example.value = hold(example.value);
      }
    }
  });
  const upgraded = upgrade(doc, "3.1");
  const restore = (node) => {
    if (typeof node === "string" && node.startsWith("\u0000specforge-held-"))
      return held[Number(node.slice("\u0000specforge-held-".length))];
    if (Array.isArray(node)) return node.map(restore);
    if (node && typeof node === "object") {
      for (const key of Object.keys(node)) node[key] = restore(node[key]);
      renameKeys(node, (k) => (k.startsWith(KEY_MARK) ? k.slice(KEY_MARK.length) : k));
    }
    return node;
  };
  return restore(upgraded);
}

/** Swagger 2.0, which the upgrader takes to 3.0 and then 3.1 in one call. */
export const isSwagger2 = (parsed) => String(parsed?.swagger) === "2.0";

/** A Swagger 2.0 or OpenAPI 3.0 document as 3.1 (in place where it can); a 3.1 document as it is. */
export function upgradeDocument(parsed) {
  if (!isSwagger2(parsed) && !/^3\.0\./.test(String(parsed?.openapi))) return parsed;
  fixNullable(parsed);
  return upgradeTo31(parsed);
}

/** `get /pets/{petId}/toys` -> `get_pets_petId_toys`: a name for an operation its spec leaves unnamed. */
export function operationIdFor(method, pathKey) {
  const words = pathKey.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [method.toLowerCase(), ...words].join("_");
}

/** One warning kind: a Redocly rule id or a specforge check, with a count, what it means and what to do. */
const ADVICE = {
  "no-invalid-media-type-examples":
    "examples that do not match their schema; the docs show them and the mock may answer with them. Correct them in the overlay (an `update` of the example) or report them to the provider",
  "no-invalid-schema-examples":
    "schema examples that do not match their schema; correct them in the overlay or report them to the provider",
  "no-invalid-parameter-examples":
    "parameter examples that do not match their schema; the docs' samples use them. Correct them in the overlay",
  "operation-summary":
    "operations without a summary; the docs and the editor show the operationId instead. Add summaries in the overlay",
  "operation-operationId": "operations without an operationId (named from method and path, see specforge/operation-id)",
  "security-defined":
    "operations that declare no security; the client sends them no credentials. Add `security` in the overlay if they need some",
  "no-unused-components": "components no operation uses; harmless, they are still typed",
  struct: "elements OpenAPI 3.1 does not allow here; generation goes on, check the generated types of these elements",
  "no-server-example.com": "example.com servers; pass `baseUrl` to the client",
  "no-empty-servers": "no server in the spec; pass `baseUrl` to the client, or add `servers` in the overlay",
  "no-undefined-server-variable": "server URLs with a variable the spec does not define; pass `baseUrl` to the client",
  "operation-operationId-url-safe":
    "operationIds with characters a URL or an identifier cannot hold; the method name replaces them with `_`. Rename them in the overlay to choose the names",
  "path-parameters-defined":
    "path parameters the operation does not declare (or declared ones the path lacks); the client's types miss them. Declare them in the overlay",
  "operation-parameters-unique":
    "parameters declared twice on one operation; the types keep one. Remove the duplicate in the overlay",
  "no-identical-paths":
    "paths that differ only in parameter names; the mock may route a request to either. Remove one in the overlay",
  "no-ambiguous-paths": "paths a request could match twice; the mock may route to either",
  "no-enum-type-mismatch":
    "enum values of another type than their schema; the types and the mock follow the enum. Correct them in the overlay",
  "no-schema-type-mismatch":
    "schema keywords that do not fit the schema's type (items on a non-array, ...); they are ignored. Correct them in the overlay",
  "no-path-trailing-slash": "paths ending in `/`; the client calls them as written",
  "path-not-include-query": "paths with a query string in them; the client sends it as part of the path",
  "spec-components-invalid-map-name":
    "component names with characters a $ref cannot hold; rename them in the overlay if a $ref breaks",
  "no-required-schema-properties-undefined":
    "required properties the schema does not define; the types require them as `unknown`. Define them in the overlay",
  "operation-2xx-response":
    "operations with no 2xx response; the client's call resolves to nothing typed. Add the success response in the overlay",
  "no-example-value-and-externalValue": "examples with both `value` and `externalValue`; the docs show `value`",
  "specforge/operation-id":
    "operations without an operationId, named from method and path (e.g. get_pets_petId); name them in the overlay (`update: {operationId: ...}`) so the method names stay put",
  "specforge/null-schema":
    "schemas written as null, read as any value (the types say `unknown`); give them a schema in the overlay",
  "specforge/js-pattern":
    "patterns that are not JavaScript regular expressions; the mock and the docs cannot check these values. Rewrite the pattern in the overlay",
  "specforge/mock-ref-example":
    "examples whose value holds a `$ref` key, left out of the mock view (the docs keep them); to serve one, replace it in the overlay with a value without a `$ref` key",
  "specforge/mock-media":
    "response media types Prism cannot serialize, served by the mock as application/json; declare a JSON media type in the overlay to choose the answer",
  "specforge/mock-invalid-example":
    "examples the mock skips because they do not match their schema (see no-invalid-media-type-examples); correct them in the overlay to have the mock serve them",
  "specforge/mock-stateless":
    "operations that look like part of a resource but that the stateful mock answers with examples (the docs say so); set `x-mock.resource` in the overlay to correct the model, or `x-mock.stateful: false` to keep the examples",
  "specforge/overlay-target":
    "overlay actions whose target matches nothing (the provider's spec changed?); update or remove them in the overlay",
};

/**
 * Problem lines grouped by rule: one line per kind with its count, what it means and what to do,
 * and its first occurrence. `SPECFORGE_VERBOSE=1` lists every line instead.
 * @param {string[]} lines  `file:line:col warn rule: message`
 */
export function summarizeWarnings(lines, { verbose = Boolean(process.env.SPECFORGE_VERBOSE) } = {}) {
  if (verbose || lines.length === 0) return lines;
  const byRule = new Map();
  for (const line of lines) {
    const rule = /^\S+ warn (\S+):/.exec(line)?.[1] ?? "other";
    if (!byRule.has(rule)) byRule.set(rule, []);
    byRule.get(rule).push(line);
  }
  const out = [`${lines.length} warning(s) (SPECFORGE_VERBOSE=1 lists each):`];
  for (const [rule, found] of [...byRule].sort((a, b) => b[1].length - a[1].length)) {
    const advice = ADVICE[rule] ?? `see https://redocly.com/docs/cli/rules/ for \`${rule}\``;
    out.push(
      `  ${String(found.length).padStart(5)} × ${rule}: ${advice}. First: ${found[0].replace(/ warn \S+:/, ":")}`,
    );
  }
  return out;
}

/** A warning line in the lint format at the API's root file (optionally at a JSON pointer's line). */
function warningLine(repoRoot, api, rule, message) {
  return `${path.relative(repoRoot, api.root)}:1:1 warn ${rule}: ${message}`;
}

/**
 * Schemas written as `null` (`schema: null`, `items: null`, a property `null`): not OpenAPI, and
 * Redocly's example checks crash on them. Read as "any value" (`{}`), with a warning each.
 */
function nullSchemas(doc, repoRoot, api) {
  const out = [];
  walkStructure(doc, (node, parentKey) => {
    const names = parentKey === "properties" || parentKey === "patternProperties";
    for (const key of Object.keys(node)) {
      if (node[key] !== null) continue;
      if (names || key === "schema" || key === "items" || key === "not" || key === "additionalProperties") {
        node[key] = {};
        out.push(
          warningLine(
            repoRoot,
            api,
            "specforge/null-schema",
            `${names ? `property ${JSON.stringify(key)}` : `\`${key}\``} is null; read as any value`,
          ),
        );
      }
    }
  });
  return out;
}

/** Schemas' `pattern`s that JavaScript cannot compile (with the `u` flag, as ajv and Prism do). */
function patternWarnings(doc, repoRoot, api) {
  const out = [];
  walkStructure(doc, (node) => {
    if (typeof node.pattern !== "string") return;
    try {
      new RegExp(node.pattern, "u");
    } catch (error) {
      out.push(
        warningLine(
          repoRoot,
          api,
          "specforge/js-pattern",
          `pattern ${JSON.stringify(node.pattern)}: ${String(error.message).split("\n")[0]}`,
        ),
      );
    }
  });
  return out;
}

/** Overlay actions whose target selects nothing in the (upgraded) document. */
async function unusedOverlayActions(overlayFile, doc, repoRoot) {
  let overlay;
  try {
    overlay = parseYaml(await fs.readFile(overlayFile, "utf8"));
  } catch {
    return []; // the bundler reports an unreadable overlay
  }
  const out = [];
  (overlay?.actions ?? []).forEach((action, i) => {
    if (typeof action?.target !== "string") return;
    let found = [];
    try {
      found = jsonPaths(doc, action.target);
    } catch {
      return; // the bundler reports a bad JSONPath
    }
    if (found.length === 0)
      out.push(
        `${path.relative(repoRoot, overlayFile)}:1:1 warn specforge/overlay-target: action ${i + 1} (${action.target}) matches nothing`,
      );
  });
  return out;
}

/**
 * `$ref`s the bundler leaves pointing at files (inside vendor extensions, e.g. a Markdown page
 * for the docs): replaced by the file's content (text, or parsed YAML/JSON), so the bundle the
 * package ships and the mock serves stands alone.
 */
async function inlineExternalRefs(node, baseDir) {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = await inlineOne(node[i], baseDir);
  } else if (node && typeof node === "object") {
    for (const key of Object.keys(node)) node[key] = await inlineOne(node[key], baseDir);
  }
}

async function inlineOne(value, baseDir) {
  const ref = value && typeof value === "object" && !Array.isArray(value) ? value.$ref : undefined;
  if (
    typeof ref === "string" &&
    !ref.startsWith("#") &&
    !/^[a-z][a-z0-9+.-]*:/i.test(ref) &&
    Object.keys(value).length === 1
  ) {
    const file = path.resolve(baseDir, decodeURIComponent(ref.split("#")[0]));
    const text = await fs.readFile(file, "utf8");
    return /\.(ya?ml|json)$/i.test(file) ? parseYaml(text) : text;
  }
  await inlineExternalRefs(value, baseDir);
  return value;
}

/**
 * The document an imported API's pipeline reads: the provider's file upgraded to 3.1, the overlay
 * applied, bundled; its Source stays the provider's file, so problems point at its lines.
 * @returns {Promise<{ document: import("@redocly/openapi-core").Document, problems: object[], warnings: string[] }>}
 */
export async function importedDocument(api, repoRoot) {
  const text = (await fs.readFile(api.root, "utf8")).replace(/\r\n/g, "\n");
  const parsed = parseYaml(text, { filename: api.root });
  const doc = upgradeDocument(parsed);
  const warnings = [...nullSchemas(doc, repoRoot, api), ...patternWarnings(doc, repoRoot, api)];
  if (api.overlay) warnings.push(...(await unusedOverlayActions(api.overlay, doc, repoRoot)));
  const source = new Source(api.root, text);
  const { bundle: document, problems } = await bundle({
    doc: { source, parsed: doc },
    config: api.config,
    ...(api.overlay ? { overlays: [api.overlay] } : {}),
  });
  await inlineExternalRefs(document.parsed, path.dirname(api.root));
  // Operations the provider left unnamed get a name from method and path: the client needs one.
  const taken = new Set();
  const unnamed = [];
  for (const [pathKey, item] of Object.entries(document.parsed.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op) continue;
      if (op.operationId) taken.add(op.operationId);
      else unnamed.push([pathKey, method, op]);
    }
  }
  for (const [pathKey, method, op] of unnamed) {
    let id = operationIdFor(method, pathKey);
    while (taken.has(id)) id += "_";
    taken.add(id);
    op.operationId = id;
    warnings.push(
      warningLine(
        repoRoot,
        api,
        "specforge/operation-id",
        `${method.toUpperCase()} ${pathKey} has no operationId; named ${id}`,
      ),
    );
  }
  return { document, problems, warnings };
}
