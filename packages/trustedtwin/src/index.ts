/**
 * @specforge/trustedtwin: every Trusted Twin operation, by its provider name, typed from
 * specs/trustedtwin. The hand-written part is only the factory and the provider's quirks:
 * the raw secret in `Authorization`, the base64 `X-TrustedTwin` dictionary, and the error class.
 */
import {
  createOperationClient,
  SpecforgeError,
  staticHeaders,
  type ApiClient,
  type CallOptions,
  type RequestSettings,
} from "@specforge/runtime";
import { operationTable, securitySchemes, servers, type Operations } from "./generated/trustedtwin/operations.gen.js";

export type { components, operations, paths } from "./generated/trustedtwin/operations.gen.js";
// The error hierarchy shared by every provider: `instanceof AuthenticationError`, etc.
export * from "@specforge/runtime/errors";

/** A Trusted Twin error body: `{subcode, trace, description, help?}`. */
interface TrustedTwinErrorBody {
  subcode?: number | string;
  trace?: string;
  description?: string;
  help?: string;
}

/** Every failed call: HTTP status, Trusted Twin's subcode, description and trace. */
export class TrustedTwinError extends SpecforgeError {
  static readonly matchProvider = "trustedtwin";
  #field<K extends keyof TrustedTwinErrorBody>(key: K): TrustedTwinErrorBody[K] {
    const body = this.body;
    return body && typeof body === "object" ? (body as TrustedTwinErrorBody)[key] : undefined;
  }
  /** Six-digit code, e.g. 404653 (the first three digits repeat the HTTP status). */
  get subcode(): number | string | undefined {
    return this.#field("subcode");
  }
  get description(): string | undefined {
    return this.#field("description");
  }
  /** Quote it to Trusted Twin support. */
  get trace(): string | undefined {
    return this.#field("trace");
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), subcode: this.subcode, description: this.description, trace: this.trace };
  }
}

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
  /** The I/O underneath (defaults to globalThis.fetch). */
  fetch?: typeof fetch;
}

export type TrustedTwinClient = ApiClient<Operations, typeof operationTable, TrustedTwinCallOptions>;

const DICTIONARY_HEADER = "X-TrustedTwin";

/** Standard base64 of the dictionary's UTF-8 JSON, as Trusted Twin reads it. */
export function encodeDictionary(dictionary: Dictionary): string {
  return Buffer.from(JSON.stringify(dictionary), "utf8").toString("base64");
}

export function createTrustedTwinClient(options: TrustedTwinClientOptions): TrustedTwinClient {
  const { secret, baseUrl, dictionary, fetch, headers, ...settings } = options;
  if (!secret) throw new TypeError("createTrustedTwinClient: `secret` (a User Secret or User Token) is required");
  return createOperationClient<Operations, typeof operationTable, TrustedTwinCallOptions>(operationTable, {
    ...settings,
    baseUrl: baseUrl ?? servers[0].url,
    auth: staticHeaders({ [securitySchemes.UserSecret.name]: secret }),
    secrets: [secret],
    errorClass: TrustedTwinError,
    headers: { ...headers, ...(dictionary ? { [DICTIONARY_HEADER]: encodeDictionary(dictionary) } : {}) },
    ...(fetch ? { fetch } : {}),
    mapCallOptions: ({ dictionary: callDictionary, ...call }) =>
      callDictionary ? { ...call, headers: { ...call.headers, [DICTIONARY_HEADER]: encodeDictionary(callDictionary) } } : call,
  });
}
