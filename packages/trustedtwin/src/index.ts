/**
 * @specforge/trustedtwin: every Trusted Twin operation, by its provider name, typed from
 * specs/trustedtwin. The hand-written part is only the factories and the provider's quirks:
 * the raw secret in `Authorization`, the base64 `X-TrustedTwin` dictionary, and the error class.
 *
 * Two ways to call, one call path underneath:
 * - the client object: `const tt = createTrustedTwinClient({ secret }); await tt.get_twin(init)`;
 * - standalone functions (a bundler keeps only those you import):
 *   `const tt = createTrustedTwin({ secret }); await get_twin(tt, init)`.
 */
import {
  base64Utf8,
  createApiClient,
  createCore,
  staticHeaders,
  type CallOptions,
  type Core,
  type RequestSettings,
} from "@specforge/runtime";
import { operationFunctions, securitySchemes, servers, type Client } from "./generated/trustedtwin/operations.gen.js";
import { TrustedTwinError } from "./errors.js";

export * from "./generated/trustedtwin/operations.gen.js";
// The error hierarchy shared by every provider: `instanceof AuthenticationError`, etc.
export * from "@specforge/runtime/errors";
export { paginate, type CallOptions, type RequestSettings } from "@specforge/runtime";
export { TrustedTwinError } from "./errors.js";
// Receiving webhook messages: parseNotification, confirmSubscription and the message types.
export * from "./webhooks.js";

/** A dictionary rules read as `DICT`, sent as the `X-TrustedTwin` header. */
export type Dictionary = Record<string, unknown>;

export interface TrustedTwinCallOptions extends CallOptions {
  /** The `X-TrustedTwin` dictionary for this call (replaces the client's). */
  dictionary?: Dictionary;
}

export interface TrustedTwinClientOptions extends RequestSettings {
  /** A User Secret or a User Token, sent raw in `Authorization` (no `Bearer`). */
  secret: string;
  /** Defaults to the spec's server, https://rest.trustedtwin.com. */
  baseUrl?: string;
  /** The `X-TrustedTwin` dictionary sent with every call. */
  dictionary?: Dictionary;
  /** The I/O underneath (defaults to the global fetch). */
  fetch?: typeof fetch;
}

/** What the standalone operation functions take: `await get_twin(tt, { path: { twin } })`. */
export type TrustedTwin = Core<TrustedTwinCallOptions>;
/** The client object: every operation as a method, `paginate.<operation>`, and a core for the standalone functions. */
export type TrustedTwinClient = Client<TrustedTwinCallOptions>;

const DICTIONARY_HEADER = "x-trustedtwin";

/** Standard base64 of the dictionary's UTF-8 JSON, as Trusted Twin reads it. */
export function encodeDictionary(dictionary: Dictionary): string {
  return base64Utf8(JSON.stringify(dictionary));
}

/** A Trusted Twin core for the standalone operation functions (no operation is bundled with it). */
export function createTrustedTwin(options: TrustedTwinClientOptions): TrustedTwin {
  const { secret, baseUrl, dictionary, fetch, headers, ...settings } = options;
  if (!secret) throw new TypeError("createTrustedTwin: `secret` (a User Secret or User Token) is required");
  return createCore<TrustedTwinCallOptions>({
    ...settings,
    baseUrl: baseUrl ?? servers[0].url,
    auth: staticHeaders({ [securitySchemes.UserSecret.name]: secret }),
    secrets: [secret],
    errorClass: TrustedTwinError,
    headers: { ...headers, ...(dictionary ? { [DICTIONARY_HEADER]: encodeDictionary(dictionary) } : {}) },
    ...(fetch ? { fetch } : {}),
    mapCallOptions: ({ dictionary: callDictionary, ...call }) =>
      callDictionary
        ? { ...call, headers: { ...call.headers, [DICTIONARY_HEADER]: encodeDictionary(callDictionary) } }
        : call,
  });
}

/** The Trusted Twin client: every operation as a method (`tt.get_twin(init)`), with `paginate`. */
export function createTrustedTwinClient(options: TrustedTwinClientOptions): TrustedTwinClient {
  if (!options?.secret)
    throw new TypeError("createTrustedTwinClient: `secret` (a User Secret or User Token) is required");
  return createApiClient<TrustedTwinClient>(createTrustedTwin(options), operationFunctions);
}
