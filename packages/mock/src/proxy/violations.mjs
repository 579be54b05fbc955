// What the request and response checks share: media type matching, and Ajv's errors turned into
// readable violations (location, what the spec says, what came).
import { escapePointer, resolvePointer } from "@specforge/model";

/** A violation list stops growing here: the first ones say what is wrong. */
export const MAX_VIOLATIONS_PER_EXCHANGE = 20;

export const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

/** How a response or request content type reads: its essence, lower case. */
export const essence = (contentType) =>
  String(contentType ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();

/** The declared media type (exact, a `type/` range or any) that takes `actual`, if any. */
export function mediaMatch(actual, declared) {
  return declared.find((m) => {
    const d = m.toLowerCase();
    return d === actual || d === "*/*" || (d.endsWith("/*") && actual.startsWith(d.slice(0, -1)));
  });
}

/**
 * A short, readable rendering of a value that came back; `redact` runs before the cut, so a secret
 * is never left half-shown where the redactor could no longer recognise it.
 */
export function show(value, redact = (text) => text) {
  if (value === undefined) return "nothing";
  const text = redact(JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(root, pointer) {
  return pointer ? resolvePointer(root, `#${pointer}`) : root;
}

function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** One Ajv error as (location suffix, what the spec says, what came back). */
export function describeAjvError(error, body, show) {
  const at = error.instancePath;
  const got = valueAt(body, at);
  const p = error.params ?? {};
  switch (error.keyword) {
    case "required":
      return { at: `${at}/${escapePointer(p.missingProperty)}`, expected: "a required field", actual: "missing" };
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = p.additionalProperty ?? p.unevaluatedProperty;
      return {
        at: `${at}/${escapePointer(name)}`,
        expected: "no such field",
        actual: show(valueAt(body, `${at}/${escapePointer(name)}`)),
      };
    }
    case "type":
      return { at, expected: `type ${[p.type].flat().join(" or ")}`, actual: `${typeName(got)} ${show(got)}` };
    case "enum":
      return { at, expected: `one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`, actual: show(got) };
    case "const":
      return { at, expected: `exactly ${JSON.stringify(p.allowedValue)}`, actual: show(got) };
    case "format":
      return { at, expected: `format ${p.format}`, actual: show(got) };
    default:
      return { at, expected: error.message ?? error.keyword, actual: show(got) };
  }
}

const COMBINATORS = new Set(["oneOf", "anyOf", "allOf", "if", "not"]);

/** Ajv's errors, minus the combinator summaries when a branch's own errors say more. */
export function usefulErrors(errors) {
  const own = errors.filter((e) => !COMBINATORS.has(e.keyword));
  const list = own.length ? own : errors;
  const seen = new Set();
  return list.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
