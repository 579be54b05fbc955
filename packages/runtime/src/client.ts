/**
 * The one call path. A client's core holds its base URL, credentials, settings, redactor and
 * error class; `send` runs one operation through it: request.ts builds the request,
 * attempts.ts runs the attempts, response.ts turns the last answer into data or a typed error.
 * REST operations and RPC actions differ only in their OperationSpec. `createApiClient` binds
 * a list of operations into the convenient client object (methods + `paginate`).
 */
import { SpecforgeError, type ErrorConstructor } from "./errors.js";
import { runAttempts } from "./attempts.js";
import type { OperationSpec } from "./spec.js";
import { Redactor } from "./redact.js";
import { buildExchange } from "./request.js";
import { readAnswer } from "./response.js";
import {
  resolveSettings,
  type AuthProvider,
  type CallOptions,
  type RequestSettings,
  type ResolvedSettings,
} from "./settings.js";

/** How a client is made: where, with which credentials and defaults. */
export interface CoreOptions<O extends object = CallOptions> extends RequestSettings {
  baseUrl: string;
  /** Credentials, fetched per attempt (so a refreshed token is used on a retry). */
  auth?: AuthProvider;
  /** Every secret the client holds; redacted from every error and hook event. */
  secrets?: Iterable<string | undefined>;
  /** A redactor shared with other clients (e.g. a token client), to which secrets can be added later. */
  redactor?: Redactor;
  /** The provider's error class (a SpecforgeError subclass). */
  errorClass?: ErrorConstructor;
  /** The I/O underneath (defaults to the global fetch). Called without a receiver, so `window.fetch` works. */
  fetch?: typeof fetch;
  /** Turns a provider's own per-call options into the runtime's (e.g. a header built from a dictionary). */
  mapCallOptions?: (options: O) => CallOptions;
}

interface CoreState {
  baseUrl: string;
  auth: AuthProvider | undefined;
  redactor: Redactor;
  errorClass: ErrorConstructor;
  fetch: typeof fetch;
  /** The global fetch (no `fetch` option): it errors a body whose signal aborts, so attempts.ts needs no race for it. */
  standardFetch: boolean;
  defaults: RequestSettings;
  /** The defaults resolved once, for the common call without options. */
  resolved: ResolvedSettings;
  mapCallOptions: ((options: never) => CallOptions) | undefined;
}

// Symbol.for: a core made by one copy of the runtime works in the operations of another (decision #21 accepts two copies).
const STATE = Symbol.for("@specforge/runtime:core");

/**
 * A client's core: what every operation function takes as its first argument. The client object
 * from `createApiClient` is a core too. `O` is the type of the per-call options it accepts.
 */
export interface Core<O extends object = CallOptions> {
  /** @internal */
  readonly [STATE]: CoreState;
  /** Type only: the per-call options (never set). */
  readonly "~callOptions"?: O;
}

const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

export function createCore<O extends object = CallOptions>(options: CoreOptions<O>): Core<O> {
  const { baseUrl, auth, secrets, redactor, errorClass, fetch, mapCallOptions, ...defaults } = options;
  const state: CoreState = {
    baseUrl: baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl,
    auth,
    redactor: redactor ?? new Redactor(),
    errorClass: errorClass ?? SpecforgeError,
    fetch: fetch ?? globalFetch,
    standardFetch: fetch === undefined,
    defaults,
    resolved: resolveSettings(defaults),
    mapCallOptions: mapCallOptions as CoreState["mapCallOptions"],
  };
  for (const secret of secrets ?? []) state.redactor.add(secret);
  return { [STATE]: state } as Core<O>;
}

/** Runs one operation: the data, the last response and how many attempts it took. */
export async function send(
  client: Core<object>,
  op: OperationSpec,
  init: object | undefined,
  options?: object,
): Promise<{ data: unknown; response: Response; attempts: number }> {
  const state = client[STATE];
  const callOptions =
    options && state.mapCallOptions ? state.mapCallOptions(options as never) : (options as CallOptions | undefined);
  const settings = callOptions ? resolveSettings(state.defaults, callOptions) : state.resolved;
  const ctx = {
    operation: op.name,
    idempotent: op.idempotent,
    attempts: 0,
    errorClass: state.errorClass,
    redactor: state.redactor,
  };
  const exchange = buildExchange(state.baseUrl, op, init, settings.headers);
  // Credentials go only where the spec requires them (never to an operation with `security: []`).
  const answer = await runAttempts(
    ctx,
    exchange,
    settings,
    op.secured ? state.auth : undefined,
    state.fetch,
    state.standardFetch,
  );
  return { data: readAnswer(ctx, answer, op.rpc?.envelope), response: answer.response, attempts: ctx.attempts };
}

/** An operation or action function, as far as the client object needs it: its spec. */
type AnyOperation = { readonly operation: OperationSpec };

/** Iterates every item (or record) of a paginated operation, page by page (typed as `paginate` in operation.ts). */
export function pageSpec(
  client: Core<object>,
  spec: OperationSpec,
  init?: object,
  options?: object,
): AsyncIterable<unknown> {
  if (!spec.pagination) throw new TypeError(`${spec.name} does not paginate`);
  if (typeof spec.pages !== "function")
    throw new TypeError(
      `${spec.name} has no paginator: add \`pages: ${spec.pagination.style}Pages\` (exported by @specforge/runtime) to its facts, or regenerate the client`,
    );
  const fetchPage = (params: Record<string, unknown>) =>
    send(client, spec, spec.rpc ? params : { ...init, query: params }, options).then((result) => result.data);
  const initial = (spec.rpc ? init : (init as { query?: object } | undefined)?.query) ?? {};
  return spec.pages(spec.pagination, initial as Record<string, unknown>, fetchPage);
}

/**
 * The convenient client: every operation as a method, `paginate.<operation>` for the paginated
 * ones, and `call(name, params)` for RPC actions. It is a core, so operation functions take it too.
 */
export function createApiClient<Client extends Core<object>>(
  core: Core<object>,
  operations: Record<string, AnyOperation>,
): Client {
  const client: Record<string | symbol, unknown> = { [STATE]: core[STATE] };
  const paginators: Record<string, unknown> = {};
  let rpc = false;
  // Keyed by method name: the operationId, or its sanitised form where the id is no identifier.
  for (const [name, op] of Object.entries(operations)) {
    const spec = op.operation;
    if (name === "paginate" || (name === "call" && spec.rpc))
      throw new Error(`operation "${name}" collides with the client's own "${name}"`);
    client[name] = (init?: object, options?: object) =>
      send(client as never, spec, init, options).then((result) => result.data);
    if (spec.pagination)
      paginators[name] = (init?: object, options?: object) => pageSpec(client as never, spec, init, options);
    if (spec.rpc) rpc = true;
  }
  client.paginate = paginators;
  if (rpc) {
    client.call = (name: string, params?: object, options?: object) => {
      const method = Object.hasOwn(operations, name)
        ? (client[name] as (p?: object, o?: object) => Promise<unknown>)
        : undefined;
      if (!method) return Promise.reject(new TypeError(`unknown action "${name}"`));
      return method(params, options);
    };
  }
  return client as unknown as Client;
}
