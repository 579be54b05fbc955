/**
 * The attempt loop: the only place a call is retried. Each attempt covers the whole exchange:
 * credentials, the request and reading the whole response body, under the attempt's timeout,
 * the call's deadline and the caller's signal. Between attempts it waits (backoff with jitter,
 * or the server's Retry-After), refreshes credentials once after a 401, and reports every
 * attempt to `onAttempt`. It returns the last answer; turning it into data or an error is
 * response.ts's job, and a failure without an answer becomes an error through makeError.
 */
import { kindForStatus, makeError, type ErrorContext, type ErrorKind } from "./errors.js";
import { withQueryCredentials } from "./credentials.js";
import {
  backoffDelay,
  parseRetryAfter,
  type AttemptEvent,
  type AuthProvider,
  type ResolvedSettings,
} from "./settings.js";

/** What one call sends, built once by request.ts and sent as is on every attempt. */
export interface Exchange {
  url: string;
  method: string;
  /** Request headers without credentials, names in lower case. */
  headers: Record<string, string>;
  body: string | FormData | Blob | ArrayBuffer | undefined;
  /** How the 2xx body is read: text (JSON, parsed later) or a Blob (a file download). */
  read: "text" | "blob";
}

/** The last attempt's response with its whole body. */
export interface Answer {
  response: Response;
  body: string | Blob;
}

export interface AttemptContext extends ErrorContext {
  idempotent: boolean;
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
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
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

/** A one-line account of an error and its causes (redacted by makeError). */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const { message, code } = e as { message?: unknown; code?: unknown };
    parts.push(
      [typeof code === "string" ? code : undefined, typeof message === "string" ? message : String(e)]
        .filter(Boolean)
        .join(": "),
    );
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return parts.join(" <- ");
}

const isTypedError = (error: unknown): boolean =>
  typeof error === "object" &&
  error !== null &&
  (error as { [k: symbol]: unknown })[Symbol.for("@specforge/runtime/error")] === true;

/** Whether header values would be refused by fetch (e.g. a secret holding a newline). */
function refusedHeaders(headers: Record<string, string>): string | undefined {
  try {
    new Headers(headers);
    return undefined;
  } catch (error) {
    return (error as Error)?.message ?? String(error);
  }
}

class AttemptTimeout extends Error {}

