/**
 * What the generator emits per operation, and the functions it emits it with. Each operation is
 * a standalone function `(client, init?, options?) => Promise<result>` carrying only what the
 * runtime reads (name, method, path, retry and credential facts, paging); summaries and docs are
 * JSDoc in the generated file and cost nothing at run time. Importing one operation bundles one.
 */
import { send, type Core } from "./client.js";
import type { PaginationSpec } from "./paginate.js";
import type { Envelope } from "./response.js";
import type { CallOptions } from "./settings.js";
import type { ActionArgs, InitArgs, CallResult } from "./types.js";

/** The facts of one operation the runtime reads. */
export interface OperationSpec {
  /** The operationId (or the action's name): named in errors and attempt events. */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  /** Safe to retry without the caller's opt-in. */
  readonly idempotent: boolean;
  /** Sends the client's credentials (false for `security: []`). */
  readonly secured: boolean;
  /** The request body is form-encoded (else JSON). */
  readonly form?: boolean;
  /** The 2xx answer is a file: the call resolves to a Blob. */
  readonly blob?: boolean;
  readonly pagination?: PaginationSpec;
  /** An RPC action: its name travels in the body's `field`; a 2xx `envelope` can still say it failed. */
  readonly rpc?: { readonly field: string; readonly envelope?: Envelope };
}

export type OperationFacts = Partial<Pick<OperationSpec, "idempotent" | "secured" | "form" | "blob" | "pagination">>;

/** A REST operation as a standalone function, typed by openapi-typescript's `operations[id]`. */
export interface OperationFn<Op> {
  <O extends object = CallOptions>(client: Core<O>, ...args: InitArgs<Op, O>): Promise<CallResult<Op>>;
  readonly operation: OperationSpec;
}

/** An RPC action as a standalone function: its parameters are the action's body without the discriminator. */
export interface ActionFn<A extends { request: object; response: unknown }, D extends string> {
  <O extends object = CallOptions>(client: Core<O>, ...args: ActionArgs<A, D, O>): Promise<A["response"]>;
  readonly operation: OperationSpec;
}

function define(spec: OperationSpec) {
  const fn = (client: Core<object>, init?: object, options?: object) => send(client, spec, init, options).then((result) => result.data);
  return Object.assign(fn, { operation: spec });
}

/** Emitted once per REST operation: `export const get_twin = operation<operations["get_twin"]>("get_twin", "GET", "/twins/{twin}", {...})`. */
export function operation<Op>(name: string, method: string, path: string, facts: OperationFacts = {}): OperationFn<Op> {
  return define({ name, method, path, idempotent: false, secured: false, ...facts }) as unknown as OperationFn<Op>;
}

/** The one wire operation an RPC API's actions travel through. */
export interface RpcEndpoint {
  readonly method: string;
  readonly path: string;
  /** The body field that names the action. */
  readonly field: string;
  readonly envelope?: Envelope;
}

/** Emitted once per RPC action: `export const get_tenant = action<Actions["get_tenant"], "action">(endpoint, "get_tenant", {...})`. */
export function action<A extends { request: object; response: unknown }, D extends string>(
  endpoint: RpcEndpoint,
  name: string,
  facts: OperationFacts = {},
): ActionFn<A, D> {
  const { method, path, field, envelope } = endpoint;
  return define({ name, method, path, idempotent: false, secured: false, ...facts, rpc: envelope ? { field, envelope } : { field } }) as unknown as ActionFn<A, D>;
}
