import { inspect } from "node:util";
import { describe, expect, inject, it } from "vitest";
import {
  AuthenticationError,
  createMiddletwinClient,
  MiddletwinError,
  ServerError,
  SpecforgeError,
} from "../src/index.js";
import { localServer, recorder } from "./helpers.js";

const baseUrl = inject("mockUrls").middletwin!;
const PUBLIC_KEY = "pk_live_4b1d9e7a2c";
const SECRET_KEY = "sk_live_Q8v+3mZ/x1Yp0rTq";
const endpoint = `${baseUrl}/dart/core`;
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("keys on the wire", () => {
  it("sends X-Apikey = publicKey and X-SecretKey = secretKey on keyed actions, and the action in the body", async () => {
    const wire = recorder();
    const mt = createMiddletwinClient({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl, fetch: wire.fetch });
    const page = await mt.get_all_members({ limit: 2, offset: 0 });
    expect(page.members.length).toBeGreaterThan(0);
    expect(wire.requests).toHaveLength(1);
    const request = wire.requests[0]!;
    expect(request.method).toBe("POST");
    expect(new URL(request.url).pathname).toBe("/dart/core");
    expect(request.headers.get("x-apikey")).toBe(PUBLIC_KEY);
    expect(request.headers.get("x-secretkey")).toBe(SECRET_KEY);
    expect(request.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await request.json()).toEqual({ action: "get_all_members", limit: 2, offset: 0 });
  });

  it("sends no keys to portal actions, and a client without keys can call them", async () => {
    const wire = recorder();
    const keyed = createMiddletwinClient({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl, fetch: wire.fetch });
    const { tenant } = await keyed.call("get_tenant", { subdomain: "demo" });
    expect(tenant.id).toBeTypeOf("string");
    expect(wire.requests[0]!.headers.has("x-apikey")).toBe(false);
    expect(wire.requests[0]!.headers.has("x-secretkey")).toBe(false);

    const anonymousWire = recorder();
    const anonymous = createMiddletwinClient({ baseUrl, fetch: anonymousWire.fetch });
    expect((await anonymous.get_tenant({ subdomain: "demo" })).tenant.subdomain).toBe("demo");
    const { member } = await anonymous.lookup_member({ tenant: tenant.id, username: "ada@example.org" });
    expect(member.email).toBe("ada@example.org");
    for (const r of anonymousWire.requests) expect([...r.headers.keys()].filter((k) => k.startsWith("x-"))).toEqual([]);
  });

  it("a keyed action without keys is a 401: AuthenticationError and MiddletwinError", async () => {
    const anonymous = createMiddletwinClient({ baseUrl });
    const error = await anonymous.get_all_members({ limit: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toBeInstanceOf(MiddletwinError);
    expect(error).toBeInstanceOf(SpecforgeError);
    const e = error as MiddletwinError;
    expect(e.status).toBe(401);
    expect(e.action).toBe("get_all_members");
    expect(e.attempts).toBe(1);
  });

  it("refuses half a key pair", () => {
    expect(() => createMiddletwinClient({ publicKey: PUBLIC_KEY, baseUrl })).toThrow(TypeError);
    expect(() => createMiddletwinClient({ secretKey: SECRET_KEY, baseUrl })).toThrow(TypeError);
  });
});

describe("the mock answers like the real API (the issue's curl checks)", () => {
  it("get_tenant without keys: 200 with a tenant", async () => {
    const response = await post({ action: "get_tenant", subdomain: "demo" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body).toMatchObject({ success: true, tenant: { subdomain: "demo" } });
  });

  it("get_all_members without keys: 401 in the envelope", async () => {
    const response = await post({
      action: "get_all_members",
      limit: "25",
      offset: "0",
      orderby: "lname",
      nostatus: "true",
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as any;
    expect(body.success).toBe(false);
    expect(body.errorMessage).toBe("Unauthorized");
  });

  it("get_all_members with keys: members (a differently shaped body than get_tenant)", async () => {
    const response = await post(
      { action: "get_all_members", limit: "25", offset: "0", orderby: "lname", nostatus: "true" },
      { "X-Apikey": PUBLIC_KEY, "X-SecretKey": SECRET_KEY },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.success).toBe(true);
    expect(Array.isArray(body.members)).toBe(true);
    expect(body).not.toHaveProperty("tenant");
  });

  it("an unknown action: success false with an errorMessage naming the action", async () => {
    const response = await post({ action: "no_such_action" }, { "X-Apikey": PUBLIC_KEY, "X-SecretKey": SECRET_KEY });
    const body = (await response.json()) as any;
    expect(body.success).toBe(false);
    expect(body.errorMessage).toContain("no_such_action");
  });
});

describe("envelope failures", () => {
  it("success:false with HTTP 200 throws MiddletwinError with action and errorMessage; keys never leak", async () => {
    const server = await localServer((hit) => {
      const { action } = JSON.parse(hit.body) as { action: string };
      // The second action echoes the caller's keys back, as a careless server might.
      const message =
        action === "get_member" ? "Member not found" : `Member not found (keys ${PUBLIC_KEY} / ${SECRET_KEY})`;
      return { status: 200, body: { success: false, errorMessage: message } };
    });
    try {
      const mt = createMiddletwinClient({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: server.url });
      const error = await mt.get_member({ id: "1003" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MiddletwinError);
      const e = error as MiddletwinError;
      expect(e.action).toBe("get_member");
      expect(e.errorMessage).toBe("Member not found");
      expect(e.status).toBe(200);
      expect(e.kind).toBe("api");
      expect(e.message).toContain("Member not found");

      const echoed = (await mt
        .lookup_member({ tenant: "t_42", username: "x@example.org" })
        .catch((x: unknown) => x)) as MiddletwinError;
      expect(echoed).toBeInstanceOf(MiddletwinError);
      expect(echoed.action).toBe("lookup_member");
      for (const error of [e, echoed]) {
        for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 8 }), String(error.stack)]) {
          expect(text).not.toContain(PUBLIC_KEY);
          expect(text).not.toContain(SECRET_KEY);
        }
      }
      expect(echoed.errorMessage).toContain("[redacted]");
    } finally {
      await server.close();
    }
  });
});

describe("pagination", () => {
  it("paginate.get_all_members({limit: 2}) crosses three pages of the mock and stops", async () => {
    const wire = recorder();
    const mt = createMiddletwinClient({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl, fetch: wire.fetch });
    const ids: string[] = [];
    for await (const member of mt.paginate.get_all_members({ limit: 2 })) ids.push(member.id);
    expect(ids).toEqual(["1001", "1002", "1003", "1004", "1005"]);
    expect(wire.requests).toHaveLength(3);
    const bodies = (await Promise.all(wire.requests.map((r) => r.json()))) as any[];
    expect(bodies.map((b) => [b.limit, b.offset])).toEqual([
      [2, 0],
      [2, 2],
      [2, 4],
    ]);
  });
});

describe("retries", () => {
  it("retries read actions on 503 (3 attempts), never a create (1 attempt)", async () => {
    const server = await localServer(() => ({
      status: 503,
      body: { success: false, errorMessage: "Service Unavailable" },
    }));
    try {
      const mt = createMiddletwinClient({
        publicKey: PUBLIC_KEY,
        secretKey: SECRET_KEY,
        baseUrl: server.url,
        retry: { initialDelayMs: 5 },
      });
      const read = await mt.get_member({ id: "1003" }).catch((e: unknown) => e);
      expect(read).toBeInstanceOf(ServerError);
      expect((read as MiddletwinError).attempts).toBe(3);
      expect(server.hits.map((h) => JSON.parse(h.body).action)).toEqual(["get_member", "get_member", "get_member"]);

      server.hits.length = 0;
      const create = await mt
        .create_member({ fname: "Katherine", lname: "Johnson", email: "katherine@example.org" })
        .catch((e: unknown) => e);
      expect(create).toBeInstanceOf(ServerError);
      expect(create).toBeInstanceOf(MiddletwinError);
      expect((create as MiddletwinError).attempts).toBe(1);
      expect(server.hits).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
