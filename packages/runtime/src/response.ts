/**
 * Turns the last answer of a call into data, or into its one typed error (made by makeError):
 * a non-2xx status, a 2xx that is not the JSON it should be, or an RPC envelope that says the
 * action failed.
 */
import { kindForStatus, makeError, type ErrorContext, type SpecforgeError } from "./errors.js";
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

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code =
        entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/**
 * A non-JSON body (an HTML error page, plain text) kept short and readable. Secrets are redacted
 * from the whole text before anything is cut from it, so no part of one survives a cut.
 */
function summariseText(ctx: ErrorContext, text: string, response: Response): string {
  const type = response.headers.get("content-type") ?? "";
  let out = ctx.redactor.redact(text);
  if (/html/i.test(type) || /^\s*</.test(out)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(out)?.[1];
    const readable = title === undefined ? "" : ctx.redactor.redact(decodeEntities(title).replace(/\s+/g, " ").trim());
    out = readable ? `HTML page: ${readable}` : "HTML page";
  }
  return out.length > MAX_TEXT_BODY ? `${out.slice(0, MAX_TEXT_BODY)}…` : out;
}

const isJson = (type: string | null) => !!type && /\bjson\b/i.test(type);

/** The typed error of a non-2xx answer: the provider's message, body and request id, redacted. */
function errorFromResponse(ctx: ErrorContext, response: Response, text: string): SpecforgeError {
  let body: unknown = text;
  try {
    body = JSON.parse(text); // whatever the content type says, as openapi-fetch reads error bodies
  } catch {
    body = summariseText(ctx, text, response);
  }
  const providerMessage = pick(body, MESSAGE_FIELDS);
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  const requestId = requestIdOf(response, body);
  // makeError redacts the message, the body and the request id.
  return makeError(
    ctx,
    kindForStatus(response.status),
    `HTTP ${response.status}${statusText}${providerMessage ? `: ${providerMessage}` : ""}`,
    {
      status: response.status,
      body,
      ...(requestId ? { requestId } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    },
  );
}

/** The data of an answer, or its typed error. */
export function readAnswer(ctx: ErrorContext, { response, body }: Answer, envelope?: Envelope): unknown {
  if (!response.ok) throw errorFromResponse(ctx, response, typeof body === "string" ? body : "");
  if (typeof body !== "string") return body; // a download
  if (body === "") return undefined;
  const invalid = (why: string) => {
    const requestId = requestIdOf(response, undefined);
    return makeError(ctx, "invalid_response", `HTTP ${response.status} ${why}`, {
      status: response.status,
      body: summariseText(ctx, body, response),
      ...(requestId ? { requestId } : {}),
    });
  };
  const type = response.headers.get("content-type");
  if (!isJson(type)) throw invalid(`answered with content type ${type ?? "(none)"} where JSON was expected`);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    // Not V8's message: it quotes the body, and a cut quote could hold part of a secret.
    throw invalid("answered with malformed JSON");
  }
  if (envelope && data && typeof data === "object" && (data as Record<string, unknown>)[envelope.success] === false) {
    const requestId = requestIdOf(response, data);
    throw makeError(ctx, "api", String((data as Record<string, unknown>)[envelope.message] ?? "the action failed"), {
      status: response.status,
      body: data,
      ...(requestId ? { requestId } : {}),
    });
  }
  return data;
}
