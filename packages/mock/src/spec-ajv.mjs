// Ajv set up the way the mock and its test helpers check answers against a spec.
import { Ajv2020 } from "ajv/dist/2020.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LENIENT_FORMATS = [
  "time",
  "uri",
  "url",
  "uri-reference",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "byte",
  "binary",
  "int32",
  "int64",
  "float",
  "double",
  "password",
];

/** An Ajv 2020 instance with the formats the mock checks (uuid, date, date-time; others any string). */
export function specAjv(options = {}) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, ...options });
  ajv.addFormat("uuid", UUID);
  ajv.addFormat("date", DATE);
  ajv.addFormat("date-time", DATE_TIME);
  for (const format of LENIENT_FORMATS) ajv.addFormat(format, true);
  return ajv;
}

/**
 * Ajv 2020 over a whole bundled spec (or view), so every `$ref` resolves; returns a (cached)
 * validator per JSON pointer (`#/components/schemas/Twin`). Used by the contract-test helpers
 * (testing.mjs) and the validating proxy (validate.mjs).
 */
export function bundleValidator(bundle, id = "bundle.json") {
  const ajv = specAjv();
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
