/**
 * @specforge/middletwin: every middletwin action, typed per action from specs/middletwin.
 * The wire is one endpoint (`POST /dart/core`, the body's `action` picks the operation); the
 * client gives each action its own method and result type. Hand-written here: the factory,
 * the key headers and the error class; everything else comes from the spec and the runtime.
 */
import {
  createRpcClient,
  SpecforgeError,
  staticHeaders,
  type ActionMethods,
  type ActionPaginators,
  type RequestSettings,
  type RpcClient,
} from "@specforge/runtime";
import { actionTable, rpcEndpoint, type Actions } from "./generated/middletwin/actions.gen.js";
import { securitySchemes, servers } from "./generated/middletwin/operations.gen.js";

export type { Actions, ActionName } from "./generated/middletwin/actions.gen.js";
export type { components } from "./generated/middletwin/operations.gen.js";
export { actionTable } from "./generated/middletwin/actions.gen.js";
// The error hierarchy shared by every provider: `instanceof AuthenticationError`, etc.
export * from "@specforge/runtime/errors";
export type { CallOptions, RequestSettings } from "@specforge/runtime";

/** Any failed call; `success: false` answers (HTTP 200) have kind "api". */
export class MiddletwinError extends SpecforgeError {
  static readonly matchProvider = "middletwin";
  /** The action that failed. */
  get action(): string {
    return this.operation;
  }
  /** middletwin's `errorMessage`. */
  get errorMessage(): string | undefined {
    const body = this.body as { errorMessage?: unknown } | undefined;
    return typeof body?.errorMessage === "string" ? body.errorMessage : undefined;
  }
}

export interface MiddletwinClientOptions extends RequestSettings {
  /** The PUBLIC key (`X-Apikey`). Not needed for member-portal actions. */
  publicKey?: string;
  /** The SECRET key (`X-SecretKey`). Not needed for member-portal actions. */
  secretKey?: string;
  /** Defaults to https://app.middletwin.com. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

type D = typeof rpcEndpoint.discriminator;

/** `call(action, params)`, one method per action, `paginate.<list action>` and `http`. */
export type MiddletwinClient = RpcClient<Actions, typeof actionTable, D> &
  ActionMethods<Actions, D> & { readonly paginate: ActionPaginators<Actions, typeof actionTable, D> };

export function createMiddletwinClient(options: MiddletwinClientOptions = {}): MiddletwinClient {
  const { publicKey, secretKey, baseUrl, fetch, ...settings } = options;
  if (!publicKey !== !secretKey) throw new TypeError("createMiddletwinClient: give both publicKey and secretKey, or neither (portal actions only)");
  const keys =
    publicKey && secretKey
      ? staticHeaders({ [securitySchemes.PublicKey.name]: publicKey, [securitySchemes.SecretKey.name]: secretKey })
      : undefined;
  const rpc = createRpcClient<Actions, typeof actionTable, D>(rpcEndpoint, actionTable, {
    ...settings,
    baseUrl: baseUrl ?? servers[0].url,
    ...(keys ? { auth: keys } : {}),
    secrets: [publicKey, secretKey],
    errorClass: MiddletwinError,
    ...(fetch ? { fetch } : {}),
  });
  return Object.assign(Object.create(null), rpc.actions, {
    call: rpc.call,
    paginate: rpc.paginate,
    http: rpc.http,
    actions: rpc.actions,
  }) as MiddletwinClient;
}
