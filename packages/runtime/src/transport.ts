/**
 * The transport is the `fetch` openapi-fetch calls: it runs the attempts of one call with
 * credentials, per-attempt timeout, overall deadline, retries with backoff and Retry-After,
 * a caller's AbortSignal, and the observability hook. It is the only place that retries.
 */
import { kindForStatus, type ErrorConstructor, type ErrorKind, type SpecforgeError } from "./errors.js";
import type { Redactor } from "./redact.js";

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

/** Supplies credentials per attempt; `refresh` (optional) renews them after a 401, once per call. */
export interface AuthProvider {
  apply(headers: Headers, signal?: AbortSignal): void | Promise<void>;
  /** `rejected`: the headers of the request that got the 401 (so credentials already replaced are kept). */
  refresh?(signal?: AbortSignal, rejected?: Headers): Promise<void>;
}

export interface TransportContext {
  operation: string;
  idempotent: boolean;
  attempts: number;
  errorClass: ErrorConstructor;
  redactor: Redactor;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  statuses: [408, 429, 500, 502, 503, 504],
};
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Drops keys whose value is undefined, so `{ timeoutMs: undefined }` does not hide a client default. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The retry settings one layer (client or call) states, its `maxRetries` shorthand folded in. */
function retryLayer(layer: RequestSettings): Partial<RetrySettings> {
  return { ...defined(layer.retry), ...(layer.maxRetries !== undefined ? { maxRetries: layer.maxRetries } : {}) };
}

/** Client settings overlaid by a call's: every value the call states wins, field by field. */
export function mergeSettings(base: RequestSettings, call: CallOptions = {}): CallOptions {
  const { maxRetries: _b, ...baseRest } = defined(base);
  const { maxRetries: _c, ...callRest } = defined(call);
  return {
    ...baseRest,
    ...callRest,
    retry: { ...retryLayer(base), ...retryLayer(call) },
    headers: { ...base.headers, ...call.headers },
  };
}

export function resolveRetry(settings: RequestSettings): RetrySettings {
  const retry = { ...DEFAULT_RETRY, ...defined(settings.retry) };
  if (settings.maxRetries !== undefined) retry.maxRetries = settings.maxRetries;
  return retry;
}

const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
/** The three HTTP-date forms of RFC 9110: IMF-fixdate, obsolete RFC 850, asctime. */
const IMF_FIXDATE = new RegExp(`^[A-Za-z]{3}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
const RFC_850 = new RegExp(`^[A-Za-z]{6,9}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`);
const ASCTIME = new RegExp(`^[A-Za-z]{3} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`);

/**
 * Retry-After in seconds or as an HTTP date, in ms from now; undefined if absent or unreadable
 * (anything else, e.g. "-5" or "soon", is ignored rather than read as "retry at once").
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  let date = Number.NaN;
  if (IMF_FIXDATE.test(trimmed) || RFC_850.test(trimmed)) date = Date.parse(trimmed);
  else if (ASCTIME.test(trimmed)) date = Date.parse(`${trimmed} GMT`); // asctime carries no zone but means GMT
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, initial * 2^retry)). */
export function backoffDelay(retry: number, settings: Pick<RetrySettings, "initialDelayMs" | "maxDelayMs">, random = Math.random): number {
  const ceiling = Math.max(0, Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** retry));
  return Math.floor(random() * ceiling);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** setTimeout's largest delay; longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms`, or rejects as soon as `signal` aborts (with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The whole body, or the signal's reason as soon as it aborts (the stream is then cancelled). */
async function readBody(response: Response, signal: AbortSignal): Promise<ArrayBuffer> {
  try {
    return await untilAborted(response.arrayBuffer(), signal);
  } catch (error) {
    if (signal.aborted) response.body?.cancel(signal.reason).catch(() => undefined);
    throw error;
  }
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** The most specific error code in an error's cause chain (undici wraps the socket's error). */
function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  let found: string | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      found ??= code;
      if (NETWORK_CODES.has(code)) return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return found;
}

const isTypedError = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { [k: symbol]: unknown })[Symbol.for("@specforge/runtime/error")] === true;

class AttemptTimeout extends Error {}

/** Statuses whose response may not carry a body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export interface Transport {
  (request: Request, init?: RequestInit): Promise<Response>;
}

/**
 * Builds the per-call fetch. `baseFetch` does the I/O (globalThis.fetch unless a test injects one).
 *
 * Each attempt covers the whole exchange: credentials, the request, and reading the response
 * body, all under the attempt's timeout and the caller's signal; the response handed back is
 * fully buffered, so a stall or a reset mid-body is a timeout or network failure like any other.
 * The request body is read once and the same bytes are sent on every attempt.
 */
