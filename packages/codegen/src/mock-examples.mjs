// What the mock view must not hand Prism, found in published specs no one here wrote:
// - example VALUES holding a `$ref` key (a JSON Schema or an OpenAPI fragment given as an
//   example): Prism resolves every `$ref` in the document, even inside examples, and dies with
//   `token "definitions" in "#/definitions/base" does not exist`;
// - responses whose media type Prism has no serializer for (`*/*`, `application/cbor`, a
//   `text/plain` carrying an object): Prism answers 500 `Cannot find serializer for */*`
//   instead of the declared status;
// - examples that do not match their schema: Prism would serve them as they are; without them
//   it generates a valid body from the schema.
// The spec itself is never changed: only the derived mock view. Each fix is counted, so the
// generator can report what the mock serves differently from the spec. Knows no provider.
import { BaseResolver, createConfig, lintDocument, makeDocumentFromString } from "@redocly/openapi-core";
import { HTTP_METHODS, resolveRef, unescapePointer } from "@specforge/model";

const isObject = (value) => value !== null && typeof value === "object";

/** Whether a value holds a `$ref` key at any depth. */
export function holdsRefKey(value) {
  if (!isObject(value)) return false;
  if (Array.isArray(value)) return value.some(holdsRefKey);
  return "$ref" in value || Object.values(value).some(holdsRefKey);
}

// Keys whose children are names chosen by the spec's author (a property called `example`),
// not keywords: the walk below treats their children as nodes, never as example keywords.
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "schemas",
  "responses",
  "parameters",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
  "paths",
  "webhooks",
  "content",
  "encoding",
  "variables",
  "mapping",
]);

/** The media types Prism 5 can serialize any body to (prism-http-server serialize.js). */
const STRUCTURED = /^application\/(?:[\w.+-]+\+)?(?:json|xml)$/i;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * Removes from the mock view every example whose value holds a `$ref` key: media and parameter
 * `example`/`examples`, schema `example`/`examples`, and `components.examples` entries (with the
 * references to them). Returns how many examples were dropped.
 */
export function dropRefKeyExamples(view) {
  let dropped = 0;
  const badComponents = new Set();
  for (const [name, example] of Object.entries(view.components?.examples ?? {})) {
    if (isObject(example) && holdsRefKey(example.value)) {
      badComponents.add(`#/components/examples/${name}`);
      delete view.components.examples[name];
      dropped++;
    }
  }
  const walk = (node, namesHere) => {
    if (!isObject(node)) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, false);
      return;
    }
    const hasNamedExamples = isObject(node.examples) && !Array.isArray(node.examples);
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (namesHere || key.startsWith("x-")) {
        if (!key.startsWith("x-")) walk(value, false);
        continue;
      }
      if (key === "example" && holdsRefKey(value)) {
        delete node[key];
        // Beside a named `examples` map it is mockView's copy of the first one, not another example.
        if (!hasNamedExamples) dropped++;
      } else if (key === "examples" && Array.isArray(value)) {
        const kept = value.filter((item) => !holdsRefKey(item));
        dropped += value.length - kept.length;
        if (kept.length) node[key] = kept;
        else delete node[key];
      } else if (key === "examples" && isObject(value)) {
        for (const [name, example] of Object.entries(value)) {
          if (!isObject(example)) continue;
          const refd = typeof example.$ref === "string" && badComponents.has(example.$ref);
          if (refd || (!example.$ref && holdsRefKey(example.value))) {
            delete value[name];
            if (!refd) dropped++;
          }
        }
        if (Object.keys(value).length === 0) delete node[key];
      } else if (key === "examples" || key === "example" || key === "default" || key === "const" || key === "enum") {
        // a value, never a node: nothing inside it is a keyword
      } else {
        walk(value, NAME_MAPS.has(key));
      }
    }
  };
  walk(view, false);
  return dropped;
}

/** The body Prism would send for a media type object: is it a string (sent as is)? */
function stringPayload(view, media) {
  if (!isObject(media)) return false;
  const schema = resolveRef(view, media.schema);
  const examples = [
    media.example,
    ...Object.values(media.examples ?? {}).map((e) => resolveRef(view, e)?.value),
  ].filter((e) => e !== undefined);
  if (examples.length) return examples.every((e) => typeof e === "string");
  if (!isObject(schema)) return false;
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== "null") : [schema.type];
  return type.length === 1 && type[0] === "string";
}

