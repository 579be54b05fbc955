import { inspect } from "node:util";
import { describe, expect, inject, it } from "vitest";
import {
  AuthenticationError,
  createMidaxo,
  createMidaxoClient,
  MidaxoError,
  PermissionDeniedError,
  type MidaxoClientOptions,
} from "../src/index.js";
import { localServer, recorder, type Answer, type Hit } from "./helpers.js";

const urls = inject("mockUrls");
const baseUrl = urls.midaxo!;
const tokenUrl = `${urls["midaxo-oauth"]!}/oauth/token`;
const CLIENT_ID = "Xk3vQ9mT2pLr8sWz";
const CLIENT_SECRET = "s3cr3t+Value/From=Midaxo&Support";
const PROCESS = "7c1e4a52-3b9d-4f0e-a6d2-1f8b9c0e5a71";

const credentials = {
  region: "eu",
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
} satisfies Partial<MidaxoClientOptions>;
const isTokenRequest = (r: Request) => new URL(r.url).pathname === "/oauth/token";

/** A token endpoint + API on one local server; tokens are numbered, the API decides what it accepts. */
async function tokenAndApi(options: {
  expiresIn?: (n: number) => number;
  api: (hit: Hit, token: string | undefined, tokens: string[]) => Answer | Promise<Answer>;
}) {
  const tokens: string[] = [];
  const server = await localServer((hit) => {
    if (hit.url.pathname === "/oauth/token") {
      const token = `eyJhbGciOiJSUzI1NiJ9.token-${tokens.length + 1}.${Math.random().toString(36).slice(2)}`;
      tokens.push(token);
      return {
        status: 200,
        body: { access_token: token, token_type: "Bearer", expires_in: options.expiresIn?.(tokens.length) ?? 86400 },
      };
    }
    return options.api(hit, hit.headers.authorization, tokens);
  });
  return { ...server, tokens };
}

const project = (n: number) => ({ id: `project-${n}`, name: `Project ${n}` });

