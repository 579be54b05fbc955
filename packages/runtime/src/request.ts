/**
 * Builds what a call sends, once per call: the URL (path and query serialised by openapi-fetch's
 * own serialisers, so the wire format is openapi-fetch's), the headers and the body. An RPC
 * action's parameters become the body, with the action's name in its discriminator field.
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import type { Exchange } from "./attempts.js";
import { lowerCaseHeaders } from "./settings.js";
import type { OperationSpec } from "./operation.js";

const querySerializer = createQuerySerializer();

interface RestInit {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, string>;
  body?: unknown;
}

const FORM = "application/x-www-form-urlencoded";

function formBody(body: unknown): string {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (v !== undefined) form.append(k, String(v));
  return form.toString();
}

const isRaw = (body: unknown): body is FormData | Blob | ArrayBuffer =>
  (typeof FormData !== "undefined" && body instanceof FormData) || (typeof Blob !== "undefined" && body instanceof Blob) || body instanceof ArrayBuffer;

export function buildExchange(baseUrl: string, op: OperationSpec, init: object | undefined, headers: Readonly<Record<string, string>>): Exchange {
  let url: string;
  let body: unknown;
  let header: Record<string, string> | undefined;
  if (op.rpc) {
    url = baseUrl + op.path;
    body = { [op.rpc.field]: op.name, ...(init as Record<string, unknown> | undefined) };
  } else {
    const rest = (init ?? {}) as RestInit;
    url = createFinalURL(op.path, { baseUrl, params: { path: rest.path, query: rest.query }, querySerializer, pathSerializer: defaultPathSerializer });
    body = rest.body;
    header = rest.header;
  }
  const sent: Record<string, string> = header ? { ...headers, ...lowerCaseHeaders(header) } : { ...headers };
  let wire: Exchange["body"];
  if (body !== undefined) {
    if (isRaw(body)) wire = body;
    else if (op.form) {
      sent["content-type"] = FORM;
      wire = formBody(body);
    } else {
      sent["content-type"] ??= "application/json";
      wire = JSON.stringify(body);
    }
  }
  return { url, method: op.method, headers: sent, body: wire, read: op.blob ? "blob" : "text" };
}

/**
 * The URL with credential query parameters (`apiKey` in: query) added, URL-encoded the way the
 * query serialiser encodes a value. Applied per attempt by attempts.ts, so the URL built once per
 * call never holds a secret.
 */
export function withQueryCredentials(url: string, params: Readonly<Record<string, string>> | undefined): string {
  if (!params) return url;
  const pairs = Object.entries(params).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  if (pairs.length === 0) return url;
  const hash = url.indexOf("#");
  const [base, fragment] = hash === -1 ? [url, ""] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes("?") ? "&" : "?"}${pairs.join("&")}${fragment}`;
}
