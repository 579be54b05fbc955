// The schema readers both halves of the resource model share (resources-rest.mjs, resources-rpc.mjs):
// an item's object schema, keyed maps, the success and not-found answers, where the key lives,
// where the item sits in an answer, and how a list pages. Knows no provider by name.
import { mergedParameters, resolveRef } from "@specforge/model";

const ID_NAMES = ["id", "uuid", "key", "name"];
export const ENVELOPE_FIELDS = (rpc) => new Set([rpc?.envelope?.success, rpc?.envelope?.message].filter(Boolean));

/** A schema with every `allOf`/`$ref` level resolved just enough to read its properties. */
export function objectSchema(doc, schema, depth = 0) {
  schema = resolveRef(doc, schema);
  if (!schema || typeof schema !== "object" || depth > 8) return undefined;
  if (schema.properties || schema.additionalProperties) return schema;
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    for (const branch of schema[key] ?? []) {
      const found = objectSchema(doc, branch, depth + 1);
      if (found) return found;
    }
  }
  return schema.type === "object" ? schema : undefined;
}

/** The name of the one property of an object schema that is a keyed map (only additionalProperties). */
export function mapMember(doc, schema, answer = undefined) {
  const maps = mapMembers(doc, schema);
  if (maps.length === 1) return maps[0];
  // Several maps in the body (e.g. entries and conditions): the one the answer carries too.
  const answered = answer ? maps.filter((m) => mapMembers(doc, answer).includes(m)) : [];
  return answered.length === 1 ? answered[0] : undefined;
}

export function mapMembers(doc, schema) {
  const obj = objectSchema(doc, schema);
  return Object.entries(obj?.properties ?? {})
    .filter(([, s]) => {
      const r = resolveRef(doc, s);
      return typeof r?.additionalProperties === "object" && r.additionalProperties !== null && !r.properties;
    })
    .map(([name]) => name);
}

export function jsonMedia(doc, holder) {
  const content = resolveRef(doc, holder)?.content ?? {};
  const type = Object.keys(content).find((m) => /json/i.test(m));
  return type ? content[type] : undefined;
}

/** The first 2xx response with JSON content: its status, schema and first example value. */
export function successOf(doc, op) {
  for (const [status, raw] of Object.entries(op.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const media = jsonMedia(doc, raw);
    if (!media) continue;
    const named = media.examples ? Object.values(media.examples).map((e) => resolveRef(doc, e)?.value) : [];
    const schema = resolveRef(doc, media.schema);
    const examples = [
      ...named,
      ...(media.example !== undefined ? [media.example] : []),
      ...(schema?.examples ?? []),
    ].filter((v) => v !== undefined);
    return { status: Number(status), schema: media.schema, examples };
  }
  return undefined;
}

/** The provider's not-found answer for an operation: its 404 response's example (else the document's bad-input body). */
export function notFoundOf(doc, op) {
  const media = jsonMedia(doc, op.responses?.["404"]);
  if (media) {
    const named = media.examples ? Object.values(media.examples).map((e) => resolveRef(doc, e)?.value)[0] : undefined;
    const body = named ?? media.example ?? resolveRef(doc, media.schema)?.examples?.[0];
    if (body && typeof body === "object") return { status: 404, body: withMessage(doc, body) };
  }
  const bad = doc["x-mock"]?.badInput;
  if (bad) return { status: 404, body: bad.unknownPath?.body ?? bad.body ?? { error: "{message}" } };
  return undefined;
}

/** Puts `{message}` into the provider's message field (x-mock.violationMessageField), so not-found names what is missing. */
export function withMessage(doc, body) {
  const field = doc["x-mock"]?.violationMessageField;
  return field && field in body ? { ...body, [field]: "{message}" } : body;
}

export const splitPath = (p) => (Array.isArray(p) ? p : String(p).split("."));

/** Where the key lives in an item: an override, else an id-like property (the path parameter's name first). */
export function findIdPath(doc, itemSchema, param) {
  const obj = objectSchema(doc, itemSchema);
  const props = Object.keys(obj?.properties ?? {});
  const candidates = [...(param ? [param, `${param}Id`, `${param}_id`] : []), ...ID_NAMES];
  const hit = candidates.find((c) => props.includes(c));
  return hit ? [hit] : undefined;
}

/** The fresh-id style of a key: from the path parameter's (or id property's) schema. */
export function idFormatOf(doc, schema) {
  const s = resolveRef(doc, schema);
  if (!s) return "string";
  if (s.format === "uuid") return "uuid";
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "integer" || type === "number") return "integer";
  for (const key of ["allOf", "oneOf", "anyOf"]) if (s[key]?.length) return idFormatOf(doc, s[key][0]);
  return "string";
}

