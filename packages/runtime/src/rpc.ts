/**
 * Clients for RPC-style APIs whose one endpoint takes the operation name in the body (the spec's
 * `x-rpc`, see docs/spec-conventions.md): `call(action, params)` typed per action, envelope
 * failures as typed errors, per-action retry policy and pagination.
 */
import { SpecforgeError } from "./errors.js";
import { requestIdOf } from "./response.js";
import { paginate, type PaginationSpec } from "./paginate.js";
import { createInvoker, type Invoker, type RuntimeOptions } from "./client.js";
import type { CallOptions } from "./transport.js";

export interface RpcEndpoint {
  readonly method: string;
  readonly path: string;
  readonly discriminator: string;
  /** How the answer says it failed: `{ success: <field>, message: <field> }`. */
  readonly envelope?: { readonly success: string; readonly message: string };
}

export interface ActionEntry {
  readonly idempotent: boolean;
  readonly secured: boolean;
  readonly pagination?: PaginationSpec;
}

type ActionShape = { request: object; response: unknown };

/** An action's parameters: its request body without the discriminator. */
export type ActionParams<A extends ActionShape, D extends string> = Omit<A["request"], D>;

type ParamArgs<P> = {} extends P ? [params?: P, options?: CallOptions] : [params: P, options?: CallOptions];

export type ActionMethods<Actions extends Record<string, ActionShape>, D extends string> = {
  [K in keyof Actions]: (...args: ParamArgs<ActionParams<Actions[K], D>>) => Promise<Actions[K]["response"]>;
};

type ItemsOf<Response, Key> = Key extends keyof NonNullable<Response>
  ? NonNullable<NonNullable<Response>[Key]> extends readonly (infer Item)[]
    ? Item
    : unknown
  : unknown;

export type ActionPaginators<Actions extends Record<string, ActionShape>, Table, D extends string> = {
  [K in keyof Actions & keyof Table as Table[K] extends { pagination: object } ? K : never]: (
    ...args: ParamArgs<ActionParams<Actions[K], D>>
  ) => AsyncIterable<Table[K] extends { pagination: { items: infer I } } ? ItemsOf<Actions[K]["response"], I> : unknown>;
};

export interface RpcClient<Actions extends Record<string, ActionShape>, Table, D extends string> {
  /** Runs `action` with `params`; resolves to that action's own response type. */
  call<K extends keyof Actions & string>(
    action: K,
    ...args: ParamArgs<ActionParams<Actions[K], D>>
  ): Promise<Actions[K]["response"]>;
  readonly actions: ActionMethods<Actions, D>;
  readonly paginate: ActionPaginators<Actions, Table, D>;
  readonly http: Invoker["http"];
}

export function createRpcClient<
  Actions extends Record<string, ActionShape>,
  Table extends Record<string, ActionEntry>,
  const D extends string,
>(endpoint: RpcEndpoint & { discriminator: D }, table: Table, options: RuntimeOptions): RpcClient<Actions, Table, D> {
  const invoker = createInvoker(options);
  const errorClass = options.errorClass;

  async function call(action: string, params: Record<string, unknown> = {}, callOptions?: CallOptions) {
    const entry = table[action];
    if (!entry) throw new TypeError(`unknown action "${action}"`);
    const { data, response, attempts } = await invoker.invoke(
      action,
      { method: endpoint.method, path: endpoint.path, idempotent: entry.idempotent, secured: entry.secured },
      { body: { [endpoint.discriminator]: action, ...params } },
      callOptions,
    );
    const envelope = endpoint.envelope;
    if (envelope && data && typeof data === "object" && (data as Record<string, unknown>)[envelope.success] === false) {
      const message = String((data as Record<string, unknown>)[envelope.message] ?? "the action failed");
      const ErrorClass = errorClass ?? SpecforgeError;
      const body = invoker.redactor.redactValue(data);
      const requestId = requestIdOf(response, body);
      throw new ErrorClass({
        kind: "api",
        message: invoker.redactor.redact(`${action}: ${message}`),
        operation: action,
        status: response.status,
        body,
        attempts,
        ...(requestId ? { requestId: invoker.redactor.redact(requestId) } : {}),
      });
    }
    return data;
  }

  const actions: Record<string, unknown> = {};
  const paginators: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(table)) {
    actions[name] = (params?: Record<string, unknown>, o?: CallOptions) => call(name, params, o);
    if (entry.pagination) {
      const spec = entry.pagination;
      paginators[name] = (params: Record<string, unknown> = {}, o?: CallOptions) =>
        paginate(spec, params, (merged) => call(name, merged, o));
    }
  }
  return {
    call: call as RpcClient<Actions, Table, D>["call"],
    actions: actions as ActionMethods<Actions, D>,
    paginate: paginators as ActionPaginators<Actions, Table, D>,
    http: invoker.http,
  };
}
