// The example request of an operation, from the spec's own examples: the parameters a call
// needs and the body, each value the spec's example when it fits the schema, else one made from the
// schema's type. The docs' code samples (samples.mjs), the tour (tour.mjs) and the stateful
// mock's seed (resources.mjs) all show the same request. Nothing here knows a provider.
import { mergedParameters, resolveRef as resolve } from "@specforge/model";
import RandExp from "randexp";

/**
 * A string the schema's `pattern` (and length bounds) takes: `fallback` when it already does, else the
 * shortest the pattern makes (always the same one: each choice takes its first option). Undefined
 * when the pattern cannot be read or made.
 */
function patternString(schema, fallback) {
  let regex;
  try {
    regex = new RegExp(schema.pattern, "u");
  } catch {
    return undefined;
  }
  const fits = (s) =>
    regex.test(s) && s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  if (fits(fallback)) return fallback;
  try {
    const maker = new RandExp(regex.source);
    maker.randInt = (low) => low;
    const made = maker.gen();
    return fits(made) ? made : undefined;
  } catch {
    return undefined;
  }
}

/** A schema's example value: its examples, example, default, const or first enum; else one made from its type. */
export function schemaExample(doc, schema, name = "value", depth = 0, fromType = false) {
  schema = resolve(doc, schema);
  if (!schema || typeof schema !== "object" || depth > 8) return name;
  // fromType: the spec's examples are not to be trusted (one did not fit its schema).
  if (!fromType && Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (!fromType && schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    if (Array.isArray(schema[key]) && schema[key].length)
      return schemaExample(doc, schema[key][0], name, depth + 1, fromType);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return [schemaExample(doc, schema.items, name, depth + 1, fromType)];
    case "object": {
      const out = {};
      for (const key of schema.required ?? [])
        out[key] = schemaExample(doc, schema.properties?.[key], key, depth + 1, fromType);
      return out;
    }
    default:
      if (schema.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      if (schema.format === "date-time") return "2024-01-01T00:00:00Z";
      if (schema.format === "date") return "2024-01-01";
      if (schema.format === "time") return "12:00:00Z";
      if (schema.format === "email" || schema.format === "idn-email") return "user@example.com";
      if (schema.format === "uri" || schema.format === "url" || schema.format === "iri") return "https://example.com/";
      if (schema.format === "hostname" || schema.format === "idn-hostname") return "example.com";
      if (schema.format === "ipv4") return "192.0.2.1";
      if (schema.format === "ipv6") return "2001:db8::1";
      if (typeof schema.pattern === "string") {
        const patterned = patternString(schema, `my-${name}`.replace(/_/g, "-"));
        if (patterned !== undefined) return patterned;
      }
      return `my-${name}`.replace(/_/g, "-");
  }
}

/** An empty query value (`?party=`) where the parameter does not allow one (`allowEmptyValue`, default false). */
function emptyQueryValue(param, value) {
  if (param.in !== "query" || param.allowEmptyValue === true) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.every((v) => v === "" || v === null || v === undefined);
}

/**
 * A value that, sent as text (a path, query or header value), fits more than one branch of the
 * parameter's `oneOf`: `1` for `oneOf: [integer, string]` is both, and a validating server refuses it.
 */
function ambiguousText(doc, schema, value) {
  const branches = schema?.oneOf;
  if (!Array.isArray(branches) || value === null || typeof value === "object") return false;
  const text = String(value);
  const takes = (type) =>
    type === undefined ||
    type === "string" ||
    (type === "integer" && /^-?\d+$/.test(text)) ||
    (type === "number" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) ||
    (type === "boolean" && (text === "true" || text === "false"));
  const fitting = branches.filter((b) => {
    const type = resolve(doc, b)?.type;
    return Array.isArray(type) ? type.some(takes) : takes(type);
  });
  return fitting.length > 1;
}

/** A parameter's example: its own example(s), else its schema's (one a request may send). */
export function parameterExample(doc, param, fits = () => true) {
  const schema = resolve(doc, param.schema);
  const sendable = (value) =>
    !emptyQueryValue(param, value) && !ambiguousText(doc, schema, value) && fits(schema, value);
  const named = param.examples && Object.values(param.examples).map((e) => resolve(doc, e))[0];
  const given =
    param.example !== undefined
      ? { value: param.example }
      : named && "value" in named
        ? { value: named.value }
        : undefined;
  if (given && sendable(given.value)) return { value: given.value, explicit: true };
  // The schema's example, else a `oneOf` branch's that a server can tell apart, else one from the type.
  const branches = Array.isArray(schema?.oneOf) ? schema.oneOf : [];
  const made = [
    schemaExample(doc, param.schema, param.name),
    ...branches.map((b) => schemaExample(doc, b, param.name)),
    ...branches.map((b) => schemaExample(doc, b, param.name, 0, true)),
  ];
  return {
    value: made.find(sendable) ?? schemaExample(doc, param.schema, param.name, 0, true),
    explicit: false,
  };
}

/** The first example of a media type (named examples, example, else its schema's) that fits its schema. */
function mediaExample(doc, media, fits = () => true) {
  if (!media) return undefined;
  const schema = resolve(doc, media.schema);
  const named = media.examples && Object.values(media.examples).map((e) => resolve(doc, e))[0];
  if (named && "value" in named && fits(schema, named.value)) return named.value;
  if (media.example !== undefined && fits(schema, media.example)) return media.example;
  const value = schemaExample(doc, media.schema, "body");
  return fits(schema, value) ? value : schemaExample(doc, media.schema, "body", 0, true);
}

/**
 * The request of one operation as a sample shows it: required parameters (and optional ones the
 * spec gives an explicit example), the body from the request example.
 */
export function requestOf(doc, pathItem, op, fits) {
  const params = mergedParameters(doc, pathItem, op);
  const init = {};
  for (const p of params) {
    if (p.in === "cookie") continue;
    const { value, explicit } = parameterExample(doc, p, fits);
    if (!p.required && !explicit) continue;
    (init[p.in] ??= {})[p.name] = value;
  }
  const body = resolve(doc, op.requestBody);
  const [mediaType, media] = Object.entries(body?.content ?? {})[0] ?? [];
  if (mediaType) init.body = mediaExample(doc, media, fits);
  return { init, mediaType, params };
}
