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
  readonly pagination?: PaginationSpec;
}

export interface RuntimeOptions extends RequestSettings {
  baseUrl: string;
  /** Credentials, applied per attempt (so a refreshed token is used on a retry). */
  auth?: AuthProvider;
  /** Every secret the client holds; redacted from every error and hook event. */
  secrets?: Iterable<string | undefined>;
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
    entry: Pick<OperationEntry, "method" | "path" | "idempotent" | "bodyMediaType">,
    init: Record<string, unknown> | undefined,
    options?: CallOptions,
  ): Promise<{ data: unknown; response: Response; attempts: number }>;
}

const formBody = (body: unknown) =>
  new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();

export function createInvoker(options: RuntimeOptions): Invoker {
  const redactor = new Redactor(options.secrets);
  const errorClass = options.errorClass ?? SpecforgeError;
  const { baseUrl, auth, fetch: baseFetch, clientOptions, secrets: _s, errorClass: _e, ...defaults } = options;
  const http = createClient<any>({ ...clientOptions, baseUrl });

  async function invoke(
    operation: string,
    entry: Pick<OperationEntry, "method" | "path" | "idempotent" | "bodyMediaType">,
    init: Record<string, unknown> = {},
    callOptions?: CallOptions,
  ) {
    const settings = mergeSettings(defaults, callOptions);
    const context = { operation, idempotent: entry.idempotent, attempts: 0, errorClass, redactor };
    const transport = createTransport({ context, settings, ...(auth ? { auth } : {}), ...(baseFetch ? { baseFetch } : {}) });
    const { path, query, header, body } = init as { path?: object; query?: object; header?: object; body?: unknown };
    const form = entry.bodyMediaType === "application/x-www-form-urlencoded";
    const result = await http.request(entry.method.toLowerCase() as "get", entry.path, {
      params: { path, query, header },
      body,
      parseAs: "text",
      fetch: transport,
      ...(form ? { bodySerializer: formBody, headers: { "content-type": entry.bodyMediaType } } : {}),
    } as never);
    const { response } = result as { response: Response; data?: string; error?: unknown };
    const ctx = { operation, attempts: context.attempts, errorClass, redactor };
    if (!response.ok) throw errorFromResponse(ctx, response, (result as { error?: unknown }).error);
    return { data: parseSuccess(ctx, response, (result as { data?: string }).data), response, attempts: context.attempts };
  }

  return { http, redactor, invoke };
}

export interface OperationClient<Ops, Table> {
  /** Every operation, by its operationId. */
  readonly operations: OperationFacade<Ops>;
  /** Async iterators over every page of each paginated operation. */
  readonly paginate: PaginatorFacade<Ops, Table>;
  /** The underlying openapi-fetch client, for full control. */
  readonly http: Client<any>;
}

export function createOperationClient<Ops, Table extends Record<string, OperationEntry>>(
  table: Table,
  options: RuntimeOptions,
): OperationClient<Ops, Table> {
  const invoker = createInvoker(options);
  const operations: Record<string, unknown> = {};
  const paginators: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(table)) {
    const call = async (init?: Record<string, unknown>, callOptions?: CallOptions) =>
      (await invoker.invoke(name, entry, init, callOptions)).data;
    operations[name] = call;
    if (entry.pagination) {
      const spec = entry.pagination;
      paginators[name] = (init: Record<string, unknown> = {}, callOptions?: CallOptions) =>
        paginate(spec, (init.query ?? {}) as Record<string, unknown>, (query) =>
          call({ ...init, query }, callOptions),
        );
    }
  }
  return {
    operations: operations as OperationFacade<Ops>,
    paginate: paginators as PaginatorFacade<Ops, Table>,
    http: invoker.http,
  };
}
