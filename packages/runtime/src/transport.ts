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
  refresh?(signal?: AbortSignal): Promise<void>;
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

export function mergeSettings(base: RequestSettings, call: CallOptions = {}): CallOptions {
  return {
    ...base,
    ...call,
    retry: { ...base.retry, ...call.retry },
    headers: { ...base.headers, ...call.headers },
  };
}

export function resolveRetry(settings: RequestSettings): RetrySettings {
  const retry = { ...DEFAULT_RETRY, ...settings.retry };
  if (settings.maxRetries !== undefined) retry.maxRetries = settings.maxRetries;
  return retry;
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, initial * 2^retry)). */
export function backoffDelay(retry: number, settings: RetrySettings, random = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

class AttemptTimeout extends Error {}

export interface Transport {
  (request: Request): Promise<Response>;
}

/**
 * Builds the per-call fetch. `baseFetch` does the I/O (globalThis.fetch unless a test injects one).
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

  const fail = (kind: ErrorKind, message: string, extra: { cause?: unknown; status?: number } = {}): SpecforgeError =>
    new context.errorClass({
      kind,
      message: context.redactor.redact(`${context.operation}: ${message}`),
      operation: context.operation,
      attempts: context.attempts,
      ...extra,
      ...(extra.cause !== undefined ? { cause: context.redactor.redact(String(extra.cause)) } : {}),
    });

  return async function transport(original: Request): Promise<Response> {
    const started = Date.now();
    const deadline = settings.deadlineMs !== undefined ? started + settings.deadlineMs : undefined;
    let retries = 0;
    let refreshed = false;
    for (;;) {
      if (callSignal?.aborted) throw abortReason(callSignal);
      const remaining = deadline !== undefined ? deadline - Date.now() : Infinity;
      if (remaining <= 0) throw fail("timeout", `deadline of ${settings.deadlineMs} ms exceeded`);
      const attemptLimit = Math.min(timeoutMs, remaining);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new AttemptTimeout()), attemptLimit);
      const onCallAbort = () => controller.abort(abortReason(callSignal!));
      callSignal?.addEventListener("abort", onCallAbort, { once: true });

      const headers = new Headers(original.headers);
      for (const [k, v] of Object.entries(settings.headers ?? {})) headers.set(k, v);
      context.attempts += 1;
      const attemptStarted = performance.now();
      let response: Response | undefined;
      let failure: { kind: ErrorKind; error: unknown } | undefined;
      try {
        if (auth) await auth.apply(headers, controller.signal);
        const request = new Request(original.clone(), { headers, signal: controller.signal });
        response = await baseFetch(request);
      } catch (error) {
        if (callSignal?.aborted) {
          clearTimeout(timer);
          throw abortReason(callSignal);
        }
        if (controller.signal.reason instanceof AttemptTimeout) {
          failure = { kind: "timeout", error };
        } else if ((error as { [k: symbol]: unknown })?.[Symbol.for("@specforge/runtime/error")]) {
          clearTimeout(timer);
          throw error; // already a typed error (e.g. from the token provider)
        } else {
          const code = networkCode(error);
          if (code === undefined && !(error instanceof TypeError)) {
            clearTimeout(timer);
            throw error;
          }
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
        settings.onAttempt?.({ operation: context.operation, attempt: context.attempts, method: original.method, status: 401, durationMs, error: "authentication", retryInMs: 0 });
        await response.body?.cancel().catch(() => undefined);
        await auth.refresh(callSignal);
        continue;
      }

      const retryableStatus = response !== undefined && retry.statuses.includes(response.status);
      const willRetry = canRetry && retries < retry.maxRetries && (failure !== undefined || retryableStatus);
      let waitMs: number | undefined;
      let retryAfterMs: number | undefined;
      if (willRetry) {
        retryAfterMs = response ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
        waitMs = retryAfterMs !== undefined ? retryAfterMs : backoffDelay(retries, retry);
        if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) waitMs = undefined; // too long: give up now
        if (waitMs !== undefined && deadline !== undefined && Date.now() + waitMs >= deadline) waitMs = undefined;
      }
      settings.onAttempt?.({
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
        throw f.kind === "timeout"
          ? fail("timeout", `no response within ${attemptLimit} ms (attempt ${context.attempts})`)
          : fail("network", `network error: ${networkCode(f.error) ?? (f.error as Error)?.message ?? "fetch failed"}`, { cause: (f.error as Error)?.message });
      }
      await response?.body?.cancel().catch(() => undefined);
      retries += 1;
      await sleep(waitMs, callSignal);
    }
  };
}