/**
 * Makes every response answerable by Prism. A media type Prism cannot serialize the body to
 * (anything but JSON, XML, or text carrying a string) is removed where the response also has a
 * JSON type, and otherwise becomes `application/json` (its schema and examples kept), so the
 * mock answers the declared status instead of 500. Returns how many media types changed.
 */
export function answerableMedia(view) {
  let changed = 0;
  const fix = (response) => {
    if (!isObject(response) || response.$ref || !isObject(response.content)) return;
    const entries = Object.entries(response.content);
    const hasJson = entries.some(([type]) => JSON_TYPE.test(type.split(";")[0].trim()));
    const rebuilt = [];
    let touched = false;
    for (const [type, media] of entries) {
      const bare = type.split(";")[0].trim();
      const servable = STRUCTURED.test(bare) || stringPayload(view, media);
      if (servable) {
        rebuilt.push([type, media]);
        continue;
      }
      touched = true;
      changed++;
      if (hasJson || rebuilt.some(([t]) => t === "application/json")) continue;
      rebuilt.push(["application/json", media]);
    }
    if (!touched) return;
    response.content = Object.fromEntries(rebuilt);
    if (Object.keys(response.content).length === 0) delete response.content;
  };
  for (const response of Object.values(view.components?.responses ?? {})) fix(response);
  for (const pathItem of Object.values(view.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      for (const response of Object.values(pathItem?.[method]?.responses ?? {})) fix(response);
    }
  }
  return changed;
}

/**
 * Removes the examples Redocly's own example rules (`no-invalid-media-type-examples`,
 * `no-invalid-schema-examples`) find invalid, so Prism generates those bodies from the schema.
 * The same rules report them as lint problems, so the mock skips exactly what lint names.
 * Returns how many examples were dropped.
 */
export async function dropInvalidExamples(view) {
  const rules = { "no-invalid-media-type-examples": "error", "no-invalid-schema-examples": "error" };
  const config = await createConfig({ rules });
  // Lint a copy without mockView's default `example` copies: beside one, Redocly checks only it
  // and not the named examples.
  // `schema: null` (published specs have it) crashes Redocly's schema-example rule: no schema, nothing to check.
  const linted = JSON.stringify(withoutDefaultCopies(structuredClone(view)), (key, value) =>
    key === "schema" && value === null ? undefined : value,
  );
  const document = makeDocumentFromString(linted, "mock-view.json");
  const problems = await lintDocument({ document, config, externalRefResolver: new BaseResolver() });
  const targets = new Set();
  for (const problem of problems) {
    const pointer = problem.location?.[0]?.pointer;
    if (typeof pointer === "string" && pointer.startsWith("#/"))
      targets.add(exampleRoot(pointer.slice(2).split("/").map(unescapePointer)));
  }
  let dropped = 0;
  // Deepest and highest array index first, so removing one does not move another.
  const sorted = [...targets]
    .filter(Boolean)
    .map((t) => JSON.parse(t))
    .sort(
      (a, b) => b.length - a.length || String(b.at(-1)).localeCompare(String(a.at(-1)), undefined, { numeric: true }),
    );
  for (const parts of sorted) {
    const parent = parts.slice(0, -1).reduce((at, key) => at?.[key], view);
    const last = parts.at(-1);
    if (!isObject(parent) || !(last in parent)) continue;
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    dropped++;
    // An emptied `examples` goes too (an empty map or list is not a valid examples value).
    const holderKey = parts.at(-2);
    if (holderKey === "examples") {
      const holder = parts.slice(0, -2).reduce((at, key) => at?.[key], view);
      const left = holder?.examples;
      if (isObject(left) && Object.keys(left).length === 0) delete holder.examples;
    }
  }
  // A removed `components.examples` entry takes the references to it along.
  pruneDanglingExampleRefs(view);
  return dropped;
}

