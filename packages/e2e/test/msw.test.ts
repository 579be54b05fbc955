// The in-process mock (@specforge/mock/msw) under MSW's setupServer, called by the real clients:
// the same state, auth, bad-input answers and reset as the server mock, for each API.
import { createMidaxoClient } from "@specforge/midaxo";
import { createMiddletwinClient } from "@specforge/middletwin";
import { createTrustedTwinClient, NotFoundError } from "@specforge/trustedtwin";
import { createMockHandlers } from "@specforge/mock/msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const tt = createMockHandlers("trustedtwin");
const mt = createMockHandlers("middletwin");
const mx = createMockHandlers("midaxo");
const server = setupServer(...tt.handlers, ...mt.handlers, ...mx.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  tt.reset();
  mt.reset();
  mx.reset();
});
afterAll(() => server.close());

describe("Trusted Twin handlers", () => {
  const client = () => createTrustedTwinClient({ secret: "dev-secret" });

  it("create, read back, 404 for an unknown twin; reset() forgets the twin", async () => {
    const twin = await client().create_twin({ body: { description: { serial: "AB123" } } });
    const id = twin.creation_certificate.uuid;
    const read = await client().get_twin({ path: { twin: id } });
    expect(read.creation_certificate.uuid).toBe(id);
    expect(read.description).toEqual({ serial: "AB123" });
    await expect(client().get_twin({ path: { twin: "00000000-0000-4000-8000-000000000000" } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    tt.reset();
    await expect(client().get_twin({ path: { twin: id } })).rejects.toMatchObject({ status: 404 });
  });

  it("answers a request without credentials with the spec's 401, in the provider's error shape", async () => {
    const res = await fetch("https://rest.trustedtwin.com/twins", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(401);
    expect(Object.keys(await res.json()).sort()).toEqual(["description", "subcode", "trace"]);
  });

  it("answers bad input as the server mock's router does (x-mock.badInput)", async () => {
    const res = await fetch("https://rest.trustedtwin.com/twins", {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json", authorization: "dev-secret" },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.description).toMatch(/^Request body is not valid JSON/);
  });
});

describe("middletwin handlers (RPC)", () => {
  const client = () => createMiddletwinClient({ publicKey: "public", secretKey: "secret" });

  it("a created member is read back and listed; reset() forgets it; an unknown action answers the provider's envelope", async () => {
    const created = await client().create_member({ fname: "Ada", lname: "Byron", email: "ada@example.org" });
    const { member } = await client().get_member({ id: created.id });
    expect(member).toMatchObject({ fname: "Ada", lname: "Byron" });
    const listed = await client().get_all_members({ limit: 100 });
    expect(listed.members.map((m) => m.lname)).toContain("Byron");
    mt.reset();
    expect((await client().get_all_members({ limit: 100 })).members.map((m) => m.lname)).not.toContain("Byron");
    const res = await fetch("https://app.middletwin.com/dart/core", {
      method: "POST",
      headers: { "content-type": "application/json", "x-apikey": "k", "x-secretkey": "s" },
      body: JSON.stringify({ action: "no_such_action" }),
    });
    expect(await res.json()).toEqual({ success: false, errorMessage: "Unknown action: no_such_action" });
  });
});

describe("Midaxo handlers (with its token endpoint)", () => {
  it("the client gets a token from midaxo-oauth's handler, then pages through the processes", async () => {
    const midaxo = createMidaxoClient({ region: "eu", clientId: "id", clientSecret: "secret" });
    const names: string[] = [];
    for await (const p of midaxo.paginate.list_processes({ query: { first: 1 } })) names.push(p.name);
    expect(names.length).toBeGreaterThan(1);
    expect(mx.states).toHaveLength(2); // the API and its token endpoint
  });
});
