// The differential test of issue 32: one scenario per API, run against the server mock (Prism behind
// the router, in child processes) and against the in-process MSW handlers (@specforge/mock/msw) on
// a fresh state each. Status and body must be equal, generated ids (mapped to placeholders in order
// of appearance) aside. Where they differ by design it is one documented limit: the words of a
// schema violation (Prism's validator and ours phrase them differently; the field and status match).
import { startMocks } from "@specforge/mock";
import { createMockHandlers } from "@specforge/mock/msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Step = {
  name: string;
  method: string;
  path: string | ((ids: string[]) => string);
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
  /** Takes the created id from this step's answer. */
  id?: (body: any) => string;
  /** The error body's field whose words are the validator's own (the documented limit). */
  wordsIn?: string;
};
type Scenario = { api: string; steps: Step[] };

const JSON_CT = { "content-type": "application/json" };
const TT = { ...JSON_CT, authorization: "a".repeat(64) };
const MT = { ...JSON_CT, "x-apikey": "public", "x-secretkey": "secret" };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

const SCENARIOS: Scenario[] = [
  {
    api: "trustedtwin",
    steps: [
      {
        name: "create",
        method: "POST",
        path: "/twins",
        headers: TT,
        body: { description: { serial: "AB1" } },
        id: (b) => b.creation_certificate.uuid,
      },
      { name: "read", method: "GET", path: (ids) => `/twins/${ids[0]}`, headers: TT },
      {
        name: "update",
        method: "PATCH",
        path: (ids) => `/twins/${ids[0]}`,
        headers: TT,
        body: { description: { serial: "CD2" } },
      },
      { name: "read after update", method: "GET", path: (ids) => `/twins/${ids[0]}`, headers: TT },
      { name: "list", method: "GET", path: "/twins", headers: TT },
      { name: "delete", method: "DELETE", path: (ids) => `/twins/${ids[0]}`, headers: TT },
      { name: "not found", method: "GET", path: `/twins/${UNKNOWN}`, headers: TT },
      { name: "bad input: not JSON", method: "POST", path: "/twins", headers: TT, raw: "{not json" },
      { name: "bad input: unknown path", method: "GET", path: "/no-such-thing", headers: TT },
      {
        name: "bad input: schema",
        method: "POST",
        path: "/twins",
        headers: TT,
        body: { description: 5 },
        wordsIn: "description",
      },
      { name: "401", method: "GET", path: (ids) => `/twins/${ids[0]}`, headers: JSON_CT },
    ],
  },
  {
    api: "middletwin",
    steps: [
      {
        name: "create",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: { action: "create_member", fname: "Ada", lname: "Byron", email: "ada@example.org" },
        id: (b) => String(b.id),
      },
      {
        name: "read",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: (ids: string[]) => ({ action: "get_member", id: ids[0] }),
      },
      {
        name: "update",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: (ids: string[]) => ({ action: "update_member", id: ids[0], lname: "Lovelace" }),
      },
      {
        name: "read after update",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: (ids: string[]) => ({ action: "get_member", id: ids[0] }),
      },
      {
        name: "list",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: { action: "get_all_members", limit: 2, offset: 1 },
      },
      {
        name: "delete",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: (ids: string[]) => ({ action: "delete_member", id: ids[0] }),
      },
      {
        name: "not found",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: (ids: string[]) => ({ action: "get_member", id: ids[0] }),
      },
      {
        name: "bad input: unknown action",
        method: "POST",
        path: "/dart/core",
        headers: MT,
        body: { action: "no_such_action" },
      },
      { name: "bad input: not JSON", method: "POST", path: "/dart/core", headers: MT, raw: "garbage" },
      { name: "401", method: "POST", path: "/dart/core", headers: JSON_CT, body: { action: "get_all_members" } },
    ],
  },
  {
    // Midaxo's API is read-only (no create, update or delete in its spec): reads, pages, a 404, bad input, a 401.
    api: "midaxo",
    steps: [
      { name: "list", method: "GET", path: "/processes", headers: { authorization: "token" } },
      { name: "list, a page", method: "GET", path: "/processes?first=1", headers: { authorization: "token" } },
      {
        name: "read",
        method: "GET",
        path: "/processes/7c1e4a52-3b9d-4f0e-a6d2-1f8b9c0e5a71",
        headers: { authorization: "token" },
      },
      { name: "not found", method: "GET", path: `/processes/${UNKNOWN}`, headers: { authorization: "token" } },
      { name: "bad input: wrong method", method: "DELETE", path: "/processes", headers: { authorization: "token" } },
      { name: "401", method: "GET", path: "/processes", headers: {} },
    ],
  },
];

type Answer = { status: number; body: unknown };

async function run(base: string, scenario: Scenario): Promise<Record<string, Answer>> {
  const ids: string[] = [];
  const out: Record<string, Answer> = {};
  for (const step of scenario.steps) {
    const path = typeof step.path === "function" ? step.path(ids) : step.path;
    const body = typeof step.body === "function" ? (step.body as (ids: string[]) => unknown)(ids) : step.body;
    const res = await fetch(base + path, {
      method: step.method,
      headers: step.headers,
      body: step.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    if (step.id && res.status < 300) ids.push(step.id(parsed));
    if (step.wordsIn && parsed && typeof parsed === "object" && step.wordsIn in parsed)
      (parsed as Record<string, unknown>)[step.wordsIn] = "<the validator's words>";
    out[step.name] = { status: res.status, body: parsed };
  }
  // Generated ids to placeholders, in order of appearance.
  let json = JSON.stringify(out);
  ids.forEach((id, i) => {
    json = json.split(JSON.stringify(id)).join(`"<id ${i}>"`).split(id).join(`<id ${i}>`);
  });
  return JSON.parse(json);
}

let mocks: Awaited<ReturnType<typeof startMocks>>;
const server = setupServer();
const IN_PROCESS = "https://in-process.mock.test";

beforeAll(async () => {
  mocks = await startMocks({ apis: SCENARIOS.map((s) => s.api), ports: 0 });
  // Requests to the server mocks (127.0.0.1) are not handled: they go to the network.
  server.listen({ onUnhandledRequest: "bypass" });
}, 180_000);
afterAll(async () => {
  server.close();
  await mocks?.stop();
});

describe("server mock vs in-process handlers", () => {
  it.each(SCENARIOS.map((s) => [s.api, s] as const))(
    "%s: the same status and body at every step",
    async (api, scenario) => {
      const mock = mocks.mocks.find((m) => m.api === api)!;
      await mock.reset();
      const served = await run(mock.url, scenario);
      const inProcess = createMockHandlers(api, { baseUrl: IN_PROCESS });
      server.resetHandlers(...inProcess.handlers);
      const handled = await run(IN_PROCESS, scenario);
      expect(handled).toEqual(served);
      // Each step answered what the scenario is about (so equality is not two equal failures).
      expect(Object.values(served).map((a) => a.status)).not.toContain(500);
      expect(served.read?.status ?? 200).toBe(200);
      expect(served["401"]?.status).toBe(401);
      if (served.update) expect(served["read after update"]).not.toEqual(served.read);
    },
  );
});
