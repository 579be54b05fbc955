/**
 * @specforge/midaxo: the Midaxo Cloud API, typed from specs/midaxo, with OAuth2 client
 * credentials (specs/midaxo/oauth.yaml). Hand-written here: the factories (region, token URL,
 * how the token travels) and the error class; retries, token caching and paging are the runtime's.
 *
 * Two ways to call, one call path underneath:
 * - the client object: `const midaxo = createMidaxoClient(options); await midaxo.list_projects(init)`;
 * - standalone functions (a bundler keeps only those you import):
 *   `const midaxo = createMidaxo(options); await list_projects(midaxo, init)`.
 */
import {
  clientCredentials,
  createApiClient,
  createCore,
  Redactor,
  SpecforgeError,
  type CallOptions,
  type Core,
  type RequestSettings,
  type TokenCache,
} from "@specforge/runtime";
import { operationFunctions, securitySchemes, servers, type Client } from "./generated/midaxo/operations.gen.js";
import { create_token, servers as oauthServers } from "./generated/midaxo-oauth/operations.gen.js";

export * from "./generated/midaxo/operations.gen.js";
// The error hierarchy shared by every provider: `instanceof AuthenticationError`, etc.
export * from "@specforge/runtime/errors";
export { paginate, type CallOptions, type RequestSettings, type TokenCache } from "@specforge/runtime";

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
  /** The I/O underneath (defaults to the global fetch). */
  fetch?: typeof fetch;
}

/** What the standalone operation functions take, with its token cache. */
export type Midaxo = Core<CallOptions> & {
  /** The access-token cache (fetched on first use, shared by concurrent calls, refreshed on 401). */
  readonly tokens: TokenCache;
};
/** The client object: every operation as a method, `paginate.<operation>`, and the token cache. */
export type MidaxoClient = Client<CallOptions> & { readonly tokens: TokenCache };

const scheme = securitySchemes.MidaxoOAuth;

function serverFor(
  list: readonly { url: string; region?: string }[],
  region: string,
  what: string,
  factory: string,
): string {
  const server = list.find((s) => s.region === region);
  if (!server) throw new TypeError(`${factory}: unknown region "${region}" for the ${what}`);
  return server.url;
}

/** A Midaxo core for the standalone operation functions (no operation is bundled with it). */
export function createMidaxo(options: MidaxoClientOptions): Midaxo {
  return midaxoCore(options, "createMidaxo");
}

/** `factory`: the function the caller called, named in its errors. */
function midaxoCore(options: MidaxoClientOptions, factory: string): Midaxo {
  const { region, clientId, clientSecret, audience, baseUrl, tokenUrl, fetch, ...settings } = options;
  if (!clientId || !clientSecret) throw new TypeError(`${factory}: clientId and clientSecret are required`);
  const redactor = new Redactor([clientId, clientSecret]);
  const tokenPath = create_token.operation.path;
  const tokenBase = tokenUrl
    ? tokenUrl.endsWith(tokenPath)
      ? tokenUrl.slice(0, -tokenPath.length)
      : (() => {
          throw new TypeError(`${factory}: tokenUrl must end with ${tokenPath}`);
        })()
    : serverFor(oauthServers, region, "token endpoint", factory);
  const shared = { ...settings, redactor, errorClass: MidaxoError, ...(fetch ? { fetch } : {}) };
  const oauth = createCore({ ...shared, baseUrl: tokenBase });
  const tokens = clientCredentials({
    requestToken: (callOptions) =>
      create_token(
        oauth,
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
    // Each issued token is redacted while calls may still send it, then forgotten.
    onToken: (token, unused) => {
      redactor.add(token);
      redactor.remove(unused);
    },
  });
  const core = createCore({ ...shared, baseUrl: baseUrl ?? serverFor(servers, region, "API", factory), auth: tokens });
  return Object.assign(core, { tokens });
}

/** The Midaxo client: every operation as a method (`midaxo.list_projects(init)`), `paginate`, `tokens`. */
export function createMidaxoClient(options: MidaxoClientOptions): MidaxoClient {
  const core = midaxoCore(options, "createMidaxoClient");
  return Object.assign(createApiClient<Client<CallOptions>>(core, operationFunctions), { tokens: core.tokens });
}