/** Every media object of the view's paths and shared responses (where mockView sets defaults). */
function* mediaObjects(view) {
  const responses = function* (op) {
    for (const r of Object.values(op?.responses ?? {})) if (isObject(r?.content)) yield* Object.values(r.content);
  };
  for (const pathItem of Object.values(view.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = pathItem?.[method];
      if (!op) continue;
      yield* responses(op);
      if (isObject(op.requestBody?.content)) yield* Object.values(op.requestBody.content);
    }
  }
  for (const r of Object.values(view.components?.responses ?? {}))
    if (isObject(r?.content)) yield* Object.values(r.content);
}

const namedExamples = (media) => isObject(media?.examples) && !Array.isArray(media.examples);

function withoutDefaultCopies(view) {
  for (const media of mediaObjects(view)) if (namedExamples(media)) delete media.example;
  return view;
}

/**
 * mockView makes a media type's first named example its default `example` (derive.mjs
 * preferNamedExamples). After examples were dropped, the default is the first one left.
 */
function refreshDefaultExamples(view) {
  for (const media of mediaObjects(view)) {
    if (!namedExamples(media) || !("schema" in media)) continue;
    const first = Object.values(media.examples)[0];
    if (isObject(first) && "value" in first) media.example = first.value;
    else delete media.example;
  }
}

/**
 * Removes every reference to a `components.examples` entry no longer there: named examples in
 * `examples` maps, and any other key whose value is such a `$ref` (the stateful mock's model in
 * `x-specforge-mock` points at examples too). Returns how many were removed.
 */
export function pruneDanglingExampleRefs(view) {
  let pruned = 0;
  const dangling = (value) =>
    isObject(value) &&
    typeof value.$ref === "string" &&
    value.$ref.startsWith("#/components/examples/") &&
    resolveRef(view, { $ref: value.$ref }) === undefined;
  const walk = (node) => {
    if (!isObject(node)) return;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        if (dangling(node[i])) {
          node.splice(i, 1);
          pruned++;
        } else walk(node[i]);
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (dangling(value)) {
        delete node[key];
        pruned++;
      } else walk(value);
      if (key === "examples" && isObject(node[key]) && !Array.isArray(node[key]) && Object.keys(node[key]).length === 0)
        delete node[key];
    }
  };
  walk(view);
  return pruned;
}

/** The path of the example a problem points into: `.../example`, `.../examples/<name or i>`. */
function exampleRoot(parts) {
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] === "example") return JSON.stringify(parts.slice(0, i + 1));
    if (parts[i] === "examples" && i + 1 < parts.length) return JSON.stringify(parts.slice(0, i + 2));
  }
  return undefined;
}

/**
 * All three, in order, on a mock view (derive.mjs mockView's result, changed in place).
 * Returns the counts, which the generator reports when any is not zero.
 */
export async function answerableMockView(view) {
  const refExamples = dropRefKeyExamples(view);
  const media = answerableMedia(view);
  const invalidExamples = await dropInvalidExamples(view);
  if (refExamples || invalidExamples) refreshDefaultExamples(view);
  return { refExamples, media, invalidExamples };
}

/**
 * One warning line per kind of fix, in the lint format at the spec's root file
 * (`<file>:1:1 warn specforge/mock-<kind>: ...`), each saying what the user can do.
 */
export function mockFixWarnings(where, { refExamples, media, invalidExamples }) {
  const lines = [];
  const line = (rule, message) => lines.push(`${where}:1:1 warn specforge/${rule}: ${message}`);
  if (refExamples) {
    line(
      "mock-ref-example",
      `${refExamples} example(s) hold a \`$ref\` key in their value (Prism would resolve it) and are left out of the mock view; the mock generates those bodies from the schema`,
    );
  }
  if (media) {
    line(
      "mock-media",
      `${media} response media type(s) Prism cannot serialize (e.g. */*, or text carrying an object) are served as application/json, so the mock answers their status`,
    );
  }
  if (invalidExamples) {
    line(
      "mock-invalid-example",
      `${invalidExamples} example(s) do not match their schema and are skipped by the mock, which generates those bodies from the schema`,
    );
  }
  return lines;
}
