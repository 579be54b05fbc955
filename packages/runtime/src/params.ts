/**
 * A REST call's parameters on the wire: the path's placeholders, the query, the parameter headers
 * and the cookies. How one parameter's value is written is a formatter's job: single values by
 * default (`singleValue`, below), or wire.ts's `styleParams`, which codegen gives an operation
 * with a list, object or otherwise-styled parameter. A bundle without such an operation leaves
 * wire.ts out.
 */
import { encodeName, encodeStrict } from "./encoding.js";

export type ParamLocation = "path" | "query" | "header" | "cookie";

export type ParamStyle = "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";

/** How one parameter travels, where it differs from its location's default. */
export interface ParamFormat {
  readonly style?: ParamStyle;
  readonly explode?: boolean;
  readonly allowReserved?: boolean;
}

/** Parameters serialised otherwise than by default, by location and name (emitted per operation). */
export type ParamFormats = { readonly [L in ParamLocation]?: Readonly<Record<string, ParamFormat>> };

/** A call's parameters, as the generated types name them. */
export type ParamValues = { [L in ParamLocation]?: Record<string, unknown> };

/**
 * Writes one parameter that has a value: a path segment or a header value, or a query or cookie
 * part (`name=value`, several joined by `&`); undefined when it expands to nothing.
 */
export type ParamFormatter = (
  operation: string,
  location: ParamLocation,
  name: string,
  value: unknown,
  format: ParamFormat | undefined,
) => string | undefined;

/**
 * A single value in its location's default style, which for one value is the value itself: path
 * `simple`, query `form` (`name=value`), header `simple` (unencoded: a header is no URI), cookie
 * `form`. Codegen gives every operation with a list or object parameter `styleParams`, so a list
 * or object here contradicts the spec: a TypeError, never a guess.
 */
export const singleValue: ParamFormatter = (operation, location, name, value) => {
  if (typeof value === "object")
    throw new TypeError(
      `${operation}: ${location} parameter "${name}" takes a single value, not ${Array.isArray(value) ? "a list" : "an object"}`,
    );
  const text = String(value);
  return location === "header"
    ? text
    : location === "path"
      ? encodeStrict(text)
      : `${encodeName(name)}=${encodeStrict(text)}`;
};

const PATH_PARAM = /\{([^}]+)\}/g;

/** The URL (base URL + path + query) and the parameter headers (names in lower case) of a REST call. */
export function serializeParams(
  format: ParamFormatter,
  operation: string,
  baseUrl: string,
  path: string,
  values: ParamValues,
  formats: ParamFormats = {},
): { url: string; headers?: Record<string, string> } {
  /** Each part of a location's parameters that has a value and expands to something. */
  const parts = (location: ParamLocation): [name: string, part: string][] => {
    const out: [string, string][] = [];
    const given = values[location];
    for (const name in given) {
      const value = given[name];
      const part = value == null ? undefined : format(operation, location, name, value, formats[location]?.[name]);
      if (part !== undefined) out.push([name, part]);
    }
    return out;
  };
  let url =
    baseUrl +
    path.replace(PATH_PARAM, (_, name: string) => {
      const value = values.path?.[name];
      if (value == null) throw new TypeError(`${operation}: path parameter "${name}" is missing`);
      // An empty list or object expands to nothing (RFC 6570 §2.3), which in a path is "".
      return format(operation, "path", name, value, formats.path?.[name]) ?? "";
    });
  if (values.query) {
    const query = parts("query");
    if (query.length) url += `?${query.map(([, part]) => part).join("&")}`;
  }
  if (!values.header && !values.cookie) return { url };
  const headers: Record<string, string> = {};
  for (const [name, part] of parts("header")) headers[name.toLowerCase()] = part;
  // Cookie pairs are joined with `; `, as RFC 6265 sends them.
  const cookies = parts("cookie").map(([, part]) => part.replace(/&/g, "; "));
  if (cookies.length) headers.cookie = cookies.join("; ");
  return { url, headers };
}
