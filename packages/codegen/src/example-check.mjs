// Whether an example value fits its schema (JSON Schema 2020-12, as OpenAPI 3.1 uses), for the
// docs' code samples of imported specs: a provider's invalid example would make a sample that does
// not compile or that the mock refuses, so the sample falls back to a value made from the schema.
// A schema ajv cannot compile counts as fitting (the sample keeps the provider's example).
import Ajv2020Module from "ajv/dist/2020.js";

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const DOC_ID = "specforge:document";

/**
 * Local `$ref`s (`#/components/...`) made absolute against the document; and `additionalProperties:
 * false` on a schema whose properties all come from its `allOf`/`anyOf`/`oneOf` (no `properties` of its
 * own) read as `unevaluatedProperties: false`, as its author meant: taken literally it forbids every
 * property, so no value (not even the spec's own examples) could fit.
 */
function absoluteRefs(node) {
  if (Array.isArray(node)) return node.map(absoluteRefs);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node))
    out[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#") ? `${DOC_ID}${value}` : absoluteRefs(value);
  const composed = ["allOf", "anyOf", "oneOf"].some((k) => Array.isArray(node[k]));
  if (node.additionalProperties === false && !node.properties && !node.patternProperties && composed) {
    delete out.additionalProperties;
    out.unevaluatedProperties = false;
  }
  return out;
}

/** @returns {(schema: object, value: unknown) => boolean} */
export function exampleChecker(doc) {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false, logger: false });
  let added = false;
  const compiled = new WeakMap();
  return (schema, value) => {
    if (!schema || typeof schema !== "object") return true;
    try {
      if (!added) {
        ajv.addSchema({ $id: DOC_ID, components: absoluteRefs(doc.components ?? {}) });
        added = true;
      }
      let validate = compiled.get(schema);
      if (!validate) {
        validate = ajv.compile(absoluteRefs(schema));
        compiled.set(schema, validate);
      }
      return validate(value) === true;
    } catch {
      return true;
    }
  };
}
