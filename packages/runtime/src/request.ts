/**
 * Builds what a call sends, once per call: the URL (path and query serialised by openapi-fetch's
 * own serialisers, so the wire format is openapi-fetch's), the headers and the body. An RPC
 * action's parameters become the body, with the action's name in its discriminator field.
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import type { Exchange } from "./attempts.js";
import { lowerCaseHeaders } from "./settings.js";
import type { OperationSpec } from "./spec.js";

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
  (typeof FormData !== "undefined" && body instanceof FormData) ||
  (typeof Blob !== "undefined" && body instanceof Blob) ||
  body instanceof ArrayBuffer;

export function buildExchange(
  baseUrl: string,
  op: OperationSpec,
  init: object | undefined,
  headers: Readonly<Record<string, string>>,
): Exchange {
  let url: string;
  let body: unknown;
  let header: Record<string, string> | undefined;
  if (op.rpc) {
    url = baseUrl + op.path;
    // The action the caller named always wins: a params object (from JavaScript, or built from
    // user input) that carries its own discriminator cannot call another action.
    body = { [op.rpc.field]: op.name, ...(init as Record<string, unknown> | undefined), [op.rpc.field]: op.name };
  } else {
    const rest = (init ?? {}) as RestInit;
    url = createFinalURL(op.path, {
      baseUrl,
      params: { path: rest.path, query: rest.query },
      querySerializer,
      pathSerializer: defaultPathSerializer,
    });
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
