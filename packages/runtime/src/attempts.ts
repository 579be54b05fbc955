/**
 * The attempt loop: the only place a call is retried. Each attempt covers the whole exchange:
 * credentials, the request and reading the whole response body, under the attempt's timeout,
 * the call's deadline and the caller's signal. Between attempts it waits (backoff with jitter,
 * or the server's Retry-After), refreshes credentials once after a 401, and reports every
 * attempt to `onAttempt`. It returns the last answer; turning it into data or an error is
 * response.ts's job, and a failure without an answer becomes an error through makeError.
 */
import { abortReason, untilAborted } from "./abort.js";
import { kindForStatus, makeError, SpecforgeError, type ErrorContext, type ErrorKind } from "./errors.js";
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

/** setTimeout's largest delay; longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms`, or rejects as soon as `signal` aborts (with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waiting = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.min(Math.max(0, ms), MAX_TIMER_MS));
  });
  return untilAborted(waiting, signal, () => clearTimeout(timer));
}

/** The socket and DNS failures a retry may cure, as Node and undici name them. */
const NETWORK_CODE =
  /^(?:ECONN(?:RESET|REFUSED|ABORTED)|ENOTFOUND|EAI_AGAIN|EPIPE|ETIMEDOUT|E(?:HOST|NET)UNREACH|UND_ERR_(?:SOCKET|CLOSED|(?:CONNECT|HEADERS|BODY)_TIMEOUT))$/;

/**
 * An error's cause chain (undici wraps the socket's error), at most five deep: its most specific
 * error code (a network code, else the first code), and a one-line account (redacted by makeError).
 */
function causeChain(error: unknown): { code: string | undefined; account: string } {
  const parts: string[] = [];
  let code: string | undefined;
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const { message, code: c } = e as { message?: unknown; code?: unknown };
    if (typeof c === "string" && (code === undefined || (NETWORK_CODE.test(c) && !NETWORK_CODE.test(code)))) code = c;
    parts.push(
      [typeof c === "string" ? c : undefined, typeof message === "string" ? message : String(e)]
        .filter(Boolean)
        .join(": "),
    );
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return { code, account: parts.join(" <- ") };
}

/** Whether header values would be refused by fetch (e.g. a secret holding a newline). */
function refusedHeaders(headers: Record<string, string>): string | undefined {
  try {
    new Headers(headers);
  } catch (error) {
    return (error as Error)?.message ?? String(error);
  }
}

class AttemptTimeout extends Error {}

