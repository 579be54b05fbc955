/**
 * One error hierarchy for every provider. Kinds (authentication, rate limited, ...) are classes
 * whose `instanceof` checks the error's `kind`; provider packages subclass SpecforgeError
 * (one error class per provider) and `instanceof` of the kind classes still works on their errors.
 * `instanceof` is brand-based (Symbol.for), so it also holds across two copies of this package.
 */

const BRAND = Symbol.for("@specforge/runtime/error");

export type ErrorKind =
  | "authentication"
  | "permission"
  | "not_found"
  | "conflict"
  | "validation"
  | "rate_limited"
  | "server"
  | "network"
  | "timeout"
  | "invalid_response"
  | "api";

export interface SpecforgeErrorFields {
  kind: ErrorKind;
  message: string;
  /** The operation (operationId or action) that failed. */
  operation: string;
  /** HTTP status; absent for network errors and timeouts. */
  status?: number;
  /** The provider's parsed error body (redacted). */
  body?: unknown;
  /** The request id the provider sent, if any. */
  requestId?: string;
  /** How many HTTP attempts were made. */
  attempts: number;
  /** Milliseconds the server asked to wait (Retry-After), if it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

const OPTIONAL_FIELDS = ["status", "body", "requestId", "retryAfterMs"] as const;
/** What toJSON and inspect show, in this order. */
const JSON_FIELDS = [
  "name",
  "kind",
  "message",
  "operation",
  "status",
  "requestId",
  "attempts",
  "retryAfterMs",
  "body",
] as const;

type ErrorClass = abstract new (...args: never[]) => unknown;
type Matcher = { matchKind?: ErrorKind; matchProvider?: string };

export class SpecforgeError extends Error {
  declare readonly [BRAND]: true;
  readonly kind: ErrorKind;
  readonly operation: string;
  // Optional fields are `declare`d so that an absent one is truly absent (not an own `undefined`).
  declare readonly status?: number;
  declare readonly body?: unknown;
  declare readonly requestId?: string;
  readonly attempts: number;
  declare readonly retryAfterMs?: number;
  /** The provider, set by provider subclasses (`static readonly matchProvider = "..."`). */
  declare readonly provider?: string;

  constructor(fields: SpecforgeErrorFields) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause });
    Object.defineProperty(this, BRAND, { value: true });
    this.name = new.target.name;
    this.kind = fields.kind;
    this.operation = fields.operation;
    this.attempts = fields.attempts;
    // An absent optional field stays absent (not an own `undefined`).
    for (const key of OPTIONAL_FIELDS) if (fields[key] !== undefined) Object.assign(this, { [key]: fields[key] });
    const provider = (new.target as Matcher).matchProvider;
    if (provider) this.provider = provider;
  }

  static override [Symbol.hasInstance](this: ErrorClass & Matcher, value: unknown): boolean {
    if (typeof value !== "object" || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
    const own = (key: keyof Matcher) => (Object.hasOwn(this, key) ? this[key] : undefined);
    const kind = own("matchKind");
    const provider = own("matchProvider");
    const error = value as SpecforgeError;
    if (kind !== undefined && error.kind !== kind) return false;
    if (provider !== undefined && error.provider !== provider) return false;
    if (kind === undefined && provider === undefined && this !== SpecforgeError) {
      // A subclass that declares nothing to match falls back to the prototype chain.
      return Object.prototype.isPrototypeOf.call(this.prototype, value);
    }
    return true;
  }

  /** What JSON.stringify shows: the fields, never a request, header or secret. */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(JSON_FIELDS.map((key) => [key, this[key]]));
  }

  /**
   * What `util.inspect` (and so `console.log`) shows: the same fields as JSON. Keyed by the
   * registered symbol rather than `util.inspect.custom`, so the published types need no Node types.
   */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth: number,
    _options: unknown,
    inspect?: (value: unknown, options?: object) => string,
  ): string {
    const fields = inspect
      ? inspect(this.toJSON(), { depth: 4, breakLength: Infinity })
      : JSON.stringify(this.toJSON());
    return `${this.name} [${this.kind}]: ${this.message} ${fields}`;
  }
}

export class AuthenticationError extends SpecforgeError {
  static readonly matchKind = "authentication";
}
export class PermissionDeniedError extends SpecforgeError {
  static readonly matchKind = "permission";
}
export class NotFoundError extends SpecforgeError {
  static readonly matchKind = "not_found";
}
export class ConflictError extends SpecforgeError {
  static readonly matchKind = "conflict";
}
export class ValidationError extends SpecforgeError {
  static readonly matchKind = "validation";
}
export class RateLimitError extends SpecforgeError {
  static readonly matchKind = "rate_limited";
}
export class ServerError extends SpecforgeError {
  static readonly matchKind = "server";
}
export class NetworkError extends SpecforgeError {
  static readonly matchKind = "network";
}
export class TimeoutError extends SpecforgeError {
  static readonly matchKind = "timeout";
}
export class InvalidResponseError extends SpecforgeError {
  static readonly matchKind = "invalid_response";
}
/** A failure the provider reported that no other kind describes (e.g. an RPC envelope's `success: false`). */
export class ApiError extends SpecforgeError {
  static readonly matchKind = "api";
}

const KIND_OF_STATUS: Record<number, ErrorKind> = {
  400: "validation",
  401: "authentication",
  403: "permission",
  404: "not_found",
  408: "timeout",
  409: "conflict",
  413: "validation",
  422: "validation",
  429: "rate_limited",
};

export function kindForStatus(status: number): ErrorKind {
  return KIND_OF_STATUS[status] ?? (status >= 500 ? "server" : "api");
}

/** The constructor provider packages hand to the runtime to build their errors. */
export type ErrorConstructor = new (fields: SpecforgeErrorFields) => SpecforgeError;

/** Redacts text and parsed bodies (see redact.ts); the one thing the error factory needs of it. */
interface Redacting {
  redact(text: string): string;
  redactValue<T>(value: T): T;
}

/** Which call failed, and how to build and clean its error. */
export interface ErrorContext {
  operation: string;
  attempts: number;
  errorClass: ErrorConstructor;
  redactor: Redacting;
}

/**
 * The one place a typed error is made: every failure (HTTP status, network, timeout, bad answer,
 * an RPC envelope's `success: false`) goes through here, and everything it carries is redacted
 * here, once.
 */
export function makeError(
  ctx: ErrorContext,
  kind: ErrorKind,
  message: string,
  extra: { status?: number; body?: unknown; requestId?: string; retryAfterMs?: number; cause?: unknown } = {},
): SpecforgeError {
  const { redactor } = ctx;
  const { body, requestId, cause } = extra;
  // The constructor leaves out the fields given as undefined.
  return new ctx.errorClass({
    ...extra,
    kind,
    message: redactor.redact(`${ctx.operation}: ${message}`),
    operation: ctx.operation,
    attempts: ctx.attempts,
    body: body === "" ? undefined : redactor.redactValue(body),
    requestId: requestId ? redactor.redact(requestId) : undefined,
    cause: cause === undefined ? undefined : redactor.redact(String(cause)),
  });
}
