// Credentials placed where the spec's security schemes put them (credentials.ts), through the one
// call path: a query key joins each attempt's URL and never reaches an error or a hook event.
import { describe, expect, it } from "vitest";
import {
  createCore,
  NetworkError,
  schemeAuth,
  send,
  SpecforgeError,
  type AttemptEvent,
  type OperationSpec,
} from "../src/index.js";
import { json, networkError, scripted } from "./helpers.js";

const schemes = {
  headerKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
  queryKey: { type: "apiKey", in: "query", name: "hapikey" },
  cookieKey: { type: "apiKey", in: "cookie", name: "session" },
  bearer: { type: "http", scheme: "bearer" },
  basic: { type: "http", scheme: "basic" },
  oauth: { type: "oauth2" },
  mtls: { type: "mutualTLS" },
} as const;

const GET: OperationSpec = { name: "list_things", method: "GET", path: "/things", idempotent: true, secured: true };
const OPEN: OperationSpec = { ...GET, name: "health", secured: false };
const QUERY_KEY = "qk-4f3e2d1c0b9a8877";

function client(
  steps: Parameters<typeof scripted>[0],
  credentials: Parameters<typeof schemeAuth<typeof schemes>>[1],
  events: AttemptEvent[] = [],
) {
  const wire = scripted(steps);
  const { auth, secrets } = schemeAuth(schemes, credentials);
  const core = createCore({
    baseUrl: "http://api.test",
    fetch: wire.fetch,
    ...(auth ? { auth } : {}),
    secrets,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    onAttempt: (e) => events.push(e),
  });
  return { wire, core };
}

describe("schemeAuth", () => {
  it("puts an apiKey in its header, the query or a cookie, as the scheme says", async () => {
    const { wire, core } = client([], { headerKey: "hk-123456", queryKey: QUERY_KEY, cookieKey: "c k;1" });
    await send(core, GET, { query: { limit: 5 } });
    const sent = wire.requests[0]!;
    expect(sent.headers.get("x-api-key")).toBe("hk-123456");
    expect(new URL(sent.url).searchParams.get("hapikey")).toBe(QUERY_KEY);
    expect(new URL(sent.url).searchParams.get("limit")).toBe("5");
    expect(sent.headers.get("cookie")).toBe("session=c%20k%3B1");
  });

  it("sends http bearer and basic, and an oauth2 token as Bearer", async () => {
    const bearer = client([], { bearer: "tok-abcdef" });
    await send(bearer.core, GET, undefined);
    expect(bearer.wire.requests[0]!.headers.get("authorization")).toBe("Bearer tok-abcdef");
    const basic = client([], { basic: { username: "ann", password: "pässword" } });
    await send(basic.core, GET, undefined);
    expect(basic.wire.requests[0]!.headers.get("authorization")).toBe(
      `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode("ann:pässword")))}`,
    );
    const oauth = client([], { oauth: "at-998877" });
    await send(oauth.core, GET, undefined);
    expect(oauth.wire.requests[0]!.headers.get("authorization")).toBe("Bearer at-998877");
  });

  it("sends nothing to an operation that needs no credentials (security: [])", async () => {
    const { wire, core } = client([], { queryKey: QUERY_KEY, headerKey: "hk-123456" });
    await send(core, OPEN, undefined);
    expect(wire.requests[0]!.url).toBe("http://api.test/things");
    expect(wire.requests[0]!.headers.get("x-api-key")).toBeNull();
  });

  it("adds the query key to every attempt, and to the URL of a retried call only once", async () => {
    const { wire, core } = client([json(503, {}), json(200, { ok: true })], { queryKey: QUERY_KEY });
    await send(core, GET, { query: { a: "1" } });
    expect(wire.requests.map((r) => r.url)).toEqual([
      `http://api.test/things?a=1&hapikey=${QUERY_KEY}`,
      `http://api.test/things?a=1&hapikey=${QUERY_KEY}`,
    ]);
  });

  it("keeps a query key out of errors and hook events, even when the server echoes the URL", async () => {
    const events: AttemptEvent[] = [];
    const echo = (request: Request) => json(400, { message: `bad request ${request.url}`, url: request.url });
    const { core } = client([echo], { queryKey: QUERY_KEY }, events);
    const error = await send(core, GET, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecforgeError);
    const text = JSON.stringify({
      error,
      message: (error as Error).message,
      body: (error as SpecforgeError).body,
      events,
    });
    expect(text).not.toContain(QUERY_KEY);
    expect(text).toContain("[redacted]");
    const network = client(
      [
        networkError("ECONNRESET"),
        networkError("ECONNRESET"),
        Object.assign(networkError("ECONNRESET"), {
          message: `fetch failed http://api.test/things?hapikey=${QUERY_KEY}`,
        }),
      ],
      { queryKey: QUERY_KEY },
    );
    const failed = await send(network.core, GET, undefined).then(
      () => new Error("the call succeeded"),
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(NetworkError);
    expect((failed as NetworkError).attempts).toBe(3);
    expect(
      JSON.stringify({ failed, message: (failed as Error).message, cause: String((failed as Error).cause) }),
    ).not.toContain(QUERY_KEY);
  });

  it("refuses a credential for a scheme the spec does not have, an empty one, or one a request cannot carry", () => {
    expect(() => schemeAuth(schemes, { nope: "x" } as never)).toThrow(
      /"nope" is not a security scheme of this API \(it has: headerKey/,
    );
    expect(() => schemeAuth(schemes, { headerKey: "" })).toThrow(/"headerKey" is empty/);
    expect(() => schemeAuth(schemes, { mtls: "cert" })).toThrow(/mutualTLS scheme/);
    expect(schemeAuth(schemes, {}).auth).toBeUndefined();
  });
});
