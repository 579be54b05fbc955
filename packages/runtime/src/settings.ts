/**
 * Per-client and per-call settings of a call (retries, timeouts, hooks, headers), their
 * defaults and how they merge; the retry policy's arithmetic (backoff, Retry-After).
 */
import type { ErrorKind } from "./errors.js";

export interface AttemptEvent {
  operation: string;
  attempt: number;
  method: string;
  /** HTTP status; absent when the attempt failed without a response. */
  status?: number;
  durationMs: number;
  /** Why the attempt failed, when it did (network, timeout, or the status's kind). */
  error?: ErrorKind;
  /** Milliseconds the runtime will wait before the next attempt, when it retries. */
  retryInMs?: number;
}

export interface RetrySettings {
  /** Retries after the first attempt (default 2). */
  maxRetries: number;
  /** First backoff ceiling in ms (default 500); doubles each retry, full jitter. */
  initialDelayMs: number;
  /** Largest backoff ceiling in ms (default 8000). */
  maxDelayMs: number;
  /** Largest wait a Retry-After may ask for (default 60000); longer waits are not taken. */
  maxRetryAfterMs: number;
  /** Statuses that are retried (default 408, 429, 500, 502, 503, 504). */
  statuses: readonly number[];
}

/** Per-client and per-call settings (per call wins). */
export interface RequestSettings {
  retry?: Partial<RetrySettings>;
  /** Shorthand for retry.maxRetries. */
  maxRetries?: number;
  /** Timeout of each attempt in ms (default 60000). */
  timeoutMs?: number;
  /** Overall deadline of the call, all attempts and waits included, in ms (default none). */
  deadlineMs?: number;
  /** Retry non-idempotent operations too (POST, PATCH, non-idempotent actions). Default false. */
  retryNonIdempotent?: boolean;
  /** Called after every attempt (logging, metrics). */
  onAttempt?: (event: AttemptEvent) => void;
  /** Extra headers for the request. */
  headers?: Record<string, string>;
}

export interface CallOptions extends RequestSettings {
  /** Cancels the call at once, including during a backoff wait. */
  signal?: AbortSignal;
}

/**
 * Supplies credentials per attempt, as request headers (lower-case names) and, where a spec puts
 * a key in the URL, the attempt's URL; `refresh` (optional) renews them after a 401, once per
 * call. Static credentials return the same object every time.
 */
export interface AuthProvider {
  headers(signal?: AbortSignal): Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
  /**
   * Adds the credentials that travel in the URL's query (an `apiKey` scheme with `in: query`) to
   * one attempt's URL, so the URL built once per call never holds them. They are secrets: register
   * them with the client's redactor.
   */
  url?(url: string): string;
  /** `rejected`: the credential headers the 401 answered (so credentials already replaced are kept). */
  refresh?(signal?: AbortSignal, rejected?: Readonly<Record<string, string>>): Promise<void>;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  statuses: [408, 429, 500, 502, 503, 504],
};
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Drops keys whose value is undefined, so `{ maxDelayMs: undefined }` does not hide a default. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The retry settings one layer (client or call) states, its `maxRetries` shorthand folded in. */
const retryLayer = (layer: RequestSettings): Partial<RetrySettings> =>
  defined({ ...layer.retry, maxRetries: layer.maxRetries ?? layer.retry?.maxRetries });

/**
 * The three HTTP-date forms of RFC 9110: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), obsolete
 * RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`, group 1: it
 * carries no zone but means GMT).
 */
const HTTP_DATE =
  /^[A-Za-z]{3}(?:, \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT|( (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}))$|^[A-Za-z]{6,9}, \d\d-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d\d \d\d:\d\d:\d\d GMT$/;

/**
 * Retry-After in seconds or as an HTTP date, in ms from now; undefined if absent or unreadable
 * (anything else, e.g. "-5" or "soon", is ignored rather than read as "retry at once").
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const form = HTTP_DATE.exec(trimmed);
  const date = form ? Date.parse(form[1] ? `${trimmed} GMT` : trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, initial * 2^retry)). */
export function backoffDelay(
  retry: number,
  settings: Pick<RetrySettings, "initialDelayMs" | "maxDelayMs">,
  random = Math.random,
): number {
  const ceiling = Math.max(0, Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** retry));
  return Math.floor(random() * ceiling);
}

/** Settings of one call, defaults applied: what the attempt loop reads. */
export interface ResolvedSettings {
  retry: RetrySettings;
  timeoutMs: number;
  deadlineMs: number | undefined;
  retryNonIdempotent: boolean;
  onAttempt: ((event: AttemptEvent) => void) | undefined;
  /** Extra request headers, names in lower case. */
  headers: Readonly<Record<string, string>>;
  signal: AbortSignal | undefined;
}

/** Header names in lower case, so a caller's `authorization` and the runtime's never both go out. */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) if (headers[name] !== undefined) out[name.toLowerCase()] = headers[name]!;
  return out;
}

/** The client's settings overlaid by a call's (every value the call states wins, field by field), defaults applied. */
export function resolveSettings(base: RequestSettings, call: CallOptions = {}): ResolvedSettings {
  const stated = <K extends keyof RequestSettings>(key: K) => call[key] ?? base[key];
  return {
    retry: { ...DEFAULT_RETRY, ...retryLayer(base), ...retryLayer(call) },
    timeoutMs: stated("timeoutMs") ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: stated("deadlineMs"),
    retryNonIdempotent: stated("retryNonIdempotent") === true,
    onAttempt: stated("onAttempt"),
    headers: lowerCaseHeaders({ ...base.headers, ...call.headers }),
    signal: call.signal,
  };
}
