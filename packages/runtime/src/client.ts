/**
 * The facade every client package builds on: one method per operation (by operationId) over
 * openapi-fetch, with the shared transport (auth, retries, timeouts), typed errors, redaction
 * and auto-pagination. Provider packages only supply their spec's tables, auth and error class.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { SpecforgeError, type ErrorConstructor } from "./errors.js";
import { paginate, type PaginationSpec } from "./paginate.js";
import { Redactor } from "./redact.js";
import { errorFromResponse, parseSuccess } from "./response.js";
import { createTransport, mergeSettings, type AuthProvider, type CallOptions, type RequestSettings } from "./transport.js";
import type { OperationFacade, PaginatorFacade } from "./types.js";

export interface OperationEntry {
  readonly method: string;
  readonly path: string;
  readonly idempotent: boolean;
  readonly secured: boolean;
  readonly bodyMediaType?: string;
  /** The 2xx media type when it is not JSON (a file download): the call resolves to a Blob. */
  readonly responseMediaType?: string;
  readonly pagination?: PaginationSpec;
}

export interface RuntimeOptions extends RequestSettings {
  baseUrl: string;
  /** Credentials, applied per attempt (so a refreshed token is used on a retry). */
  auth?: AuthProvider;
  /** Every secret the client holds; redacted from every error and hook event. */
  secrets?: Iterable<string | undefined>;
  /** A redactor shared with other clients (e.g. a token client), to which secrets can be added later. */
  redactor?: Redactor;
  /** The provider's error class (a SpecforgeError subclass). */
  errorClass?: ErrorConstructor;
  /** The I/O underneath (defaults to globalThis.fetch); tests inject one. */
  fetch?: typeof fetch;
  /** Options passed to openapi-fetch's createClient. */
  clientOptions?: Omit<ClientOptions, "baseUrl" | "fetch">;
}

/** What runs one HTTP exchange of a named operation and returns its parsed body. */
export interface Invoker {
  readonly http: Client<any>;
  readonly redactor: Redactor;
  invoke(
    operation: string,
    entry: Pick<OperationEntry, "method" | "path" | "idempotent" | "bodyMediaType" | "responseMediaType"> & { secured?: boolean },
    init: Record<string, unknown> | undefined,
    options?: CallOptions,
  ): Promise<{ data: unknown; response: Response; attempts: number }>;
}

const formBody = (body: unknown) =>
  new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();

export function createInvoker(options: RuntimeOptions): Invoker {
  const redactor = options.redactor ?? new Redactor();
  for (const secret of options.secrets ?? []) redactor.add(secret);
  const errorClass = options.errorClass ?? SpecforgeError;
  const { baseUrl, auth, fetch: baseFetch, clientOptions, secrets: _s, errorClass: _e, redactor: _r, ...defaults } = options;
  const http = createClient<any>({ ...clientOptions, baseUrl });

  async function invoke(
    operation: string,
    entry: Pick<OperationEntry, "method" | "path" | "idempotent" | "bodyMediaType" | "responseMediaType"> & { secured?: boolean },
    init: Record<string, unknown> = {},
    callOptions?: CallOptions,
  ) {
    const settings = mergeSettings(defaults, callOptions);
    const context = { operation, idempotent: entry.idempotent, attempts: 0, errorClass, redactor };
    // Credentials go only where the spec requires them (never to an operation with `security: []`).
    const useAuth = auth && entry.secured !== false;
    const transport = createTransport({ context, settings, ...(useAuth ? { auth } : {}), ...(baseFetch ? { baseFetch } : {}) });
    const { path, query, header, body } = init as { path?: object; query?: object; header?: object; body?: unknown };
    const form = entry.bodyMediaType === "application/x-www-form-urlencoded";
    const result = await http.request(entry.method.toLowerCase() as "get", entry.path, {
      params: { path, query, header },
      body,
      parseAs: entry.responseMediaType ? "blob" : "text",
      fetch: transport,
      ...(form ? { bodySerializer: formBody, headers: { "content-type": entry.bodyMediaType } } : {}),
    } as never);
    const { response } = result as { response: Response; data?: string; error?: unknown };
    const ctx = { operation, attempts: context.attempts, errorClass, redactor };
    if (!response.ok) throw errorFromResponse(ctx, response, (result as { error?: unknown }).error);
    const data = (result as { data?: unknown }).data;
    if (entry.responseMediaType) return { data: data ?? new Blob([]), response, attempts: context.attempts };
    return { data: parseSuccess(ctx, response, data as string | undefined), response, attempts: context.attempts };
  }

  return { http, redactor, invoke };
}

/** A client: every operation as a method, `paginate.<operation>`, and the openapi-fetch client. */
export type ApiClient<Ops, Table, O = CallOptions> = OperationFacade<Ops, O> & {
  /** Async iterators over every item of each paginated operation. */
  readonly paginate: PaginatorFacade<Ops, Table, O>;
  /** The underlying openapi-fetch client, for full control. */
  readonly http: Client<any>;
};

export interface OperationClientOptions<O> extends RuntimeOptions {
  /** Turns a provider's own per-call options into the runtime's (e.g. a header built from a dictionary). */
  mapCallOptions?: (options: O) => CallOptions;
}

export function createOperationClient<Ops, Table extends Record<string, OperationEntry>, O extends object = CallOptions>(
  table: Table,
  options: OperationClientOptions<O>,
): ApiClient<Ops, Table, O> {
  const { mapCallOptions, ...runtimeOptions } = options;
  const invoker = createInvoker(runtimeOptions);
  const client: Record<string, unknown> = {};
  const paginators: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(table)) {
    if (name === "paginate" || name === "http") throw new Error(`operationId "${name}" collides with the client's own "${name}"`);
    const call = async (init?: Record<string, unknown>, callOptions?: O) =>
      (await invoker.invoke(name, entry, init, mapCallOptions && callOptions ? mapCallOptions(callOptions) : (callOptions as CallOptions))).data;
    client[name] = call;
    if (entry.pagination) {
      const spec = entry.pagination;
      paginators[name] = (init: Record<string, unknown> = {}, callOptions?: O) =>
        paginate(spec, (init.query ?? {}) as Record<string, unknown>, (query) => call({ ...init, query }, callOptions));
    }
  }
  client.paginate = paginators;
  client.http = invoker.http;
  return client as ApiClient<Ops, Table, O>;
}
