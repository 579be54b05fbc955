// Value helpers every engine needs: reading and writing a nested value by path, filling `{name}`
// placeholders, and the example value a schema or parameter documents.
import { resolveRef } from "./refs.mjs";

export const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The value at `path` (an array of keys, or a dotted string) inside `value`, or undefined. */
export function getPath(value, path) {
  const keys = typeof path === "string" ? (path ? path.split(".") : []) : (path ?? []);
  return keys.reduce((at, k) => (at !== null && typeof at === "object" ? at[k] : undefined), value);
}

/** Sets `leaf` at `path` inside `value`, creating the objects on the way; returns `value`. */
export function setPath(value, path, leaf) {
  const keys = typeof path === "string" ? path.split(".") : path;
  let at = value;
  for (const k of keys.slice(0, -1)) at = isObject(at[k]) ? at[k] : (at[k] = {});
  at[keys.at(-1)] = leaf;
  return value;
}

/** Replaces `{name}` placeholders in every string of `value` (deeply) with `vars[name]`; unknown names stay. */
export function fill(value, vars) {
  if (typeof value === "string") return value.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

const NO_VALUE = Symbol("no value");

/**
 * The value a schema documents for itself, in the order a reader expects: `const`, the first of
 * `examples`, `example` (3.0 style), `default`, the first `enum` member; through `$ref` and the
 * first branch of `allOf`/`oneOf`/`anyOf`. Undefined when the schema documents none.
 */
export function schemaExample(doc, schema, depth = 0) {
  const s = resolveRef(doc, schema);
  if (!isObject(s) || depth > 8) return undefined;
  const own = documented(s);
  if (own !== NO_VALUE) return own;
  for (const key of ["allOf", "oneOf", "anyOf"])
    for (const branch of s[key] ?? []) {
      const found = schemaExample(doc, branch, depth + 1);
      if (found !== undefined) return found;
    }
  return undefined;
}

function documented(s) {
  if ("const" in s) return s.const;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if ("example" in s) return s.example;
  if ("default" in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  return NO_VALUE;
}

/**
 * The example of a parameter (or a media type object): its own `example`, the first of its
 * `examples` (an Example Object's `value`), else its schema's.
 */
export function parameterExample(doc, parameter) {
  const p = resolveRef(doc, parameter);
  if (!isObject(p)) return undefined;
  if (p.example !== undefined) return p.example;
  const first = Object.values(p.examples ?? {})[0];
  const value = resolveRef(doc, first)?.value;
  if (value !== undefined) return value;
  return schemaExample(doc, p.schema);
}
