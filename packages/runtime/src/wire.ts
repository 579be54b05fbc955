/**
 * A REST call's URL, parameter headers and cookies, after OpenAPI 3.1's `style` and `explode`
 * (the Parameter Object's "Style Values" and "Style Examples", which are RFC 6570 expansions):
 * path `simple` (the default), `label` and `matrix`; query `form` (the default, exploded),
 * `spaceDelimited`, `pipeDelimited` and `deepObject`, with `allowReserved`; header `simple`;
 * cookie `form`. Values are percent-encoded after RFC 3986: every character but the unreserved
 * ones (`A-Z a-z 0-9 - . _ ~`); with `allowReserved` the reserved ones and `%XX` triplets stay.
 * The runtime's own code, no dependency; test/wire.test.ts compares it with openapi-fetch 0.17
 * and justifies every difference (docs/decisions.md).
 *
 * Only operations that need it carry it (`serialize: styleParams`, emitted by codegen for a
 * parameter with a non-default style or a list or object schema); params.ts writes the single
 * values of every other operation itself, so a bundle without such an operation leaves this out.
 */
import { encodeName, encodeStrict } from "./encoding.js";
import type { ParamFormatter, ParamLocation, ParamStyle } from "./params.js";

type Encode = (text: string) => string;

/** `allowReserved`: RFC 6570's reserved expansion, which leaves the reserved characters and `%XX` triplets as they are. */
export const encodeReserved: Encode = (text) =>
  encodeURIComponent(text)
    .replace(/%(2[346BCF]|3[ABDF]|40|5[BD])/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/%25(?=[\dA-Fa-f]{2})/g, "%");

const text = (name: string, value: unknown): string => {
  if (typeof value === "object" && value !== null)
    throw new TypeError(`parameter "${name}": a nested object or array has no OpenAPI serialisation`);
  return String(value);
};

/**
 * One parameter's expansion (undefined when it has none: no value, an empty list or object). Named
 * styles (matrix, form and the query styles) write `name=`; `simple` and `label` only the value.
 */
export function expand(
  name: string,
  value: unknown,
  style: ParamStyle,
  explode: boolean,
  encode: Encode = encodeStrict,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  const key = encodeName(name);
  const lead = style === "label" ? "." : style === "matrix" ? ";" : "";
  const named = (k: string, v: string) => (style === "matrix" && v === "" ? k : `${k}=${v}`);
  const whole = (v: string) => (style === "simple" || style === "label" ? lead + v : lead + named(key, v));
  if (typeof value !== "object") return whole(encode(text(name, value)));
  let pairs: [string, string][];
  if (Array.isArray(value)) pairs = value.map((item) => ["", encode(text(name, item))]);
  else {
    pairs = [];
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined && v !== null) pairs.push([encode(k), encode(text(name, v))]);
    }
  }
  if (pairs.length === 0) return undefined;
  const keyed = !Array.isArray(value);
  if (style === "deepObject" && keyed) return pairs.map(([k, v]) => `${key}[${k}]=${v}`).join("&");
  if (!explode) {
    const sep = style === "spaceDelimited" ? "%20" : style === "pipeDelimited" ? "%7C" : ",";
    return whole(pairs.map(([k, v]) => (keyed ? `${k}${sep}${v}` : v)).join(sep));
  }
  // Exploded: each item, or each key=value, a part of its own.
  const parts = pairs.map(([k, v]) =>
    keyed ? `${k}=${v}` : style === "simple" || style === "label" ? v : named(key, v),
  );
  if (style === "simple") return parts.join(",");
  if (style === "label" || style === "matrix") return lead + parts.join(lead);
  return parts.join("&");
}

/** Each location's default style (OpenAPI 3.1, Parameter Object: "Default values (based on value of in)"). */
const DEFAULT_STYLE = { path: "simple", query: "form", header: "simple", cookie: "form" } as const;

const asIs: Encode = (value) => value;

/**
 * Every style OpenAPI 3.1 defines, for the operations codegen gives it: path `simple`, `label`,
 * `matrix`; query `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`, with `allowReserved`;
 * header `simple` (not percent-encoded: a header is no URI); cookie `form`. `explode` defaults to
 * true for `form` only.
 */
export const styleParams: ParamFormatter = (_operation, location: ParamLocation, name, value, format) => {
  const style =
    location === "path" || location === "query" ? (format?.style ?? DEFAULT_STYLE[location]) : DEFAULT_STYLE[location];
  const encode =
    location === "header" ? asIs : format?.allowReserved && location === "query" ? encodeReserved : encodeStrict;
  return expand(name, value, style, format?.explode ?? style === "form", encode);
};
