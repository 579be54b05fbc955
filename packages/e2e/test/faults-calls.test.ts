/**
 * Fault injection, continued (faults.test.ts has the retries, timeouts and bodies): each
 * provider's own error fields, non-idempotent calls sent once unless retryNonIdempotent says
 * otherwise, and per-client against per-call settings.
 */
import { ApiError, AuthenticationError, NetworkError, ServerError } from "@specforge/runtime";
import { TrustedTwinError } from "@specforge/trustedtwin";
import { MiddletwinError } from "@specforge/middletwin";
import { describe, expect, it } from "vitest";
import { json, reset, type FaultServer, type Step } from "./fault-server.js";
import { setup, expectTyped } from "./fault-setup.js";
import { connect, DRIVEN, failure, GENERIC, PROVIDERS } from "./providers.js";

describe.concurrent("provider specifics", () => {
  it("trustedtwin: TrustedTwinError keeps subcode, description and trace next to the shared fields", async (ctx) => {
    const { server, client } = await setup(ctx, "trustedtwin");
    server.script(
      ...Array<Step>(3).fill(json(503, { subcode: 503001, description: "Service unavailable.", trace: "abc-trace" })),
    );
    const { error } = await failure(() => client.read());
    expect(error).toBeInstanceOf(TrustedTwinError);
    expect(error).toBeInstanceOf(ServerError);
    const e = error as TrustedTwinError;
    expect([e.subcode, e.description, e.trace, e.requestId, e.attempts, e.status]).toEqual([
      503001,
      "Service unavailable.",
      "abc-trace",
      "abc-trace",
      3,
      503,
    ]);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ subcode: 503001, trace: "abc-trace", attempts: 3 });
  });

  it("middletwin: success:false in a 200 is ApiError with the action and errorMessage, not retried", async (ctx) => {
    const { server, client } = await setup(ctx, "middletwin");
    server.script(json(200, { success: false, errorMessage: "Member not found" }, { "x-request-id": "mt-1" }));
    const { error } = await failure(() => client.read());
    expect(error).toBeInstanceOf(MiddletwinError);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as MiddletwinError;
    expect([e.action, e.errorMessage, e.status, e.attempts, e.requestId]).toEqual([
      "get_member",
      "Member not found",
      200,
      1,
      "mt-1",
    ]);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ action: "get_member", id: "1001" });
    expect(server.requests).toHaveLength(1);
  });

  it("midaxo: one token for many calls, sent raw in Authorization; the token request carries the client credentials", async (ctx) => {
    const { server, client } = await setup(ctx, "midaxo");
    server.script(json(503, {}));
    await Promise.all([client.read(), client.read(), client.read()]);
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.requests).toHaveLength(4);
    expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(new Set(server.tokens));
    const form = new URLSearchParams(server.tokenRequests[0]!.body);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("client_secret")).toBe(client.secrets[1]);
  });

  it("midaxo: a failing token endpoint is a MidaxoError of the token operation", async (ctx) => {
    const { server, client } = await setup(ctx, "midaxo");
    server.scriptToken(json(401, { error: "invalid_client", error_description: "Unknown client" }));
    const { error } = await failure(() => client.read());
    const e = expectTyped(error, client);
    expect(e).toBeInstanceOf(AuthenticationError);
    expect([e.operation, e.status, e.message]).toEqual([
      "create_token",
      401,
      "create_token: HTTP 401 Unauthorized: Unknown client",
    ]);
    expect(server.requests).toHaveLength(0);
  });
});

/** The providers whose API has a non-idempotent call to drive (Midaxo's has none), by either driver. */
const creators = PROVIDERS.filter(
  (name) =>
    (DRIVEN.includes(name) || !(GENERIC.get(name) instanceof Error)) &&
    connect(name, { url: "http://127.0.0.1:9" } as FaultServer).create,
);

describe.concurrent("non-idempotent calls", () => {
  it("at least one provider has a create to drive", () => {
    expect(creators.length).toBeGreaterThan(0);
  });

  for (const name of creators) {
    it(`${name}: a create is sent exactly once on a 503`, async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(json(503, { message: "busy" }), json(201, {}));
      const { error } = await failure(() => client.create!());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(ServerError);
      expect(e.attempts).toBe(1);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.method).toBe("POST");
    });

    it(`${name}: a create is sent once on a reset too`, async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(reset());
      const { error } = await failure(() => client.create!());
      expect(error).toBeInstanceOf(NetworkError);
      expect(server.requests).toHaveLength(1);
    });

    it(`${name}: with retryNonIdempotent the create is retried, the body sent intact each time`, async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(json(503, {}), reset(), json(200, { success: true, errorMessage: "", id: "new-1", uuid: "new-1" }));
      await client.create!({ retryNonIdempotent: true });
      expect(server.requests).toHaveLength(3);
      const bodies = server.requests.map((r) => r.body);
      expect(new Set(bodies).size).toBe(1);
      expect(bodies[0]!.length).toBeGreaterThan(10);
      expect(
        server.requests.every((r) => r.method === "POST" && r.headers["content-type"] === "application/json"),
      ).toBe(true);
    });

    it(`${name}: retryNonIdempotent set on the client applies to every call`, async (ctx) => {
      const { server, client } = await setup(ctx, name, { retryNonIdempotent: true });
      server.script(json(502, {}));
      await client.create!();
      expect(server.requests).toHaveLength(2);
    });
  }
});

describe.concurrent("per-client and per-call settings", () => {
  it("a call's retry settings override the client's", async (ctx) => {
    const { server, client } = await setup(ctx, "trustedtwin", { maxRetries: 0 });
    server.script(json(500, {}), json(500, {}), json(500, {}), json(500, {}));
    await failure(() => client.read());
    expect(server.requests).toHaveLength(1);
    const { error } = await failure(() => client.read({ retry: { maxRetries: 2 } }));
    expect((error as ServerError).attempts).toBe(3);
    expect(server.requests).toHaveLength(4);
  });
});
