// @specforge/mock/msw under msw/node's setupServer, with plain fetch (the client packages' own
// tests and e2e call it through the clients): options, the mock's own endpoints, clear errors.
import fs from "node:fs";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain .mjs module
import { createMockHandlers } from "../src/msw/node.mjs";
// @ts-expect-error: plain .mjs module
import { resolveMockApis } from "../src/index.mjs";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const view = (api: string) =>
  JSON.parse(fs.readFileSync(resolveMockApis([api], { companions: false })[0].mockView, "utf8"));
const AUTH = { authorization: "a".repeat(64), "content-type": "application/json" };
const BASE = "https://mock.test/api";

describe("createMockHandlers", () => {
  it("serves at baseUrl; the mock's own endpoints tell the state and reset it", async () => {
    const mock = createMockHandlers("trustedtwin", { baseUrl: BASE });
    server.resetHandlers(...mock.handlers);
    const before = await (await fetch(`${BASE}/__specforge/state`)).json();
    expect(before).toMatchObject({ stateless: false, maxItems: 100_000 });
    const created = await fetch(`${BASE}/twins`, { method: "POST", headers: AUTH, body: "{}" });
    expect(created.status).toBe(201);
    expect((await (await fetch(`${BASE}/__specforge/state`)).json()).items).toBe(before.items + 1);
    expect((await fetch(`${BASE}/__specforge/reset`, { method: "POST" })).status).toBe(204);
    expect((await (await fetch(`${BASE}/__specforge/state`)).json()).items).toBe(before.items);
    expect(mock.state.store.size).toBe(before.items);
  });

  it("stateless: answers the spec's example, as the server mock with --stateless does", async () => {
    const mock = createMockHandlers(view("trustedtwin"), { baseUrl: BASE, stateless: true });
    server.resetHandlers(...mock.handlers);
    expect(mock.state).toBeUndefined();
    const res = await fetch(`${BASE}/twins/00000000-0000-4000-8000-000000000000`, { headers: AUTH });
    expect(res.status).toBe(200);
  });

  it("takes a seed as startMock does, and names an API it does not serve", async () => {
    expect(() => createMockHandlers("middletwin", { seed: { nosuchapi: {} } })).toThrow(
      /nosuchapi is not served here \(served: middletwin\)/,
    );
    const mock = createMockHandlers("middletwin", { seed: { middletwin: {} } });
    expect(mock.states).toHaveLength(1);
  });

  it("refuses what is not a mock view, saying what to pass", () => {
    expect(() => createMockHandlers({ paths: {} })).toThrow(/give an API's mock view/);
  });
});
