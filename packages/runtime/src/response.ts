/** Turns an HTTP response into the parsed body or a typed, redacted error. */
import { kindForStatus, type ErrorConstructor, type SpecforgeError } from "./errors.js";
import { parseRetryAfter } from "./transport.js";
import type { Redactor } from "./redact.js";

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id", "x-correlation-id"];
/** Body fields providers commonly use for a human-readable message, most specific first. */
const MESSAGE_FIELDS = ["description", "errorMessage", "error_description", "message", "detail", "title", "error"];
/** Body fields providers use for a request or trace id. */
const REQUEST_ID_FIELDS = ["requestId", "request_id", "trace", "traceId"];
const MAX_TEXT_BODY = 2000;

export interface ResponseContext {
  operation: string;
  attempts: number;
  errorClass: ErrorConstructor;
  redactor: Redactor;
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

export function isJsonContentType(value: string | null): boolean {
  return !!value && /\bjson\b/i.test(value);
}

export function requestIdOf(response: Response, body: unknown): string | undefined {
  for (const h of REQUEST_ID_HEADERS) {
    const v = response.headers.get(h);
    if (v) return v;
  }
  return pick(body, REQUEST_ID_FIELDS);
}

/** Builds the typed error of a non-2xx response (body already read by openapi-fetch). */
export function errorFromResponse(ctx: ResponseContext, response: Response, rawBody: unknown): SpecforgeError {
  const body = typeof rawBody === "string" ? summariseText(ctx.redactor, rawBody, response) : rawBody;
  const safeBody = ctx.redactor.redactValue(body);
  const providerMessage = pick(safeBody, MESSAGE_FIELDS);
  const status = response.status;
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  const message = `${ctx.operation}: HTTP ${status}${statusText}${providerMessage ? `: ${providerMessage}` : ""}`;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  const requestId = requestIdOf(response, safeBody);
  return new ctx.errorClass({
    kind: kindForStatus(status),
    message: ctx.redactor.redact(message),
    operation: ctx.operation,
    status,
    attempts: ctx.attempts,
    ...(safeBody !== undefined && safeBody !== "" ? { body: safeBody } : {}),
    ...(requestId ? { requestId: ctx.redactor.redact(requestId) } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/**
 * A non-JSON body (an HTML error page, plain text) kept short and readable. Secrets are redacted
 * from the whole text before anything is cut from it, so no part of one survives a cut.
 */
function summariseText(redactor: Redactor, text: string, response: Response): string {
  const type = response.headers.get("content-type") ?? "";
  let out = redactor.redact(text);
  if (/html/i.test(type) || /^\s*</.test(out)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(out)?.[1];
    const readable = title === undefined ? "" : redactor.redact(decodeEntities(title).replace(/\s+/g, " ").trim());
    out = readable ? `HTML page: ${readable}` : "HTML page";
  }
  return out.length > MAX_TEXT_BODY ? `${out.slice(0, MAX_TEXT_BODY)}…` : out;
}

/** Parses a successful response's text as JSON; a wrong content type or bad JSON is a typed error. */
export function parseSuccess(ctx: ResponseContext, response: Response, text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  const type = response.headers.get("content-type");
  const requestId = requestIdOf(response, undefined);
  const invalid = (why: string) =>
    new ctx.errorClass({
      kind: "invalid_response",
      message: ctx.redactor.redact(`${ctx.operation}: HTTP ${response.status} ${why}`),
      operation: ctx.operation,
      status: response.status,
      attempts: ctx.attempts,
      body: summariseText(ctx.redactor, text, response),
      ...(requestId ? { requestId: ctx.redactor.redact(requestId) } : {}),
    });
  if (!isJsonContentType(type)) throw invalid(`answered with content type ${type ?? "(none)"} where JSON was expected`);
  try {
    return JSON.parse(text);
  } catch {
    // Not V8's message: it quotes the body, and a cut quote could hold part of a secret.
    throw invalid("answered with malformed JSON");
  }
}
