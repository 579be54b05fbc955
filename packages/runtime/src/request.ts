/**
 * Builds what a call sends, once per call: the URL, the headers and the body. An RPC action's
 * parameters become the body, with the action's name in its discriminator field; a REST call's
 * parameters are written by params.ts.
 */
import type { Exchange } from "./attempts.js";
import { serializeParams, singleValue, type ParamValues } from "./params.js";
import type { OperationSpec } from "./spec.js";

interface RestInit extends ParamValues {
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
  let params: Record<string, string> | undefined;
  if (op.rpc) {
    url = baseUrl + op.path;
    // The action the caller named always wins: a params object (from JavaScript, or built from
    // user input) that carries its own discriminator cannot call another action.
    body = { [op.rpc.field]: op.name, ...(init as Record<string, unknown> | undefined), [op.rpc.field]: op.name };
  } else {
    const rest = (init ?? {}) as RestInit;
    ({ url, headers: params } = serializeParams(
      op.serialize ?? singleValue,
      op.name,
      baseUrl,
      op.path,
      rest,
      op.params,
    ));
    body = rest.body;
  }
  const sent: Record<string, string> = { ...headers, ...params };
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
