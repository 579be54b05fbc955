/**
 * OAuth2 client-credentials tokens: fetched on first use, cached until shortly before expiry,
 * one fetch shared by every concurrent caller, refreshed on demand (after a 401). The token
 * request goes through the same call path as any operation, so it gets retries, timeouts,
 * typed errors and redaction too. A caller's signal ends its own wait for a token, never the
 * token request other callers share.
 */
import { untilAborted } from "./abort.js";
import type { AuthProvider, CallOptions } from "./settings.js";

export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
}

export interface ClientCredentialsOptions {
  /** Requests a token (the caller binds client id, secret, audience and the token URL). */
  requestToken: (options: CallOptions) => Promise<TokenResponse>;
  /** How the token travels: header name and prefix (`"Bearer "`, or `""` for a raw token). */
  header?: { name: string; prefix: string };
  /** Renew this long before expiry (default 60 s). */
  refreshMarginMs?: number;
  /** Lifetime assumed when the server sends no expires_in (default 300 s). */
  defaultLifetimeMs?: number;
  /**
   * Called with every token obtained (register it for redaction) and the token no request sends
   * any more, if any (forget it): the one before the token just replaced, which calls still
   * under way may be sending.
   */
  onToken?: (token: string, unused: string | undefined) => void;
  now?: () => number;
}

export interface TokenCache extends AuthProvider {
  /** The current token, fetching it if needed; `signal` abandons this caller's wait (the shared fetch goes on). */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Drops the cached token so the next use fetches a new one. */
  invalidate(): void;
  /** How many token requests were made (for tests and metrics). */
  readonly fetchCount: number;
}

export function clientCredentials(options: ClientCredentialsOptions): TokenCache {
  const header = options.header ?? { name: "Authorization", prefix: "Bearer " };
  const margin = options.refreshMarginMs ?? 60_000;
  const fallbackLifetime = options.defaultLifetimeMs ?? 300_000;
  const now = options.now ?? Date.now;
  /** The cached token and when to stop using it (expiry minus the refresh margin). */
  let token: { value: string; renewAt: number; headers: Readonly<Record<string, string>> } | undefined;
  /** The last two tokens handed out, kept even while `token` is dropped for a refresh. */
  let latest: string | undefined;
  let previous: string | undefined;
  const headerName = header.name.toLowerCase();
  let inflight: Promise<string> | undefined;
  let fetchCount = 0;

  const fetchToken = (): Promise<string> => {
    inflight ??= (async () => {
      try {
        fetchCount += 1;
        const answer = await options.requestToken({});
        if (typeof answer?.access_token !== "string" || !answer.access_token)
          throw new Error("the token endpoint answered without access_token");
        if (answer.access_token !== latest) {
          options.onToken?.(answer.access_token, previous);
          previous = latest;
          latest = answer.access_token;
        }
        const lifetime =
          typeof answer.expires_in === "number" && Number.isFinite(answer.expires_in) && answer.expires_in >= 0
            ? answer.expires_in * 1000
            : fallbackLifetime;
        // A margin longer than the token lives would refetch it on every call: use at most half its life.
        token = {
          value: answer.access_token,
          renewAt: now() + lifetime - Math.min(margin, lifetime / 2),
          headers: { [headerName]: `${header.prefix}${answer.access_token}` },
        };
        return answer.access_token;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };

  const cache: TokenCache = {
    async getToken(signal) {
      if (token && now() < token.renewAt) return token.value;
      return untilAborted(fetchToken(), signal);
    },
    invalidate() {
      token = undefined;
    },
    headers(signal) {
      // A cached token is handed out synchronously: no promise on the common path.
      if (token && now() < token.renewAt) return token.headers;
      return untilAborted(fetchToken(), signal).then((value) => ({ [headerName]: `${header.prefix}${value}` }));
    },
    async refresh(signal, rejected) {
      // Concurrent 401s share one refresh: a 401 for a token that was already replaced (or is
      // being replaced) keeps the new one; only a 401 for the current token drops it.
      const sent = rejected?.[headerName];
      const rejectedToken = sent?.startsWith(header.prefix) ? sent.slice(header.prefix.length) : undefined;
      const stale = rejectedToken !== undefined && token !== undefined && token.value !== rejectedToken;
      if (!inflight && !stale) token = undefined;
      await cache.getToken(signal);
    },
    get fetchCount() {
      return fetchCount;
    },
  };
  return cache;
}

/** Credentials that never change: a static header (an API key, a raw secret). */
export function staticHeaders(values: Record<string, string>): AuthProvider {
  const headers = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return { headers: () => headers };
}