/** Statuses whose response carries no body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Runs the attempts of one call and returns the last answer (2xx or not); throws on a failure without one. */
export async function runAttempts(
  ctx: AttemptContext,
  exchange: Exchange,
  settings: ResolvedSettings,
  auth: AuthProvider | undefined,
  fetchImpl: typeof fetch,
  /**
   * The fetch errors a response's body when its signal aborts, as the Fetch standard's "abort
   * fetch" does (true for the global fetch): the body read then needs no race of its own. A
   * caller's fetch is not assumed to.
   */
  bodyFollowsSignal = false,
): Promise<Answer> {
  const { retry, timeoutMs, signal: callSignal } = settings;
  // performance.now(), not Date.now(): a monotonic clock, so a wall-clock step cannot move the deadline.
  const now = () => performance.now();
  const deadline = settings.deadlineMs !== undefined ? now() + settings.deadlineMs : undefined;
  const canRetry = ctx.idempotent || settings.retryNonIdempotent;
  const fail = (kind: ErrorKind, message: string, cause?: unknown) =>
    makeError(ctx, kind, message, cause === undefined ? {} : { cause });
  /** The hook is observability only: whatever it does, it never changes the call. */
  const notify = (event: AttemptEvent) => {
    try {
      settings.onAttempt?.(event);
    } catch {
      // ignored on purpose
    }
  };
  let retries = 0;
  let refreshed = false;
  for (;;) {
    if (callSignal?.aborted) throw abortReason(callSignal);
    const remaining = deadline !== undefined ? deadline - now() : Infinity;
    if (remaining <= 0)
      throw fail("timeout", `deadline of ${settings.deadlineMs} ms exceeded after ${ctx.attempts} attempt(s)`);
    const attemptLimit = Math.min(timeoutMs, remaining);
    const attemptStarted = now();
    const attemptEnds = attemptStarted + attemptLimit;
    const controller = new AbortController();
    // A timer can fire a little early (the event loop's clock lags under load): re-arm for what is
    // left, so an attempt never ends before its limit.
    const onTimer = () => {
      const left = attemptEnds - now();
      if (left > 0.5) timer = setTimeout(onTimer, Math.min(left, MAX_TIMER_MS));
      else controller.abort(new AttemptTimeout());
    };
    let timer = setTimeout(onTimer, Math.min(attemptLimit, MAX_TIMER_MS));
    const onCallAbort = () => controller.abort(abortReason(callSignal!));
    callSignal?.addEventListener("abort", onCallAbort, { once: true });

    ctx.attempts += 1;
    let answer: Answer | undefined;
    let credentials: Readonly<Record<string, string>> | undefined;
    let failure: { kind: ErrorKind; error: unknown } | undefined;
    let stage: "auth" | "exchange" = "auth";
    try {
      let headers = exchange.headers;
      let url = exchange.url;
      if (auth) {
        const pending = auth.headers(controller.signal);
        // Static credentials come synchronously; only a pending one (a token fetch) needs the race.
        credentials = pending instanceof Promise ? await untilAborted(pending, controller.signal) : pending;
        headers = { ...headers, ...credentials };
        // A key the spec puts in the query (`apiKey`, in: query) joins the URL of this attempt only.
        url = withQueryCredentials(url, auth.query?.());
      }
      stage = "exchange";
      const init: RequestInit = { method: exchange.method, headers, signal: controller.signal };
      if (exchange.body !== undefined) init.body = exchange.body;
      const response = await fetchImpl(url, init);
      // Read the body inside the attempt, so the timeout and the caller's signal cover it too.
      const reading = NULL_BODY_STATUSES.has(response.status)
        ? ""
        : exchange.read === "blob" && response.ok
          ? response.blob()
          : response.text();
      const body = await (bodyFollowsSignal || typeof reading === "string"
        ? reading
        : untilAborted<string | Blob>(reading, controller.signal));
      answer = { response, body };
    } catch (error) {
      if (callSignal?.aborted) throw abortReason(callSignal);
      if (controller.signal.reason instanceof AttemptTimeout) {
        failure = { kind: "timeout", error };
      } else if (isTypedError(error)) {
        throw error; // already a typed error (e.g. from the token endpoint)
      } else if (stage === "auth") {
        // Credentials could not be obtained (e.g. a token endpoint that is unreachable without a typed error).
        throw fail("authentication", `credentials could not be applied: ${(error as Error)?.message ?? String(error)}`);
      } else {
        const refused = credentials && error instanceof TypeError ? refusedHeaders(credentials) : undefined;
        if (refused !== undefined) throw fail("authentication", `credentials could not be applied: ${refused}`);
        const code = networkCode(error);
        if (code === undefined && !(error instanceof TypeError)) throw error;
        failure = { kind: "network", error };
      }
    } finally {
      clearTimeout(timer);
      callSignal?.removeEventListener("abort", onCallAbort);
    }
    // Only the hook reads the duration: a call without one skips the clock.
    const durationMs = settings.onAttempt ? now() - attemptStarted : 0;
    const status = answer?.response.status;

    // One refresh of credentials after a 401, without counting against retries.
    if (status === 401 && auth?.refresh && !refreshed) {
      refreshed = true;
      notify({
        operation: ctx.operation,
        attempt: ctx.attempts,
        method: exchange.method,
        status,
        durationMs,
        error: "authentication",
        retryInMs: 0,
      });
      const refreshing = auth.refresh(callSignal, credentials);
      await (callSignal ? untilAborted(refreshing, callSignal) : refreshing);
      continue;
    }

    const retryableStatus = status !== undefined && retry.statuses.includes(status);
    const willRetry = canRetry && retries < retry.maxRetries && (failure !== undefined || retryableStatus);
    let waitMs: number | undefined;
    if (willRetry) {
      const retryAfterMs = answer ? parseRetryAfter(answer.response.headers.get("retry-after")) : undefined;
      waitMs = retryAfterMs !== undefined ? retryAfterMs : backoffDelay(retries, retry);
      if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) waitMs = undefined; // too long: give up now
      if (waitMs !== undefined && deadline !== undefined && now() + waitMs >= deadline) waitMs = undefined;
    }
    if (settings.onAttempt) {
      notify({
        operation: ctx.operation,
        attempt: ctx.attempts,
        method: exchange.method,
        ...(status !== undefined ? { status } : {}),
        durationMs,
        ...(failure ? { error: failure.kind } : answer && !answer.response.ok ? { error: kindForStatus(status!) } : {}),
        ...(waitMs !== undefined ? { retryInMs: waitMs } : {}),
      });
    }
    if (waitMs === undefined) {
      if (answer) return answer;
      const f = failure!;
      if (f.kind === "timeout") {
        const byDeadline = deadline !== undefined && attemptLimit < timeoutMs;
        throw fail(
          "timeout",
          byDeadline
            ? `deadline of ${settings.deadlineMs} ms exceeded (attempt ${ctx.attempts})`
            : `no response within ${attemptLimit} ms (attempt ${ctx.attempts})`,
        );
      }
      const reason = (f.error as Error)?.message ?? "fetch failed";
      const code = networkCode(f.error);
      throw fail("network", `network error: ${code ? `${code} (${reason})` : reason}`, describeCause(f.error));
    }
    retries += 1;
    await sleep(waitMs, callSignal);
  }
}