/** Of two fresh-id styles (path parameter's, item property's), the one that says more. */
export const strictestFormat = (a, b) =>
  a === "uuid" || b === "uuid" ? "uuid" : a === "integer" || b === "integer" ? "integer" : "string";

/** The parameters of an operation (path item's and its own, merged by the model), by `in:name`. */
export const paramsOf = (doc, pathItem, op) =>
  new Map(mergedParameters(doc, pathItem, op).map((p) => [`${p.in}:${p.name}`, p]));

const sameRef = (a, b) => a?.$ref && b?.$ref && a.$ref === b.$ref;

/** Where the item sits in an answer: the whole answer, one property, or only its id (create's `{id}`). */
export function placementOf(doc, responseSchema, itemSchema, idPath, rpc) {
  if (!responseSchema) return { at: "example" };
  if (sameRef(responseSchema, itemSchema)) return { at: "item" };
  const obj = objectSchema(doc, responseSchema);
  const envelope = ENVELOPE_FIELDS(rpc);
  for (const [name, prop] of Object.entries(obj?.properties ?? {})) {
    if (sameRef(prop, itemSchema)) return { at: "property", name };
  }
  const rest = Object.keys(obj?.properties ?? {}).filter((p) => !envelope.has(p));
  if (idPath && rest.length === 1 && rest[0] === idPath.at(-1)) return { at: "id", name: rest[0] };
  if (rest.length === 0) return { at: "example" };
  // An answer with the item's own properties (no shared $ref): the item itself.
  const item = objectSchema(doc, itemSchema);
  const itemProps = new Set(Object.keys(item?.properties ?? {}));
  if (rest.length && rest.every((p) => itemProps.has(p))) return { at: "item" };
  return undefined;
}

/** The paging of a list: its x-pagination (REST) or x-action.pagination (RPC), with the page-size default. */
export function pagingOf(doc, pagination, params) {
  if (!pagination) return undefined;
  const sizeName = pagination.pageSizeParam ?? pagination.limitParam;
  const sizeParam = [...params.values()].find((p) => p.name === sizeName);
  const fallback = resolveRef(doc, sizeParam?.schema)?.default;
  return { ...pagination, defaultPageSize: typeof fallback === "number" ? fallback : 100 };
}

/**
 * The cursors the spec's example pages use (`x-mock.exampleBy` on the cursor parameter), as
 * offsets into the seeded list: a documented cursor (e.g. `?after=hjkmlnp`) keeps working on the
 * stateful mock. The pages are in exampleBy's order, each as many items long as its example.
 */
export function exampleCursorOffsets(doc, op, paging, itemsField) {
  const by = op["x-mock"]?.exampleBy;
  if (by?.in !== "query" || by.name !== paging.cursorParam) return undefined;
  const success = Object.entries(op.responses ?? {}).find(([status]) => /^2/.test(status));
  const named = jsonMedia(doc, success?.[1])?.examples ?? {};
  const offsets = {};
  let offset = 0;
  for (const [cursor, name] of Object.entries(by.examples ?? {})) {
    const items = resolveRef(doc, named[name])?.value?.[itemsField];
    if (!Array.isArray(items)) return undefined;
    if (cursor !== "") offsets[cursor] = offset;
    offset += items.length;
  }
  return Object.keys(offsets).length ? offsets : undefined;
}

/** Whether list items are the keys themselves (e.g. `twins: [uuid, ...]`) or the stored items. */
export function listItemMode(doc, itemsSchema) {
  let s = resolveRef(doc, itemsSchema);
  if (s?.oneOf || s?.anyOf) s = resolveRef(doc, (s.oneOf ?? s.anyOf)[0]);
  const type = Array.isArray(s?.type) ? s.type.find((t) => t !== "null") : s?.type;
  return type === "string" || type === "integer" ? "key" : "value";
}

/** The items schema of a list answer: under the paging's `items` field, or the one array property. */
export function listItemsOf(doc, responseSchema, itemsField, rpc) {
  const obj = objectSchema(doc, responseSchema);
  const envelope = ENVELOPE_FIELDS(rpc);
  const arrays = Object.entries(obj?.properties ?? {}).filter(
    ([n, s]) => !envelope.has(n) && resolveRef(doc, s)?.type === "array",
  );
  const hit = itemsField ? arrays.find(([n]) => n === itemsField) : arrays.length === 1 ? arrays[0] : undefined;
  return hit ? { field: hit[0], schema: resolveRef(doc, hit[1]).items } : undefined;
}

/** A template for new items: the first example of the item (a get answer, else a create answer). */
export function itemExample(value, placement) {
  if (!value || typeof value !== "object") return undefined;
  if (placement?.at === "item") return value;
  if (placement?.at === "property") return value[placement.name];
  return undefined;
}
