/**
 * Turns the last answer of a call into data, or into its one typed error (made by makeError):
 * a non-2xx status, a 2xx that is not the JSON it should be, or an RPC envelope that says the
 * action failed.
 */
import { kindForStatus, makeError, type ErrorContext, type ErrorKind } from "./errors.js";
import type { Answer } from "./attempts.js";
import { parseRetryAfter } from "./settings.js";

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id", "x-correlation-id"];
/** Body fields providers commonly use for a human-readable message, most specific first. */
const MESSAGE_FIELDS = ["description", "errorMessage", "error_description", "message", "detail", "title", "error"];
/** Body fields providers use for a request or trace id. */
const REQUEST_ID_FIELDS = ["requestId", "request_id", "trace", "traceId"];
const MAX_TEXT_BODY = 2000;

/** How an RPC answer says it failed although its status is 2xx: `{ [success]: false, [message]: "..." }`. */
export interface Envelope {
  readonly success: string;
  readonly message: string;
}

function pick(body: unknown, fields: string[]): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  for (const f of fields) {
    const v = (body as Record<string, unknown>)[f];
    if (typeof v === "string" && v) return v;
    if (typeof v === "number") return String(v);
  }
  return undefined;
}

function requestIdOf(response: Response, body: unknown): string | undefined {
  for (const h of REQUEST_ID_HEADERS) {
    const v = response.headers.get(h);
    if (v) return v;
  }
  return pick(body, REQUEST_ID_FIELDS);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

const decodeEntities = (text: string): string =>
  text.replace(/&(?:#x([\da-f]+)|#(\d+)|([a-z]+));/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    if (name) return ENTITIES[name.toLowerCase()] ?? whole;
    const code = hex ? parseInt(hex, 16) : Number(decimal);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

/**
 * A non-JSON body (an HTML error page, plain text) kept short and readable. Secrets are redacted
 * from the whole text before anything is cut from it, so no part of one survives a cut.
 */
function summariseText({ redactor }: ErrorContext, text: string, response: Response): string {
  let out = redactor.redact(text);
  if (/html/i.test(response.headers.get("content-type") ?? "") || /^\s*</.test(out)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(out)?.[1];
    const readable = title && redactor.redact(decodeEntities(title).replace(/\s+/g, " ").trim());
    out = readable ? `HTML page: ${readable}` : "HTML page";
  }
  return out.length > MAX_TEXT_BODY ? `${out.slice(0, MAX_TEXT_BODY)}…` : out;
}

/** The data of an answer, or its typed error (a non-2xx status, a 2xx that is not JSON, an RPC envelope's failure). */
export function readAnswer(ctx: ErrorContext, { response, body }: Answer, envelope?: Envelope): unknown {
  const { status } = response;
  const text = typeof body === "string" ? body : "";
  // makeError redacts the message, the body and the request id.
  const error = (kind: ErrorKind, message: string, data: unknown, retryAfterMs?: number) =>
    makeError(ctx, kind, message, { status, body: data, requestId: requestIdOf(response, data), retryAfterMs });
  const invalid = (why: string) =>
    error("invalid_response", `HTTP ${status} ${why}`, summariseText(ctx, text, response));
  let data: unknown;
  if (!response.ok) {
    try {
      data = JSON.parse(text); // whatever the content type says, as openapi-fetch reads error bodies
    } catch {
      data = summariseText(ctx, text, response);
    }
    const providerMessage = pick(data, MESSAGE_FIELDS);
    throw error(
      kindForStatus(status),
      `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}${providerMessage ? `: ${providerMessage}` : ""}`,
      data,
      parseRetryAfter(response.headers.get("retry-after")),
    );
  }
  if (typeof body !== "string") return body; // a download
  if (body === "") return undefined;
  const type = response.headers.get("content-type");
  if (!type || !/\bjson\b/i.test(type))
    throw invalid(`answered with content type ${type ?? "(none)"} where JSON was expected`);
  try {
    data = JSON.parse(body);
  } catch {
    // Not V8's message: it quotes the body, and a cut quote could hold part of a secret.
    throw invalid("answered with malformed JSON");
  }
  const fields = data as Record<string, unknown> | null;
  if (envelope && typeof fields === "object" && fields?.[envelope.success] === false)
    throw error("api", String(fields[envelope.message] ?? "the action failed"), data);
  return data;
}