describe("tokens", () => {
  it("100 concurrent calls on a cold client make exactly one token request (mocks)", async () => {
    const wire = recorder();
    const midaxo = createMidaxoClient({ ...credentials, baseUrl, tokenUrl, fetch: wire.fetch });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => midaxo.get_process({ path: { processId: PROCESS } })),
    );
    expect(results).toHaveLength(100);
    expect(wire.requests.filter(isTokenRequest)).toHaveLength(1);
    expect(wire.requests.filter((r) => !isTokenRequest(r))).toHaveLength(100);
    expect(midaxo.tokens.fetchCount).toBe(1);
  });

  it("requests the token form-encoded (grant_type, client_id, client_secret, audience) and sends it raw in Authorization", async () => {
    const server = await tokenAndApi({
      api: (_hit, token, tokens) =>
        token === tokens[0]
          ? { status: 200, body: { id: PROCESS, name: "M&A Pipeline" } }
          : { status: 401, body: { message: "Unauthorized" } },
    });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      expect(await midaxo.get_process({ path: { processId: PROCESS } })).toEqual({ id: PROCESS, name: "M&A Pipeline" });
      const [tokenHit] = server.tokenHits();
      expect(tokenHit!.method).toBe("POST");
      expect(tokenHit!.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
      expect(Object.fromEntries(new URLSearchParams(tokenHit!.body))).toEqual({
        grant_type: "client_credentials",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        audience: "kappa-appsync-app-api",
      });
      expect(tokenHit!.headers.authorization).toBeUndefined();
      const [apiHit] = server.apiHits();
      expect(apiHit!.headers.authorization).toBe(server.tokens[0]);
      expect(apiHit!.headers.authorization).not.toMatch(/^Bearer /i);
    } finally {
      await server.close();
    }
  });

  it("renews a token that is about to expire once, and never replays the old one", async () => {
    // expires_in: 2 -> the client renews after ~1 s (the runtime renews 60 s before expiry, or at
    // half the lifetime for tokens shorter than two minutes). The API refuses token 1 after 1 s.
    let firstTokenAt = 0;
    const server = await tokenAndApi({
      expiresIn: (n) => (n === 1 ? 2 : 3600),
      api: (hit, token, tokens) => {
        firstTokenAt ||= hit.at;
        const expired = token === tokens[0] && hit.at - firstTokenAt > 1000;
        return tokens.includes(token ?? "") && !expired
          ? { status: 200, body: { id: PROCESS, name: "M&A Pipeline" } }
          : { status: 401, body: { message: "Unauthorized" } };
      },
    });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      await midaxo.get_process({ path: { processId: PROCESS } });
      await midaxo.get_process({ path: { processId: PROCESS } });
      await new Promise((r) => setTimeout(r, 1200));
      await midaxo.get_process({ path: { processId: PROCESS } });
      await midaxo.get_process({ path: { processId: PROCESS } });
      expect(server.tokenHits()).toHaveLength(2);
      const sent = server.apiHits().map((h) => h.headers.authorization);
      expect(sent, "the expired token was sent (and refused) instead of being renewed first").toEqual([
        server.tokens[0],
        server.tokens[0],
        server.tokens[1],
        server.tokens[1],
      ]);
    } finally {
      await server.close();
    }
  });

  it("a 401 on a fresh token triggers one refresh and one retry, then succeeds", async () => {
    const server = await tokenAndApi({
      api: (_hit, token, tokens) =>
        token === tokens[1]
          ? { status: 200, body: { id: PROCESS, name: "M&A Pipeline" } }
          : { status: 401, body: { message: "Unauthorized" } },
    });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      expect(await midaxo.get_process({ path: { processId: PROCESS } })).toMatchObject({ id: PROCESS });
      expect(server.tokenHits()).toHaveLength(2);
      expect(server.apiHits().map((h) => h.headers.authorization)).toEqual(server.tokens);
    } finally {
      await server.close();
    }
  });

  it("a 401 that persists after the refresh is an AuthenticationError, not a loop", async () => {
    const server = await tokenAndApi({ api: () => ({ status: 401, body: { message: "Unauthorized" } }) });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      const error = await midaxo.get_process({ path: { processId: PROCESS } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toBeInstanceOf(MidaxoError);
      expect((error as MidaxoError).status).toBe(401);
      expect(server.tokenHits()).toHaveLength(2);
      expect(server.apiHits()).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("retries the token request after a 503 from the token endpoint", async () => {
    let tokenCalls = 0;
    const server = await localServer((hit) => {
      if (hit.url.pathname === "/oauth/token")
        return ++tokenCalls === 1
          ? { status: 503, body: { error: "temporarily_unavailable" } }
          : {
              status: 200,
              body: { access_token: "eyJhbGciOiJSUzI1NiJ9.retried-token", token_type: "Bearer", expires_in: 86400 },
            };
      return { status: 200, body: { id: PROCESS, name: "M&A Pipeline" } };
    });
    try {
      const midaxo = createMidaxoClient({
        ...credentials,
        baseUrl: server.url,
        tokenUrl: server.tokenUrl,
        retry: { initialDelayMs: 5 },
      });
      expect(await midaxo.get_process({ path: { processId: PROCESS } })).toMatchObject({ id: PROCESS });
      expect(server.tokenHits()).toHaveLength(2);
      expect(server.apiHits().map((h) => h.headers.authorization)).toEqual(["eyJhbGciOiJSUzI1NiJ9.retried-token"]);
    } finally {
      await server.close();
    }
  });

  it("concurrent calls rejected with a revoked token share one refresh", async () => {
    let first = true;
    const server = await tokenAndApi({
      api: (_hit, token, tokens) => {
        if (token !== tokens[0]) return { status: 200, body: { id: PROCESS, name: "M&A Pipeline" } };
        // The revoked token's 401s reach the client spread out in time, as they do under load.
        const delayMs = first ? 0 : 150;
        first = false;
        return { status: 401, body: { message: "Unauthorized" }, delayMs };
      },
    });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      await Promise.all(Array.from({ length: 10 }, () => midaxo.get_process({ path: { processId: PROCESS } })));
      expect(
        server.tokenHits().length,
        "runtime bug (packages/runtime/src/oauth.ts refresh()): a 401 for a token that was already replaced drops the new token and fetches another",
      ).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe("pagination", () => {
  it("paginate.list_projects({first: 2}) crosses three pages of the mock and stops; updatedAfter reaches the wire", async () => {
    const wire = recorder();
    const midaxo = createMidaxoClient({ ...credentials, baseUrl, tokenUrl, fetch: wire.fetch });
    const names: string[] = [];
    for await (const p of midaxo.paginate.list_projects({
      path: { processId: PROCESS },
      query: { first: 2, updatedAfter: "2024-11-24T00:00:00Z" },
    }))
      names.push((p as { name: string }).name);
    expect(names).toEqual(["Project Falcon", "Project Heron", "Project Osprey", "Project Kestrel", "Project Merlin"]);
    const pages = wire.requests.filter((r) => !isTokenRequest(r)).map((r) => new URL(r.url));
    expect(pages).toHaveLength(3);
    for (const url of pages) {
      expect(url.pathname).toBe(`/processes/${PROCESS}/projects`);
      expect(url.searchParams.get("first")).toBe("2");
      expect(url.searchParams.get("updatedAfter")).toBe("2024-11-24T00:00:00Z");
    }
    expect(pages.map((u) => u.searchParams.get("after"))).toEqual([null, "hjkmlnp", "mnpqrst"]);
  });

  it("halves `first` on 413 (the 6 MB cap) and continues with the smaller page size", async () => {
    const pages: Record<string, Answer["body"]> = {
      "": { data: [project(1), project(2)], paging: { startCursor: "c1", endCursor: "c2", hasNextPage: true } },
      c2: { data: [project(3), project(4)], paging: { startCursor: "c2", endCursor: "c3", hasNextPage: true } },
      c3: { data: [project(5)], paging: { startCursor: "c3", endCursor: null, hasNextPage: false } },
    };
    const server = await tokenAndApi({
      api: (hit) => {
        if (Number(hit.url.searchParams.get("first")) > 2)
          return { status: 413, body: { message: "Response size exceeds the 6 MB limit." } };
        return { status: 200, body: pages[hit.url.searchParams.get("after") ?? ""] };
      },
    });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      const ids: string[] = [];
      for await (const p of midaxo.paginate.list_projects({ path: { processId: PROCESS }, query: { first: 8 } }))
        ids.push((p as { id: string }).id);
      expect(ids).toEqual(["project-1", "project-2", "project-3", "project-4", "project-5"]);
      expect(server.apiHits().map((h) => [h.url.searchParams.get("first"), h.url.searchParams.get("after")])).toEqual([
        ["8", null],
        ["4", null],
        ["2", null],
        ["2", "c2"],
        ["2", "c3"],
      ]);
    } finally {
      await server.close();
    }
  });
});

describe("rate limits", () => {
  it("429 with Retry-After: 1 then 200: succeeds after about a second", async () => {
    let calls = 0;
    const server = await tokenAndApi({
      api: () =>
        ++calls === 1
          ? { status: 429, body: { message: "Too Many Requests" }, headers: { "retry-after": "1" } }
          : { status: 200, body: { id: PROCESS, name: "M&A Pipeline" } },
    });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      const started = performance.now();
      expect(await midaxo.get_process({ path: { processId: PROCESS } })).toMatchObject({ name: "M&A Pipeline" });
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(6000); // the second, not a backoff of many
      const [first, second] = server.apiHits();
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
      expect(server.tokenHits()).toHaveLength(1);
      for (const hit of server.apiHits()) expect(hit.headers.authorization).toBe(server.tokens[0]);
    } finally {
      await server.close();
    }
  });
});

describe("secrets never reach errors", () => {
  const leaks = (error: unknown, secrets: string[]) => {
    const e = error as MidaxoError;
    const texts = [e.message, JSON.stringify(e), inspect(e, { depth: 8 }), String(e.stack), String(e.cause ?? "")];
    return secrets.filter((s) => texts.some((t) => t.includes(s) || t.includes(encodeURIComponent(s))));
  };

  it("a failing token request (its body echoing the secret) is a MidaxoError without the secret", async () => {
    const server = await localServer(() => ({
      status: 401,
      body: { error: "invalid_client", error_description: `bad secret ${CLIENT_SECRET}` },
    }));
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      const error = await midaxo.list_processes().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MidaxoError);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as MidaxoError).status).toBe(401);
      expect((error as MidaxoError).message).toContain("bad secret [redacted]");
      expect(leaks(error, [CLIENT_SECRET])).toEqual([]);
      expect(server.hits.filter((h) => h.url.pathname !== "/oauth/token")).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("an API error echoing the token is a MidaxoError without the token", async () => {
    const server = await tokenAndApi({
      api: (_hit, token) => ({ status: 403, body: { message: `token ${token} may not read this process` } }),
    });
    try {
      const midaxo = createMidaxoClient({ ...credentials, baseUrl: server.url, tokenUrl: server.tokenUrl });
      const error = await midaxo.get_process({ path: { processId: PROCESS } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error).toBeInstanceOf(MidaxoError);
      expect(leaks(error, [server.tokens[0]!, CLIENT_SECRET])).toEqual([]);
      expect(inspect(midaxo.tokens)).not.toContain(server.tokens[0]!);
    } finally {
      await server.close();
    }
  });
});

describe("options", () => {
  it("rejects missing credentials, an unknown region and a token URL without /oauth/token", () => {
    expect(() => createMidaxoClient({ region: "eu", clientId: "", clientSecret: "x" })).toThrow(TypeError);
    expect(() => createMidaxoClient({ region: "apac" as "eu", clientId: "id", clientSecret: "secret" })).toThrow(
      /region/,
    );
    expect(() => createMidaxoClient({ ...credentials, tokenUrl: "http://127.0.0.1:1/token" })).toThrow(/oauth\/token/);
  });

  it("names the factory the caller called in its errors", () => {
    expect(() => createMidaxoClient({ region: "eu", clientId: "", clientSecret: "x" })).toThrow(
      /^createMidaxoClient: /,
    );
    expect(() => createMidaxo({ region: "eu", clientId: "", clientSecret: "x" })).toThrow(/^createMidaxo: /);
    expect(() => createMidaxo({ region: "apac" as "eu", clientId: "id", clientSecret: "secret" })).toThrow(
      /^createMidaxo: unknown region/,
    );
  });
});
