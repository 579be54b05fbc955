import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import type * as runtime from "../src/index.js";
import {
  ApiError,
  AuthenticationError,
  InvalidResponseError,
  kindForStatus,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SpecforgeError,
  TimeoutError,
  ValidationError,
  type SpecforgeErrorFields,
} from "../src/index.js";
import { caught, json, scripted, createCaller } from "./helpers.js";

class AcmeError extends SpecforgeError {
  static readonly matchProvider = "acme";
  get code(): unknown {
    return (this.body as { code?: unknown } | undefined)?.code;
  }
}
class OtherError extends SpecforgeError {
  static readonly matchProvider = "other";
}

const fields = (over: Partial<SpecforgeErrorFields> = {}): SpecforgeErrorFields => ({
  kind: "not_found",
  message: "get_thing: HTTP 404",
  operation: "get_thing",
  status: 404,
  attempts: 1,
  body: { code: 404001 },
  requestId: "req-1",
  ...over,
});

type Runtime = typeof runtime;

/** A second, separately evaluated copy of the built runtime (as two installed copies would be). */
async function secondCopy(): Promise<Runtime> {
  const url = new URL(`../dist/index.js?copy=${Math.random()}`, import.meta.url).href;
  return (await import(/* @vite-ignore */ url)) as Runtime;
}

describe("the error hierarchy", () => {
  it("maps statuses to kinds", () => {
    expect([400, 401, 403, 404, 409, 413, 422, 429, 500, 503, 418].map(kindForStatus)).toEqual([
      "validation",
      "authentication",
      "permission",
      "not_found",
      "conflict",
      "validation",
      "validation",
      "rate_limited",
      "server",
      "server",
      "api",
    ]);
  });

  it("matches kind classes by kind, provider classes by provider", () => {
    const e = new AcmeError(fields());
    expect(e).toBeInstanceOf(SpecforgeError);
    expect(e).toBeInstanceOf(AcmeError);
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(OtherError);
    for (const K of [
      AuthenticationError,
      PermissionDeniedError,
      RateLimitError,
      ServerError,
      NetworkError,
      TimeoutError,
      ValidationError,
      ApiError,
      InvalidResponseError,
    ]) {
      expect(e instanceof K, K.name).toBe(false);
    }
    expect(e.name).toBe("AcmeError");
    expect(e.provider).toBe("acme");
    expect(e.code).toBe(404001);
    expect([e.kind, e.status, e.operation, e.attempts, e.requestId]).toEqual([
      "not_found",
      404,
      "get_thing",
      1,
      "req-1",
    ]);
    expect({}).not.toBeInstanceOf(SpecforgeError);
    expect(new Error("x")).not.toBeInstanceOf(SpecforgeError);
    expect((null as unknown) instanceof SpecforgeError).toBe(false);
  });

  it("network and timeout errors carry no status", () => {
    const n = new NetworkError(fields({ kind: "network", status: undefined }));
    expect(n.status).toBeUndefined();
    expect("status" in n).toBe(false);
    expect(n).toBeInstanceOf(NetworkError);
  });

  it("instanceof holds across two copies of the runtime (brand-based)", async () => {
    const other = await secondCopy();
    expect(other.SpecforgeError).not.toBe(SpecforgeError);
    const theirs = new other.SpecforgeError(fields({ kind: "rate_limited", status: 429 }));
    expect(theirs).toBeInstanceOf(SpecforgeError);
    expect(theirs).toBeInstanceOf(RateLimitError);
    expect(theirs).not.toBeInstanceOf(NotFoundError);
    const ours = new AcmeError(fields());
    expect(ours).toBeInstanceOf(other.SpecforgeError);
    expect(ours).toBeInstanceOf(other.NotFoundError);
    // A provider class built on the other copy still matches by provider.
    class AcmeThere extends other.SpecforgeError {
      static readonly matchProvider = "acme";
    }
    expect(ours).toBeInstanceOf(AcmeThere);
    expect(new AcmeThere(fields({ kind: "server", status: 500 }))).toBeInstanceOf(AcmeError);
    expect(new AcmeThere(fields({ kind: "server", status: 500 }))).toBeInstanceOf(ServerError);
  });

  it("instanceof holds for any object with the Symbol.for brand", () => {
    const foreign = Object.defineProperty(
      { kind: "timeout", operation: "x", attempts: 2 },
      Symbol.for("@specforge/runtime/error"),
      { value: true },
    );
    expect(foreign).toBeInstanceOf(SpecforgeError);
    expect(foreign).toBeInstanceOf(TimeoutError);
    expect(foreign).not.toBeInstanceOf(NetworkError);
  });

  it("serialises its fields only, through JSON, inspect and String", () => {
    const e = new AcmeError(fields({ cause: "under the hood" }));
    const parsed = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      name: "AcmeError",
      kind: "not_found",
      status: 404,
      operation: "get_thing",
      attempts: 1,
      requestId: "req-1",
      body: { code: 404001 },
    });
    expect(inspect(e, { depth: 10 })).toContain("AcmeError [not_found]: get_thing: HTTP 404");
    expect(String(e)).toBe("AcmeError: get_thing: HTTP 404");
    expect(e.cause).toBe("under the hood");
  });

  it("errors from the call path carry status, body, requestId, operation and attempts", async () => {
    const wire = scripted([json(404, { description: "no such thing", code: 7 }, { "x-request-id": "abc-123" })]);
    const caller = createCaller({ baseUrl: "http://api.test", fetch: wire.fetch, errorClass: AcmeError });
    const error = (await caught(
      caller.call("get_thing", { method: "GET", path: "/t", idempotent: true }, undefined),
    )) as AcmeError;
    expect(error).toBeInstanceOf(AcmeError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("get_thing: HTTP 404: no such thing");
    expect(error.requestId).toBe("abc-123");
    expect(error.body).toEqual({ description: "no such thing", code: 7 });
    expect(error.code).toBe(7);
  });
});