/** Statuses whose response carries no body. */
const NULL_BODY_STATUS = [101, 103, 204, 205, 304];

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
  const { retry, timeoutMs, deadlineMs, signal: callSignal, onAttempt } = settings;
  const { method } = exchange;
  // performance.now(), not Date.now(): a monotonic clock, so a wall-clock step cannot move the deadline.
  const now = () => performance.now();
  const deadline = deadlineMs !== undefined ? now() + deadlineMs : undefined;
  const canRetry = ctx.idempotent || settings.retryNonIdempotent;
  const fail = (kind: ErrorKind, message: string, cause?: unknown) => makeError(ctx, kind, message, { cause });
  const unapplied = (why: string) => fail("authentication", `credentials could not be applied: ${why}`);
  const deadlinePassed = (after: string) => fail("timeout", `deadline of ${deadlineMs} ms exceeded ${after}`);
  let retries = 0;
  let refreshed = false;
  for (;;) {
    if (callSignal?.aborted) throw abortReason(callSignal);
    const remaining = deadline !== undefined ? deadline - now() : Infinity;
    if (remaining <= 0) throw deadlinePassed(`after ${ctx.attempts} attempt(s)`);
    const attemptLimit = Math.min(timeoutMs, remaining);
    const attemptStarted = now();
    const controller = new AbortController();
    const { signal } = controller;
    // A timer can fire a little early (the event loop's clock lags under load): re-arm for what is
    // left, so an attempt never ends before its limit.
    const arm = (ms: number) => {
      timer = setTimeout(
        () => {
          const left = attemptStarted + attemptLimit - now();
          if (left > 0.5) arm(left);
          else controller.abort(new AttemptTimeout());
        },
        Math.min(ms, MAX_TIMER_MS),
      );
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    arm(attemptLimit);
    const onCallAbort = callSignal && (() => controller.abort(abortReason(callSignal)));
    if (onCallAbort) callSignal.addEventListener("abort", onCallAbort, { once: true });

    ctx.attempts += 1;
    let answer: Answer | undefined;
    let credentials: Readonly<Record<string, string>> | undefined;
    let failure: ErrorKind | undefined;
    let failed: unknown;
    let exchanging = false;
    try {
      let { headers, url } = exchange;
      if (auth) {
        const pending = auth.headers(signal);
        // Static credentials come synchronously; only a pending one (a token fetch) needs the race.
        credentials = pending instanceof Promise ? await untilAborted(pending, signal) : pending;
        headers = { ...headers, ...credentials };
        // A key the spec puts in the query (`apiKey`, in: query) joins the URL of this attempt only.
        if (auth.url) url = auth.url(url);
      }
      exchanging = true;
      const init: RequestInit = { method, headers, signal };
      if (exchange.body !== undefined) init.body = exchange.body;
      const response = await fetchImpl(url, init);
      // Read the body inside the attempt, so the timeout and the caller's signal cover it too.
      const body = NULL_BODY_STATUS.includes(response.status)
        ? ""
        : await untilAborted<string | Blob>(
            exchange.read === "blob" && response.ok ? response.blob() : response.text(),
            bodyFollowsSignal ? undefined : signal,
          );
      answer = { response, body };
    } catch (error) {
      if (callSignal?.aborted) throw abortReason(callSignal);
      failed = error;
      if (signal.reason instanceof AttemptTimeout) failure = "timeout";
      else if (error instanceof SpecforgeError)
        throw error; // already a typed error (e.g. from the token endpoint)
      // Credentials could not be obtained (e.g. a token endpoint that is unreachable without a typed error).
      else if (!exchanging) throw unapplied((error as Error)?.message ?? String(error));
      else {
        const refused = credentials && error instanceof TypeError ? refusedHeaders(credentials) : undefined;
        if (refused !== undefined) throw unapplied(refused);
        if (causeChain(error).code === undefined && !(error instanceof TypeError)) throw error;
        failure = "network";
      }
    } finally {
      clearTimeout(timer);
      if (onCallAbort) callSignal.removeEventListener("abort", onCallAbort);
    }
    const status = answer?.response.status;
    /** The hook is observability only: whatever it does, it never changes the call. */
    const notify = (error: ErrorKind | undefined, retryInMs: number | undefined) => {
      if (!onAttempt) return;
      const event: AttemptEvent = {
        operation: ctx.operation,
        attempt: ctx.attempts,
        method,
        durationMs: now() - attemptStarted,
      };
      if (status !== undefined) event.status = status;
      if (error) event.error = error;
      if (retryInMs !== undefined) event.retryInMs = retryInMs;
      try {
        onAttempt(event);
      } catch {
        // ignored on purpose
      }
    };

    // One refresh of credentials after a 401, without counting against retries.
    if (status === 401 && auth?.refresh && !refreshed) {
      refreshed = true;
      notify("authentication", 0);
      await untilAborted(auth.refresh(callSignal, credentials), callSignal);
      continue;
    }

    let waitMs: number | undefined;
    if (canRetry && retries < retry.maxRetries && (failure || retry.statuses.includes(status!))) {
      const retryAfterMs = answer && parseRetryAfter(answer.response.headers.get("retry-after"));
      waitMs = retryAfterMs ?? backoffDelay(retries, retry);
      // A Retry-After too long is not waited (the error goes up now), nor a wait past the deadline.
      if ((retryAfterMs ?? 0) > retry.maxRetryAfterMs || (deadline !== undefined && now() + waitMs >= deadline))
        waitMs = undefined;
    }
    if (onAttempt) notify(failure ?? (answer?.response.ok ? undefined : kindForStatus(status!)), waitMs);
    if (waitMs === undefined) {
      if (answer) return answer;
      if (failure === "timeout") {
        if (deadline !== undefined && attemptLimit < timeoutMs) throw deadlinePassed(`(attempt ${ctx.attempts})`);
        throw fail("timeout", `no response within ${attemptLimit} ms (attempt ${ctx.attempts})`);
      }
      const reason = (failed as Error)?.message ?? "fetch failed";
      const { code, account } = causeChain(failed);
      throw fail("network", `network error: ${code ? `${code} (${reason})` : reason}`, account);
    }
    retries += 1;
    await sleep(waitMs, callSignal);
  }
}
