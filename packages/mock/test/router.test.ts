import { describe, expect, it } from "vitest";
import { compileRules, route } from "../src/serve/router.mjs";
import { portFor } from "../src/index.mjs";

const rules = compileRules({
  rpc: {
    method: "POST",
    path: "/rpc",
    discriminator: "op",
    routes: { ping: "/rpc/__action/ping", list: "/rpc/__action/list" },
    unknownAction: { status: 200, body: { ok: false, error: "Unknown op: {op}" } },
  },
  exampleBy: [
    { method: "GET", path: "/things", in: "query", name: "after", examples: { "": "first", c2: "second" } },
    { method: "GET", path: "/things/{id}", in: "header", name: "X-Page", examples: { "2": "two" } },
    { method: "GET", path: "/things/special", in: "query", name: "page", examples: { "": "special" } },
    {
      method: "POST",
      path: "/rpc/__action/list",
      in: "body",
      name: "offset",
      examples: { "": "list-0", "2": "list-1" },
    },
  ],
});

const req = (method: string, url: string, body: unknown = undefined, headers: Record<string, string> = {}) => ({
  method,
  url,
  headers,
  body: Buffer.from(body === undefined ? "" : JSON.stringify(body)),
});

describe("mock router", () => {
  it("forwards an RPC call to its action's derived route", () => {
    expect(route(rules, req("POST", "/rpc", { op: "ping" })).path).toBe("/rpc/__action/ping");
  });

  it("answers an unknown action with the spec's envelope naming it", () => {
    expect(route(rules, req("POST", "/rpc", { op: "nope" })).reply).toEqual({
      status: 200,
      body: { ok: false, error: "Unknown op: nope" },
    });
  });

  it("says what is wrong with a body that names no action", () => {
    const raw = (body: string) => ({
      method: "POST",
      url: "/rpc",
      headers: { "content-type": "application/json" },
      body: Buffer.from(body),
    });
    expect(route(rules, raw('{"op":')).reply.body.error).toMatch(/^Request body is not valid JSON \(/);
    expect(route(rules, raw("garbage")).reply.body.error).toMatch(/^Request body is not valid JSON/);
    expect(route(rules, raw("")).reply.body.error).toBe("Request body is empty; send a JSON object");
    expect(route(rules, raw("[]")).reply.body.error).toBe("Request body must be a JSON object, not an array");
    expect(route(rules, raw("null")).reply.body.error).toBe("Request body must be a JSON object, not null");
    expect(route(rules, raw('"x"')).reply.body.error).toBe("Request body must be a JSON object, not a string");
    // No badInput in the spec: a missing action answers with the unknown action's status.
    expect(route(rules, raw("{}")).reply).toEqual({
      status: 200,
      body: { error: 'Request body has no "op" field; name the operation in it' },
    });
    expect(route(rules, raw('{"op":1}')).reply.body.error).toBe('"op" must be a string, not a number');
    expect(route(rules, raw('{"op":"__proto__"}')).reply.body).toEqual({ ok: false, error: "Unknown op: __proto__" });
  });

  it("selects the example a query, header or body value names", () => {
    expect(route(rules, req("GET", "/things")).headers.prefer).toBe("example=first");
    expect(route(rules, req("GET", "/things?after=c2")).headers.prefer).toBe("example=second");
    expect(route(rules, req("GET", "/things?after=zz")).headers.prefer).toBeUndefined();
    expect(route(rules, req("GET", "/things/7", undefined, { "x-page": "2" })).headers.prefer).toBe("example=two");
    expect(route(rules, req("POST", "/rpc", { op: "list", offset: 2 })).headers.prefer).toBe("example=list-1");
  });

  it("prefers a literal path over a template, and never overrides the caller's Prefer", () => {
    expect(route(rules, req("GET", "/things/special")).headers.prefer).toBe("example=special");
    expect(route(rules, req("GET", "/things", undefined, { prefer: "code=404" })).headers.prefer).toBe("code=404");
  });
});

describe("ports", () => {
  const entry = { name: "x", mockPort: 4999, mockPortEnv: "X_MOCK_PORT" };
  it("uses the environment variable, else the default, and rejects garbage", () => {
    expect(portFor(entry, {})).toBe(4999);
    expect(portFor(entry, { X_MOCK_PORT: "5123" })).toBe(5123);
    expect(() => portFor(entry, { X_MOCK_PORT: "http" })).toThrow(/X_MOCK_PORT=http is not a port number/);
  });
});

describe("raw tokens", () => {
  it("drops a `Bearer` header where the spec's token travels raw, so the mock answers 401 like the API", () => {
    const raw = compileRules({ rawTokenHeaders: ["authorization"] });
    expect(
      route(raw, req("GET", "/x", undefined, { authorization: "Bearer eyJ" })).headers.authorization,
    ).toBeUndefined();
    expect(route(raw, req("GET", "/x", undefined, { authorization: "eyJ" })).headers.authorization).toBe("eyJ");
  });
});
