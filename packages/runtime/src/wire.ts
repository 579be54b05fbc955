/**
 * A REST call's URL, parameter headers and cookies, after OpenAPI 3.1's `style` and `explode`
 * (the Parameter Object's "Style Values" and "Style Examples", which are RFC 6570 expansions):
 * path `simple` (the default), `label` and `matrix`; query `form` (the default, exploded),
 * `spaceDelimited`, `pipeDelimited` and `deepObject`, with `allowReserved`; header `simple`;
 * cookie `form`. Values are percent-encoded after RFC 3986: every character but the unreserved
 * ones (`A-Z a-z 0-9 - . _ ~`); with `allowReserved` the reserved ones and `%XX` triplets stay.
 * The runtime's own code, no dependency; test/wire.test.ts compares it with openapi-fetch 0.17
 * and justifies every difference (docs/decisions.md).
 */

export type ParamStyle = "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";

/** How one parameter travels, where it differs from its location's default. */
export interface ParamFormat {
  readonly style?: ParamStyle;
  readonly explode?: boolean;
  readonly allowReserved?: boolean;
}

type Formats = Readonly<Record<string, ParamFormat>>;

/** Parameters serialised otherwise than by default, by location and name (emitted per operation). */
export interface ParamFormats {
  readonly path?: Formats;
  readonly query?: Formats;
  readonly header?: Formats;
  readonly cookie?: Formats;
}

/** A call's parameters, as the generated types name them. */
export interface ParamValues {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
}

type Encode = (text: string) => string;

/** RFC 3986 percent-encoding of everything but the unreserved characters. */
export const encodeStrict: Encode = (text) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `allowReserved`: RFC 6570's reserved expansion, which leaves the reserved characters and `%XX` triplets as they are. */
export const encodeReserved: Encode = (text) =>
  encodeURIComponent(text)
    .replace(/%(2[346BCF]|3[ABDF]|40|5[BD])/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/%25(?=[\dA-Fa-f]{2})/g, "%");

/** A name from the spec: encoded, but `page[size]` keeps its brackets. */
const encodeName: Encode = (name) => encodeStrict(name).replace(/%5B/g, "[").replace(/%5D/g, "]");

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

const PATH_PARAM = /\{([^}]+)\}/g;

/** The URL of a REST call: base URL + path with its parameters + query. */
export function buildUrl(
  operation: string,
  baseUrl: string,
  path: string,
  params: ParamValues,
  formats: ParamFormats = {},
): string {
  const url =
    baseUrl +
    path.replace(PATH_PARAM, (_, name: string) => {
      const value = params.path?.[name];
      if (value === undefined || value === null)
        throw new TypeError(`${operation}: path parameter "${name}" is missing`);
      const f = formats.path?.[name];
      // An empty list or object expands to nothing (RFC 6570 §2.3), which in a path is "".
      return expand(name, value, f?.style ?? "simple", f?.explode ?? false) ?? "";
    });
  const query: string[] = [];
  for (const name in params.query) {
    const f = formats.query?.[name];
    const part = expand(
      name,
      params.query[name],
      f?.style ?? "form",
      f?.explode ?? (f?.style ?? "form") === "form",
      f?.allowReserved ? encodeReserved : encodeStrict,
    );
    if (part !== undefined) query.push(part);
  }
  return query.length ? `${url}?${query.join("&")}` : url;
}

const asIs: Encode = (value) => value;

/**
 * Header parameters (style simple, not percent-encoded: a header is no URI) and cookie parameters
 * (`name=value` pairs, percent-encoded, joined with `; ` as RFC 6265 sends them), names in lower case.
 */
export function paramHeaders(params: ParamValues, formats: ParamFormats = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in params.header) {
    const value = expand(name, params.header[name], "simple", formats.header?.[name]?.explode ?? false, asIs);
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const cookies: string[] = [];
  for (const name in params.cookie) {
    const value = expand(name, params.cookie[name], "form", formats.cookie?.[name]?.explode ?? true);
    if (value !== undefined) cookies.push(value.replace(/&/g, "; "));
  }
  if (cookies.length) headers.cookie = cookies.join("; ");
  return headers;
}
