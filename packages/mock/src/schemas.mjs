// JSON Schema validation over a whole bundled spec or view (Ajv 2020), shared by the contract-test
// helpers (testing.mjs) and the validating proxy (validate.mjs). Knows no provider.
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
