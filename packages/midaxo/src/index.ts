/**
 * @specforge/midaxo: the Midaxo Cloud API, typed from specs/midaxo, with OAuth2 client
 * credentials (specs/midaxo/oauth.yaml). Hand-written here: the factory (region, token URL,
 * how the token travels) and the error class; retries, token caching and paging are the runtime's.
 */
import {
  clientCredentials,
  createOperationClient,
  Redactor,
  SpecforgeError,
  type ApiClient,
  type RequestSettings,
  type TokenCache,
} from "@specforge/runtime";
import { operationTable, securitySchemes, servers, type Operations } from "./generated/midaxo/operations.gen.js";
import {
  operationTable as oauthTable,
  servers as oauthServers,
  type Operations as OAuthOperations,
} from "./generated/midaxo-oauth/operations.gen.js";

export type { components, operations, paths } from "./generated/midaxo/operations.gen.js";
// The error hierarchy shared by every provider: `instanceof AuthenticationError`, etc.
export * from "@specforge/runtime/errors";
export type { CallOptions, RequestSettings, TokenCache } from "@specforge/runtime";

/** Any failed Midaxo call (the API's and the token endpoint's). */
export class MidaxoError extends SpecforgeError {
  static readonly matchProvider = "midaxo";
}

export type MidaxoRegion = (typeof servers)[number]["region"];

export interface MidaxoClientOptions extends RequestSettings {
  region: MidaxoRegion;
  clientId: string;
  clientSecret: string;
  /** Defaults to the documented audience. */
  audience?: string;
  /** Overrides the region's API URL (e.g. a local mock). */
  baseUrl?: string;
  /** Overrides the region's token URL, e.g. http://127.0.0.1:4021/oauth/token. */
  tokenUrl?: string;
  fetch?: typeof fetch;
}

export type MidaxoClient = ApiClient<Operations, typeof operationTable> & {
  /** The access-token cache (fetched on first use, shared by concurrent calls, refreshed on 401). */
  readonly tokens: TokenCache;
};

const scheme = securitySchemes.MidaxoOAuth;

function serverFor(list: readonly { url: string; region?: string }[], region: string, what: string): string {
  const server = list.find((s) => s.region === region);
  if (!server) throw new TypeError(`createMidaxoClient: unknown region "${region}" for the ${what}`);
  return server.url;
}

export function createMidaxoClient(options: MidaxoClientOptions): MidaxoClient {
  const { region, clientId, clientSecret, audience, baseUrl, tokenUrl, fetch, ...settings } = options;
  if (!clientId || !clientSecret) throw new TypeError("createMidaxoClient: clientId and clientSecret are required");
  const redactor = new Redactor([clientId, clientSecret]);
  const tokenPath = oauthTable.create_token.path;
  const tokenBase = tokenUrl
    ? tokenUrl.endsWith(tokenPath)
      ? tokenUrl.slice(0, -tokenPath.length)
      : (() => {
          throw new TypeError(`createMidaxoClient: tokenUrl must end with ${tokenPath}`);
        })()
    : serverFor(oauthServers, region, "token endpoint");
  const shared = { ...settings, redactor, errorClass: MidaxoError, ...(fetch ? { fetch } : {}) };
  const oauth = createOperationClient<OAuthOperations, typeof oauthTable>(oauthTable, { ...shared, baseUrl: tokenBase });
  const tokens = clientCredentials({
    requestToken: (callOptions) =>
      oauth.create_token(
        {
          body: {
            grant_type: "client_credentials",
            client_id: clientId,
            client_secret: clientSecret,
            audience: audience ?? scheme["x-audience"],
          },
        },
        callOptions,
      ),
    header: scheme["x-token-header"],
    onToken: (token) => redactor.add(token),
  });
  const api = createOperationClient<Operations, typeof operationTable>(operationTable, {
    ...shared,
    baseUrl: baseUrl ?? serverFor(servers, region, "API"),
    auth: tokens,
  });
  return Object.assign(api, { tokens });
}
