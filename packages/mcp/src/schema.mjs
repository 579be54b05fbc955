// Turns the OpenAPI 3.1 schemas of a bundled spec into self-contained JSON Schema (2020-12) an MCP
// client can read: every `#/components/schemas/X` the schema reaches is copied into `$defs` and
// its `$ref` rewritten, and the OpenAPI-only keywords (`discriminator`, `xml`, `externalDocs`,
// `example`, every `x-` extension) are dropped (`example` becomes `examples`). Validators in strict
// mode (Ajv) then accept it, and no spec-private vendor data leaks into what an agent reads.

import { resolveRef } from "@specforge/model";

const COMPONENT = "#/components/schemas/";
/** The node a local pointer names; a dangling one is an error naming it. */
const resolvePointer = (doc, ref) => resolveRef(doc, { $ref: ref }, { strict: true });
const OPENAPI_ONLY = new Set(["discriminator", "xml", "externalDocs", "example"]);
/** What an answer's credential field (a secret, a token) becomes: the server redacts its value. */
const REDACTED_FIELD = {
  description: "A credential: redacted by the MCP server, which never passes one to the agent.",
};

/**
 * A tuple (`prefixItems`, 2020-12) as an array of any of its item schemas, at most as long as the
 * tuple when closed (`items: false`). `items` means something else in draft-07, which validators
 * still default to (the MCP SDK's client among them): there, the 2020-12 form rejects every tuple.
 * This form reads the same in both drafts; it is looser only about the order of the items.
 */
function tupleAsArray({ prefixItems, items, ...rest }) {
  const anyOf = items === false || items === undefined ? prefixItems : [...prefixItems, items];
  return {
    ...rest,
    ...(items === true || items === undefined ? {} : { items: { anyOf } }),
    ...(items === false && rest.maxItems === undefined ? { maxItems: prefixItems.length } : {}),
  };
}

/**
 * A converter bound to one bundle. `convert(schema)` returns the cleaned schema and records the
 * components it references; `defs()` returns them (converted, transitively) for `$defs`.
 */
export function schemaConverter(doc, { redactedField, dropFormats = false } = {}) {
  const needed = new Map();
  const queue = [];
  const clean = (node) => {
    if (Array.isArray(node)) return node.map(clean);
    if (!node || typeof node !== "object") return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (
        key.startsWith("x-") ||
        OPENAPI_ONLY.has(key) ||
        (dropFormats && key === "format" && typeof value === "string")
      )
        continue;
      if (key === "$ref" && typeof value === "string") {
        // A pointer into a component (`#/components/schemas/Envelope/properties/success`) keeps
        // its tail: the copy in `$defs` has the same shape.
        if (!value.startsWith(COMPONENT)) throw new Error(`unsupported schema $ref ${value}`);
        const tail = value.slice(COMPONENT.length);
        const name = tail.split("/")[0];
        if (!needed.has(name)) {
          needed.set(name, undefined);
          queue.push(name);
        }
        out.$ref = `#/$defs/${tail}`;
        continue;
      }
      // Keys of these maps are names chosen by the spec's author, not keywords: keep them all.
      if (
        (key === "properties" || key === "patternProperties" || key === "$defs" || key === "dependentSchemas") &&
        value &&
        typeof value === "object"
      ) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k,
            key === "properties" && redactedField?.(k) ? REDACTED_FIELD : clean(v),
          ]),
        );
        continue;
      }
      // `enum`, `const`, `examples`, `default` hold data, never schemas: copy as is.
      out[key] = key === "enum" || key === "const" || key === "examples" || key === "default" ? value : clean(value);
    }
    if (node.example !== undefined && out.examples === undefined) out.examples = [node.example];
    return Array.isArray(out.prefixItems) ? tupleAsArray(out) : out;
  };
  return {
    convert: clean,
    /** Every component the converted schemas reach, converted; undefined when none. */
    defs() {
      while (queue.length) {
        const name = queue.shift();
        needed.set(name, clean(resolvePointer(doc, `${COMPONENT}${name}`)));
      }
      return needed.size ? Object.fromEntries([...needed].sort(([a], [b]) => a.localeCompare(b))) : undefined;
    },
  };
}

/**
 * One schema, self-contained: `{...schema, $defs}`. A root that only references a component is
 * replaced by that component's body, so the root says `type: object` as MCP requires.
 */
export function selfContained(doc, schema, options) {
  const converter = schemaConverter(doc, options);
  let root = converter.convert(schema);
  while (root.$ref && Object.keys(root).length === 1 && root.$ref.startsWith("#/$defs/")) {
    root = converter.convert(resolvePointer(doc, `${COMPONENT}${root.$ref.slice("#/$defs/".length)}`));
  }
  const defs = converter.defs();
  return defs ? { ...root, $defs: defs } : root;
}

/** Whether a (possibly referenced) schema describes a JSON object, as MCP output schemas must. */
export function isObjectSchema(doc, schema) {
  for (let depth = 0; schema && typeof schema === "object" && depth < 32; depth++) {
    if (schema.$ref) schema = resolvePointer(doc, schema.$ref);
    else if (schema.type === "object") return true;
    else if (Array.isArray(schema.allOf) && schema.allOf.length === 1) schema = schema.allOf[0];
    else return false;
  }
  return false;
}
