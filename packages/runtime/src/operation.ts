/**
 * What the generator emits per operation, and the functions it emits it with. Each operation is
 * a standalone function `(client, init?, options?) => Promise<result>` carrying only what the
 * runtime reads (name, method, path, retry and credential facts, paging); summaries and docs are
 * JSDoc in the generated file and cost nothing at run time. Importing one operation bundles one.
 */
import { pageSpec, send, type Core } from "./client.js";
import type { PagingStyle } from "./paginate.js";
import type { OperationFacts, OperationSpec, RpcEndpoint } from "./spec.js";
import type { CallOptions } from "./settings.js";
import type { ActionArgs, InitArgs, CallResult, Paged } from "./types.js";

export type { OperationFacts, OperationSpec, RpcEndpoint } from "./spec.js";

/** A paginated operation's paging style and items path, as the generator emits them (type only). */
export type Paging = readonly [style: PagingStyle, items: string];

/** A REST operation as a standalone function, typed by openapi-typescript's `operations[id]`. */
export interface OperationFn<Op, P extends Paging | undefined = undefined> {
  <O extends object = CallOptions>(client: Core<O>, ...args: InitArgs<Op, O>): Promise<CallResult<Op>>;
  readonly operation: OperationSpec;
  /** Type only (never set): what `paginate(core, op, init)` reads the item type from. */
  readonly "~types"?: { readonly op: Op; readonly paging: P };
}

/** An RPC action as a standalone function: its parameters are the action's body without the discriminator. */
export interface ActionFn<
  A extends { request: object; response: unknown },
  D extends string,
  P extends Paging | undefined = undefined,
> {
  <O extends object = CallOptions>(client: Core<O>, ...args: ActionArgs<A, D, O>): Promise<A["response"]>;
  readonly operation: OperationSpec;
  /** Type only (never set): what `paginate(core, action, params)` reads the item type from. */
  readonly "~types"?: { readonly action: A; readonly discriminator: D; readonly paging: P };
}

function define(spec: OperationSpec) {
  const fn = (client: Core<object>, init?: object, options?: object) =>
    send(client, spec, init, options).then((result) => result.data);
  return Object.assign(fn, { operation: spec });
}

/** Emitted once per REST operation: `export const get_twin = operation<operations["get_twin"]>("get_twin", "GET", "/twins/{twin}", {...})`. */
export function operation<Op, P extends Paging | undefined = undefined>(
  name: string,
  method: string,
  path: string,
  facts: OperationFacts = {},
): OperationFn<Op, P> {
  return define({ name, method, path, idempotent: false, secured: false, ...facts }) as unknown as OperationFn<Op, P>;
}

/** Emitted once per RPC action: `export const get_tenant = action<Actions["get_tenant"], "action">(endpoint, "get_tenant", {...})`. */
export function action<
  A extends { request: object; response: unknown },
  D extends string,
  P extends Paging | undefined = undefined,
>(endpoint: RpcEndpoint, name: string, facts: OperationFacts = {}): ActionFn<A, D, P> {
  const { method, path, field, envelope } = endpoint;
  return define({
    name,
    method,
    path,
    idempotent: false,
    secured: false,
    ...facts,
    rpc: envelope ? { field, envelope } : { field },
  }) as unknown as ActionFn<A, D, P>;
}

/**
 * Iterates every item (or record) of a paginated operation or action, page by page, typed as
 * `client.paginate.<name>(init)` is: `for await (const twin of paginate(tt, scan_twins, init))`.
 * An operation that does not paginate is a compile error (and a TypeError at run time).
 */
export function paginate<Op, P extends Paging, O extends object = CallOptions>(
  client: Core<O>,
  op: { readonly operation: OperationSpec; readonly "~types"?: { readonly op: Op; readonly paging: P } },
  ...args: InitArgs<Op, O>
): AsyncIterable<Paged<CallResult<Op>, P[0], P[1]>>;
export function paginate<
  A extends { request: object; response: unknown },
  D extends string,
  P extends Paging,
  O extends object = CallOptions,
>(
  client: Core<O>,
  op: {
    readonly operation: OperationSpec;
    readonly "~types"?: { readonly action: A; readonly discriminator: D; readonly paging: P };
  },
  ...args: ActionArgs<A, D, O>
): AsyncIterable<Paged<A["response"], P[0], P[1]>>;
export function paginate(
  client: Core<object>,
  op: { readonly operation: OperationSpec },
  init?: object,
  options?: object,
): AsyncIterable<unknown> {
  return pageSpec(client, op.operation, init, options);
}
