/**
 * @specforge/provider-name: every Provider Title operation, typed from specs/provider-name/openapi.yaml. The hand-written part is
 * the factories and the error class; credentials go where the spec's security schemes say
 * (`credentials`, one per scheme by its name), so a new scheme in the spec needs no edit here.
 *
 * Two ways to call, one call path underneath:
 * - the client object: `const providerName = createProviderNameClient({ credentials }); await providerName.<operation>(init)`;
 * - standalone functions (a bundler keeps only those you import): `await <operation>(createProviderName({ credentials }), init)`.
 */
import {
  createApiClient,
  createCore,
  schemeAuth,
  SpecforgeError,
  type CallOptions,
  type Core,
  type RequestSettings,
  type SchemeCredentials,
} from "@specforge/runtime";
import { operationFunctions, securitySchemes, servers, type Client } from "./generated/provider-name/operations.gen.js";

export * from "./generated/provider-name/operations.gen.js";
// The error hierarchy shared by every provider: `instanceof AuthenticationError`, etc.
export * from "@specforge/runtime/errors";
export { paginate, type CallOptions, type RequestSettings } from "@specforge/runtime";

/** Every failed call: the HTTP status and the provider's error body (`error.body`). */
export class ProviderNameError extends SpecforgeError {
  static readonly matchProvider = "provider-name";
}

export interface ProviderNameClientOptions extends RequestSettings {
  /** One credential per security scheme of the spec, by the scheme's name; each is sent where its scheme says. */
  credentials?: SchemeCredentials<typeof securitySchemes>;
  /** Defaults to the spec's first server. */
  baseUrl?: string;
  /** The I/O underneath (defaults to the global fetch). */
  fetch?: typeof fetch;
}

/** What the standalone operation functions take. */
export type ProviderName = Core<CallOptions>;
/** The client object: every operation as a method, `paginate.<operation>`, and a core for the standalone functions. */
export type ProviderNameClient = Client<CallOptions>;

/** A Provider Title core for the standalone operation functions (no operation is bundled with it). */
export function createProviderName(options: ProviderNameClientOptions = {}): ProviderName {
  const { credentials, baseUrl, fetch, ...settings } = options;
  const url = baseUrl ?? (servers as readonly { readonly url: string }[])[0]?.url;
  if (!url) throw new TypeError("createProviderName: `baseUrl` is required (the spec lists no server)");
  const { auth, secrets } = schemeAuth(securitySchemes, credentials);
  return createCore<CallOptions>({
    ...settings,
    baseUrl: url,
    ...(auth ? { auth } : {}),
    secrets,
    errorClass: ProviderNameError,
    ...(fetch ? { fetch } : {}),
  });
}

/** The Provider Title client: every operation as a method, with `paginate`. */
export function createProviderNameClient(options: ProviderNameClientOptions = {}): ProviderNameClient {
  return createApiClient<ProviderNameClient>(createProviderName(options), operationFunctions);
}
