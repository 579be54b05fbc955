import { createCore, send, type CallOptions, type CoreOptions } from "../src/index.js";
/**
 * A scripted `fetch` for runtime tests: each request gets the next step of the script. A step
 * function gets the signal the runtime passed to fetch (not a `new Request(...)`'s copy of it:
 * whether an abort still reaches such a copy after garbage collection differs between Node versions).
 */
export type Step =
  | ((request: Request, signal: AbortSignal | undefined) => Response | Promise<Response>)
  | Response
  | Error;

export interface Scripted {
  fetch: typeof fetch;
  /** Every request as it reached the wire, with its body text. */
  requests: { method: string; url: string; headers: Headers; body: string; at: number }[];
}

export function scripted(steps: Step[], fallback: Step = () => json(200, { ok: true })): Scripted {
  const requests: Scripted["requests"] = [];
  let n = 0;
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push({
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: await request.clone().text(),
      at: performance.now(),
    });
    const step = steps[n++] ?? fallback;
    if (step instanceof Error) throw step;
    if (step instanceof Response) return step.clone();
    return step(request, init?.signal ?? (input instanceof Request ? input.signal : undefined));
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** What undici throws when a connection is reset or refused. */
export function networkError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`${code} happened`), { code }) });
}

/** A fetch that never answers until the call's signal aborts (then rejects with the reason). */
export function hang(_request: Request, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    if (!signal) return; // nothing can end it
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** The operation facts runtime tests call through (as the generator emits them). */
export interface TestEntry {
  method: string;
  path: string;
  idempotent: boolean;
  secured?: boolean;
  bodyMediaType?: string;
  responseMediaType?: string;
}

/** The one call path (`createCore` + `send`) for an operation described inline: `caller.call(name, entry, init)`. */
export function createCaller(options: CoreOptions) {
  const core = createCore(options);
  return {
    core,
    call: (name: string, entry: TestEntry, init?: object, callOptions?: CallOptions) =>
      send(
        core,
        {
          name,
          method: entry.method,
          path: entry.path,
          idempotent: entry.idempotent,
          secured: entry.secured !== false,
          ...(entry.bodyMediaType === "application/x-www-form-urlencoded" ? { form: true } : {}),
          ...(entry.responseMediaType ? { blob: true } : {}),
        },
        init,
        callOptions,
      ),
  };
}
