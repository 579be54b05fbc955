/**
 * Credentials from a spec's security schemes: a client factory passes the generated
 * `securitySchemes` and one value per scheme, and gets the AuthProvider that puts each value where
 * its scheme says: an `apiKey` in a header, the query or a cookie; `http` bearer or basic in
 * `Authorization`; an `oauth2` / `openIdConnect` access token as `Bearer` (or as its
 * `x-token-header` says). The values are secrets: `secrets` lists them for the redactor.
 *
 * Cookies: fetch in browsers and edge workers drops a `Cookie` header it is given (a forbidden
 * header name); Node, Bun and Deno send it. A spec whose key travels as a cookie works there.
 */
import { base64Utf8 } from "./encoding.js";
import type { AuthProvider } from "./settings.js";

/** A security scheme as the generated `securitySchemes` constant carries it (descriptions omitted). */
export type SecuritySchemeFacts =
  | { readonly type: "apiKey"; readonly in: "header" | "query" | "cookie"; readonly name: string }
  | { readonly type: "http"; readonly scheme: string; readonly bearerFormat?: string }
  | {
      readonly type: "oauth2" | "openIdConnect";
      readonly "x-token-header"?: { readonly name: string; readonly prefix?: string };
    }
  | { readonly type: "mutualTLS" };

/** HTTP basic: a user and a password (or `"user:password"`). */
export interface BasicCredential {
  username: string;
  password: string;
}

/** What a scheme takes: a string (key or token), or for http basic a user and password too. */
export type CredentialFor<S> = S extends { readonly type: "http"; readonly scheme: infer Name }
  ? Lowercase<Name & string> extends "basic"
    ? BasicCredential | string
    : string
  : string;

/** One optional credential per security scheme of the spec, keyed by the scheme's name. */
export type SchemeCredentials<Schemes> = { [K in keyof Schemes]?: CredentialFor<Schemes[K]> };

export interface SchemeAuth {
  /** Undefined when no credential was given. */
  auth: AuthProvider | undefined;
  /** Every credential value, for the client's redactor. */
  secrets: string[];
}

/**
 * Builds the AuthProvider that sends each given credential the way its scheme says.
 * @throws TypeError for a credential naming no scheme of the spec, an empty value, or a scheme
 *   the runtime cannot send (mutualTLS is configured on the connection, not per request).
 */
export function schemeAuth<Schemes extends Readonly<Record<string, unknown>>>(
  schemes: Schemes,
  credentials: SchemeCredentials<Schemes> | undefined,
): SchemeAuth {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  const cookies: string[] = [];
  const secrets: string[] = [];
  for (const [name, given] of Object.entries(credentials ?? {}) as Array<
    [string, string | BasicCredential | undefined]
  >) {
    if (given === undefined) continue;
    const scheme = schemes[name] as SecuritySchemeFacts | undefined;
    if (!scheme) {
      throw new TypeError(
        `credentials: "${name}" is not a security scheme of this API (it has: ${Object.keys(schemes).join(", ") || "none"})`,
      );
    }
    if (given === "" || (typeof given === "object" && !given.username))
      throw new TypeError(`credentials: "${name}" is empty`);
    const value = typeof given === "string" ? given : `${given.username}:${given.password}`;
    secrets.push(value);
    if (typeof given === "object") secrets.push(given.password);
    switch (scheme.type) {
      case "apiKey":
        if (scheme.in === "query") query[scheme.name] = value;
        else if (scheme.in === "cookie") cookies.push(`${scheme.name}=${encodeURIComponent(value)}`);
        else headers[scheme.name.toLowerCase()] = value;
        break;
      case "http": {
        const kind = scheme.scheme.toLowerCase();
        if (kind === "basic") {
          const encoded = base64Utf8(value);
          secrets.push(encoded);
          headers.authorization = `Basic ${encoded}`;
        } else headers.authorization = `${kind === "bearer" ? "Bearer" : scheme.scheme} ${value}`;
        break;
      }
      case "oauth2":
      case "openIdConnect": {
        const travel = scheme["x-token-header"] ?? { name: "Authorization", prefix: "Bearer " };
        headers[travel.name.toLowerCase()] = `${travel.prefix ?? ""}${value}`;
        break;
      }
      default:
        throw new TypeError(
          `credentials: "${name}" is a ${(scheme as { type: string }).type} scheme, which a request cannot carry`,
        );
    }
  }
  if (cookies.length) headers.cookie = cookies.join("; ");
  if (secrets.length === 0) return { auth: undefined, secrets };
  const hasQuery = Object.keys(query).length > 0;
  const auth: AuthProvider = hasQuery
    ? { headers: () => headers, url: (url) => withQueryCredentials(url, query) }
    : { headers: () => headers };
  return { auth, secrets };
}

/**
 * The URL with credential query parameters (`apiKey` in: query) added, URL-encoded the way the
 * query serialiser encodes a value. Applied per attempt (the provider's `url`), so the URL built
 * once per call never holds a secret.
 */
function withQueryCredentials(url: string, params: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(params).map(
    ([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
  );
  const hash = url.indexOf("#");
  const [base, fragment] = hash === -1 ? [url, ""] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes("?") ? "&" : "?"}${pairs.join("&")}${fragment}`;
}
