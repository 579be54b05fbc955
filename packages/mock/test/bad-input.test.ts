// The router's answers to bad input, case by case, on a tiny spec (the rules: x-mock.badInput).
import { describe, expect, it } from "vitest";
import { BAD_INPUT_CASES, compileRules, rejection, route } from "../src/serve/router.mjs";

const view = {
  openapi: "3.1.0",
  "x-mock": {
    badInput: {
      body: { code: "bad", detail: "{message}" },
      maxBodyBytes: 100,
      notJson: { status: 400, "x-provenance": "inferred" },
      wrongType: { status: 422 },
      contentType: { status: 415 },
      unknownPath: { status: 404, body: { code: "missing", detail: "{message}" } },
      wrongMethod: { status: 405 },
      tooLarge: { status: 413 },
      missingDiscriminator: { status: 409 },
    },
  },
  paths: {
    "/things": {
      get: { responses: {} },
      post: {
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
        },
        responses: {},
      },
    },
    "/things/{id}": {
      patch: {
        requestBody: {
          content: { "application/json": { schema: { oneOf: [{ type: "object" }, { type: "array" }] } } },
        },
        responses: {},
      },
    },
    "/tokens": {
      post: {
        requestBody: {
          required: true,
          content: { "application/x-www-form-urlencoded": { schema: { type: "object" } } },
        },
        responses: {},
      },
    },
  },
  components: { schemas: { Thing: { type: "object" } } },
};
const rules = compileRules({}, view);
const call = (
  method: string,
  url: string,
  body = "",
  headers: Record<string, string> = { "content-type": "application/json" },
) => route(rules, { method, url, headers, body: Buffer.from(body) });

describe("bad input, answered in the spec's error shape", () => {
  it("answers every case the router knows with the status the spec configures for it", () => {
    const rpc = compileRules(
      { rpc: { method: "POST", path: "/things", discriminator: "op", routes: { ping: "/things/__action/ping" } } },
      view,
    );
    // One bad request per case: a case the router gains without a request here fails this test.
    const requests: Record<string, () => ReturnType<typeof call>> = {
      notJson: () => call("POST", "/things", '{"a":'),
      wrongType: () => call("POST", "/things", "[]"),
      missingDiscriminator: () =>
        route(rpc, {
          method: "POST",
          url: "/things",
          headers: { "content-type": "application/json" },
          body: Buffer.from("{}"),
        }),
      contentType: () => call("POST", "/things", "{}", {}),
      // The server reads the body up to the limit before it routes, and answers with this rejection.
      tooLarge: () => rejection(rules, "tooLarge", "Request body is larger than the limit"),
      unknownPath: () => call("GET", "/nope"),
      wrongMethod: () => call("DELETE", "/things"),
    };
    expect(Object.keys(requests).sort()).toEqual([...BAD_INPUT_CASES].sort());
    const configured = view["x-mock"].badInput as unknown as Record<string, { status: number }>;
    for (const kind of BAD_INPUT_CASES as string[])
      expect(requests[kind]!().reply?.status, kind).toBe(configured[kind]!.status);
  });

  it("a body that is not JSON names the parse error", () => {
    expect(call("POST", "/things", '{"a":').reply).toEqual({
      status: 400,
      body: { code: "bad", detail: expect.stringMatching(/^Request body is not valid JSON \(.+\)$/) },
    });
    expect(call("POST", "/things", "").reply.body.detail).toBe(
      "Request body is empty; send a JSON object (application/json)",
    );
  });

  it("a body of the wrong JSON type names the type expected and the one sent", () => {
    expect(call("POST", "/things", "[]").reply).toEqual({
      status: 422,
      body: { code: "bad", detail: "Request body must be a JSON object, not an array" },
    });
    expect(call("POST", "/things", "42").reply.body.detail).toBe("Request body must be a JSON object, not a number");
    expect(call("PATCH", "/things/1", "true").reply.body.detail).toBe(
      "Request body must be a JSON object or an array, not a boolean",
    );
    expect(call("PATCH", "/things/1", "[1]").path).toBe("/things/1");
  });

  it("a missing or wrong content type names what the operation accepts", () => {
    expect(call("POST", "/things", "{}", {}).reply).toEqual({
      status: 415,
      body: { code: "bad", detail: "Content-Type header is missing; send the body as application/json" },
    });
    expect(call("POST", "/things", "{}", { "content-type": "text/plain" }).reply.body.detail).toBe(
      "Content-Type text/plain is not accepted here; send the body as application/json",
    );
    expect(call("POST", "/things", "{}", { "content-type": "application/json; charset=utf-8" }).path).toBe("/things");
    expect(call("POST", "/tokens", "a=1", { "content-type": "application/x-www-form-urlencoded" }).path).toBe(
      "/tokens",
    );
    expect(call("POST", "/tokens", "{}").reply.status).toBe(415);
  });

  it("an unknown path or a wrong method says so (405 lists the allowed methods)", () => {
    expect(call("GET", "/nope").reply).toEqual({
      status: 404,
      body: { code: "missing", detail: "No operation at /nope (unknown path)" },
    });
    expect(call("DELETE", "/things").reply).toEqual({
      status: 405,
      body: { code: "bad", detail: "Method DELETE is not allowed on /things; use GET or POST" },
      headers: { allow: "GET, POST" },
    });
    expect(call("GET", "//things").reply.status).toBe(404);
  });

  it("takes a path two templates match to the one that has the method", () => {
    // As published specs have it: DELETE /a/{attestation_id} beside GET /a/{subject_digest}.
    const twins = compileRules(
      {},
      {
        paths: {
          "/a/{attestation_id}": { delete: { responses: {} } },
          "/a/{subject_digest}": { get: { responses: {} } },
        },
      },
    );
    const send = (method: string) => route(twins, { method, url: "/a/x1", headers: {}, body: Buffer.alloc(0) });
    expect(send("GET").path).toBe("/a/x1");
    expect(send("DELETE").path).toBe("/a/x1");
    expect(send("PUT").reply?.status).toBe(405);
  });

  it("lets CORS preflights and good requests through to Prism", () => {
    expect(call("OPTIONS", "/nope").path).toBe("/nope");
    expect(call("GET", "/things?x=1").path).toBe("/things?x=1");
    expect(call("POST", "/things", '{"a":1}').path).toBe("/things");
  });

  it("reads the size limit from the spec, with a documented default", () => {
    expect(rules.maxBodyBytes).toBe(100);
    expect(compileRules({}, { paths: {} }).maxBodyBytes).toBe(1024 * 1024);
  });

  it("falls back to `{error: message}` and standard statuses when the spec says nothing", () => {
    const bare = compileRules({}, { paths: { "/a": { get: {} } } });
    expect(route(bare, { method: "GET", url: "/b", headers: {}, body: Buffer.alloc(0) }).reply).toEqual({
      status: 404,
      body: { error: "No operation at /b (unknown path)" },
    });
  });
});