export function createTransport(options: {
  context: TransportContext;
  settings: CallOptions;
  auth?: AuthProvider;
  baseFetch?: typeof fetch;
}): Transport {
  const { context, settings, auth } = options;
  const baseFetch = options.baseFetch ?? globalThis.fetch;
  const retry = resolveRetry(settings);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const canRetry = context.idempotent || settings.retryNonIdempotent === true;
  const callSignal = settings.signal;
  const redact = (text: string) => context.redactor.redact(text);

  const fail = (kind: ErrorKind, message: string, cause?: unknown): SpecforgeError =>
    new context.errorClass({
      kind,
      message: redact(`${context.operation}: ${message}`),
      operation: context.operation,
      attempts: context.attempts,
      ...(cause !== undefined ? { cause: redact(String(cause)) } : {}),
    });

  /** The hook is observability only: whatever it does, it never changes the call. */
  const notify = (event: AttemptEvent) => {
    try {
      settings.onAttempt?.(event);
    } catch {
      // ignored on purpose
    }
  };

  return async function transport(original: Request, init?: RequestInit): Promise<Response> {
    const started = Date.now();
    const deadline = settings.deadlineMs !== undefined ? started + settings.deadlineMs : undefined;
    if (callSignal?.aborted) throw abortReason(callSignal);
    const body = original.body === null ? undefined : await original.clone().arrayBuffer();
    let retries = 0;
    let refreshed = false;
    for (;;) {
      if (callSignal?.aborted) throw abortReason(callSignal);
      const remaining = deadline !== undefined ? deadline - Date.now() : Infinity;
      if (remaining <= 0) throw fail("timeout", `deadline of ${settings.deadlineMs} ms exceeded after ${context.attempts} attempt(s)`);
      const attemptLimit = Math.min(timeoutMs, remaining);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new AttemptTimeout()), Math.min(attemptLimit, MAX_TIMER_MS));
      const onCallAbort = () => controller.abort(abortReason(callSignal!));
      callSignal?.addEventListener("abort", onCallAbort, { once: true });

      const headers = new Headers(original.headers);
      for (const [k, v] of Object.entries(settings.headers ?? {})) headers.set(k, v);
      context.attempts += 1;
      const attemptStarted = performance.now();
      let response: Response | undefined;
      let failure: { kind: ErrorKind; error: unknown } | undefined;
      let stage: "auth" | "exchange" = "auth";
      try {
        if (auth) {
          const applied = auth.apply(headers, controller.signal);
          // Static credentials apply synchronously; only a pending one (a token fetch) needs the race.
          if (applied instanceof Promise) await untilAborted(applied, controller.signal);
        }
        stage = "exchange";
        // The URL and an init, not a new Request: fetch builds its own Request either way.
        const received = await baseFetch(original.url, {
          ...init,
          method: original.method,
          headers,
          signal: controller.signal,
          ...(body !== undefined ? { body } : {}),
        });
        // Read the body inside the attempt, so the timeout and the caller's signal cover it too.
        if (received.status < 200 || received.status > 599) {
          response = received; // a Response cannot be rebuilt with such a status; hand it on as is
        } else {
          const bytes = NULL_BODY_STATUSES.has(received.status) ? null : await readBody(received, controller.signal);
          response = new Response(bytes, { status: received.status, statusText: received.statusText, headers: received.headers });
        }
      } catch (error) {
        if (callSignal?.aborted) throw abortReason(callSignal);
        if (controller.signal.reason instanceof AttemptTimeout) {
          failure = { kind: "timeout", error };
        } else if (isTypedError(error)) {
          throw error; // already a typed error (e.g. from the token endpoint)
        } else if (stage === "auth") {
          // Credentials could not be obtained or set (e.g. a secret that is no valid header value).
          throw fail("authentication", `credentials could not be applied: ${(error as Error)?.message ?? String(error)}`);
        } else {
          const code = networkCode(error);
          if (code === undefined && !(error instanceof TypeError)) throw error;
          failure = { kind: "network", error };
        }
      } finally {
        clearTimeout(timer);
        callSignal?.removeEventListener("abort", onCallAbort);
      }
      const durationMs = performance.now() - attemptStarted;

      // One refresh of credentials after a 401, without counting against retries.
      if (response?.status === 401 && auth?.refresh && !refreshed) {
        refreshed = true;
        notify({ operation: context.operation, attempt: context.attempts, method: original.method, status: 401, durationMs, error: "authentication", retryInMs: 0 });
        const refreshing = auth.refresh(callSignal, headers);
        await (callSignal ? untilAborted(refreshing, callSignal) : refreshing);
        continue;
      }

      const retryableStatus = response !== undefined && retry.statuses.includes(response.status);
      const willRetry = canRetry && retries < retry.maxRetries && (failure !== undefined || retryableStatus);
      let waitMs: number | undefined;
      if (willRetry) {
        const retryAfterMs = response ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
        waitMs = retryAfterMs !== undefined ? retryAfterMs : backoffDelay(retries, retry);
        if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) waitMs = undefined; // too long: give up now
        if (waitMs !== undefined && deadline !== undefined && Date.now() + waitMs >= deadline) waitMs = undefined;
      }
      notify({
        operation: context.operation,
        attempt: context.attempts,
        method: original.method,
        ...(response ? { status: response.status } : {}),
        durationMs,
        ...(failure ? { error: failure.kind } : response && !response.ok ? { error: kindForStatus(response.status) } : {}),
        ...(waitMs !== undefined ? { retryInMs: waitMs } : {}),
      });
      if (waitMs === undefined) {
        if (response) return response;
        const f = failure!;
        if (f.kind === "timeout") {
          const byDeadline = deadline !== undefined && attemptLimit < timeoutMs;
          throw fail("timeout", byDeadline
            ? `deadline of ${settings.deadlineMs} ms exceeded (attempt ${context.attempts})`
            : `no response within ${attemptLimit} ms (attempt ${context.attempts})`);
        }
        const reason = (f.error as Error)?.message ?? "fetch failed";
        const code = networkCode(f.error);
        throw fail("network", `network error: ${code ? `${code} (${reason})` : reason}`, describeCause(f.error));
      }
      retries += 1;
      await sleep(waitMs, callSignal);
    }
  };
}

/** A one-line account of an error and its causes (redacted by the caller). */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const { message, code } = e as { message?: unknown; code?: unknown };
    parts.push([typeof code === "string" ? code : undefined, typeof message === "string" ? message : String(e)].filter(Boolean).join(": "));
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return parts.join(" <- ");
}
