/**
 * @specforge/middletwin: every middletwin action, typed per action from specs/middletwin.
 * The wire is one endpoint (`POST /dart/core`, the body's `action` picks the operation); the
 * client gives each action its own method and result type. Hand-written here: the factories,
 * the key headers and the error class; everything else comes from the spec and the runtime.
 *
 * Two ways to call, one call path underneath:
 * - the client object: `const mt = createMiddletwinClient(keys); await mt.get_all_members(params)`
 *   (or `mt.call("get_all_members", params)`);
 * - standalone functions (a bundler keeps only those you import):
 *   `const mt = createMiddletwin(keys); await get_all_members(mt, params)`.
 */
import {
  createApiClient,
  createCore,
  SpecforgeError,
  staticHeaders,
  type CallOptions,
  type Core,
  type RequestSettings,
} from "@specforge/runtime";
import { actionFunctions, type Client } from "./generated/middletwin/actions.gen.js";
import { securitySchemes, servers } from "./generated/middletwin/operations.gen.js";

export * from "./generated/middletwin/actions.gen.js";
export type { components } from "./generated/middletwin/operations.gen.js";
// The error hierarchy shared by every provider: `instanceof AuthenticationError`, etc.
export * from "@specforge/runtime/errors";
export { paginate, type CallOptions, type RequestSettings } from "@specforge/runtime";

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
  /** The I/O underneath (defaults to the global fetch). */
  fetch?: typeof fetch;
}

/** What the standalone action functions take: `await get_tenant(mt, { subdomain })`. */
export type Middletwin = Core<CallOptions>;
/** The client object: `call(action, params)`, one method per action, `paginate.<list action>`. */
export type MiddletwinClient = Client<CallOptions>;

/** A middletwin core for the standalone action functions (no action is bundled with it). */
export function createMiddletwin(options: MiddletwinClientOptions = {}): Middletwin {
  const { publicKey, secretKey, baseUrl, fetch, ...settings } = options;
  if (!publicKey !== !secretKey)
    throw new TypeError("createMiddletwin: give both publicKey and secretKey, or neither (portal actions only)");
  const keys =
    publicKey && secretKey
      ? staticHeaders({ [securitySchemes.PublicKey.name]: publicKey, [securitySchemes.SecretKey.name]: secretKey })
      : undefined;
  return createCore({
    ...settings,
    baseUrl: baseUrl ?? servers[0].url,
    ...(keys ? { auth: keys } : {}),
    secrets: [publicKey, secretKey],
    errorClass: MiddletwinError,
    ...(fetch ? { fetch } : {}),
  });
}

/** The middletwin client: every action as a method (`mt.get_tenant(params)`), `call`, `paginate`. */
export function createMiddletwinClient(options: MiddletwinClientOptions = {}): MiddletwinClient {
  return createApiClient<MiddletwinClient>(createMiddletwin(options), actionFunctions);
}
