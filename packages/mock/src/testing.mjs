// Helpers for contract tests of a client against its mock: record what leaves the client, and
// validate answers against the bundled spec. Knows no provider.
import { Ajv2020 } from "ajv/dist/2020.js";

export { setupMocks, teardownMocks } from "./index.mjs";

/** A `fetch` that records every request as it leaves the client (after auth headers are set). */
export function recordingFetch() {
  const requests = [];
  const fetchImpl = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    return fetch(request);
  };
  return { requests, fetch: fetchImpl };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LENIENT_FORMATS = ["time", "uri", "url", "uri-reference", "email", "hostname", "ipv4", "ipv6", "byte", "binary", "int32", "int64", "float", "double", "password"];

/**
 * Ajv 2020 over a whole bundled spec, so every `$ref` resolves; returns a (cached) validator per
 * JSON pointer (`#/components/schemas/Twin`). uuid, date and date-time are checked; other formats
 * are accepted as any string.
 */
export function bundleValidator(bundle, id = "bundle.json") {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  ajv.addFormat("uuid", UUID);
  ajv.addFormat("date", DATE);
  ajv.addFormat("date-time", DATE_TIME);
  for (const format of LENIENT_FORMATS) ajv.addFormat(format, true);
  ajv.addSchema(bundle, id);
  const cache = new Map();
  return (pointer) => {
    let validate = cache.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${id}${encodeURI(pointer).replace(/#/g, "%23").replace(/^%23/, "#")}` });
      cache.set(pointer, validate);
    }
    return validate;
  };
}

/** Resolves a local `$ref` (repeatedly) inside a bundled spec; throws when it points nowhere. */
export function derefIn(bundle, node) {
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (!ref.startsWith("#/") || seen.has(ref)) throw new Error(`unresolvable $ref ${ref}`);
    seen.add(ref);
    node = ref
      .slice(2)
      .split("/")
      .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => (at === undefined || at === null ? undefined : at[key]), bundle);
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}
