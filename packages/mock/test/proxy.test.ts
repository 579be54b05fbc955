// The validating proxy against an upstream that drifts from the spec in the six named ways
// (missing required field, wrong type, undeclared status, wrong content type, extra action field,
// a 200 with an error envelope where the spec says 4xx): each drift is reported with its operation
// (or action) and location, printed as one line, written to the report and found again when the
// report is replayed; nothing else is reported, and the app receives exactly what upstream sent.
import fs from "node:fs";
import http from "node:http";
import zlib from "node:zlib";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, startMocks, runTour, resolveMockApis } from "../src/index.mjs";
import { runProxyCli } from "../src/proxy/cli.mjs";
import { rawRequest, startDriftUpstream, type Drift } from "./drift-upstream.js";

type Violation = { operation: string; location: string; expected: string; actual: string; rule: string };

const ERROR_BODY_OF = (api: string, code: string) => {
  const view = JSON.parse(fs.readFileSync(resolveMockApis([api], { companions: false })[0].mockView, "utf8"));
  const ref = view.components.responses.NotFound ?? view.paths["/twins/{twin}"].get.responses[code];
  return JSON.stringify(Object.values<any>(ref.content["application/json"].examples)[0].value);
};

/** The planted drifts: the operation, what the upstream does, and what the proxy must say. */
const DRIFTS: Array<{
  name: string;
  api: string;
  operation: string;
  location: string;
  expected: RegExp;
  when: (x: Parameters<Drift>[0]) => boolean;
  change: Drift;
}> = [
  {
    name: "a missing required field",
    api: "trustedtwin",
    operation: "get_twin",
    location: "response body /status",
    expected: /required/,
    when: (x) => x.method === "GET" && /^\/twins\/[^/]+$/.test(x.path),
    change: (_x, a) => ({ ...a, body: JSON.stringify({ ...JSON.parse(a.body), status: undefined }) }),
  },
  {
    name: "a wrong type",
    api: "middletwin",
    operation: "get_all_members",
    location: "response body /members/0/id",
    expected: /type string/,
    when: (x) => x.json?.action === "get_all_members",
    change: (_x, a) => {
      const body = JSON.parse(a.body);
      body.members[0].id = Number(body.members[0].id);
      return { ...a, body: JSON.stringify(body) };
    },
  },
  {
    name: "an undeclared status",
    api: "trustedtwin",
    operation: "who_am_i",
    location: "response status",
    expected: /one of 200/,
    when: (x) => x.path === "/whoami",
    change: (_x, a) => ({ ...a, status: 418 }),
  },
  {
    name: "a wrong content type",
    api: "trustedtwin",
    operation: "get_account",
    location: "response content-type",
    expected: /application\/json/,
    when: (x) => x.method === "GET" && x.path === "/account",
    change: (_x, a) => ({
      ...a,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: "<html><body>Account</body></html>",
    }),
  },
  {
    name: "an extra action field",
    api: "middletwin",
    operation: "get_tenant",
    location: "response body /members",
    expected: /no such field in get_tenant's answer/,
    when: (x) => x.json?.action === "get_tenant",
    change: (_x, a) => ({ ...a, body: JSON.stringify({ ...JSON.parse(a.body), members: [] }) }),
  },
  {
    name: "a 200 with an error body where the spec says 4xx",
    api: "trustedtwin",
    operation: "get_user",
    location: "response status",
    expected: /^4\d\d for this error body/,
    when: (x) => x.method === "GET" && /^\/users\/[^/]+$/.test(x.path),
    change: (_x, a) => ({ ...a, status: 200, body: ERROR_BODY_OF("trustedtwin", "404") }),
  },
  {
    name: "a 200 with an error envelope where the spec says 401",
    api: "middletwin",
    operation: "get_event",
    location: "response status",
    expected: /^401 for a request without its credentials/,
    when: (x) => x.json?.action === "get_event" && !x.headers["x-apikey"],
    change: (_x, a) => ({ ...a, status: 200 }),
  },
];

const ENV = {
  TRUSTEDTWIN_SECRET: "tt-secret-for-the-drift-test",
  MIDDLETWIN_PUBLIC_KEY: "mt-public-key-1234",
  MIDDLETWIN_SECRET_KEY: "mt-secret-key-5678",
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-proxy-"));
let mocks: { urls: Record<string, string>; stop(): Promise<void> };
let upstream: Awaited<ReturnType<typeof startDriftUpstream>>;
const proxies: Record<string, any> = {};
const lines: Record<string, string[]> = { trustedtwin: [], middletwin: [] };
const tours: Record<string, any> = {};

beforeAll(async () => {
  // The drifts are planted on the spec's own examples (the stateless mock).
  mocks = await startMocks({ apis: ["trustedtwin", "middletwin"], ports: 0, stateless: true });
  upstream = await startDriftUpstream(mocks.urls, (x, a) =>
    DRIFTS.find((d) => d.api === x.api && d.when(x))?.change(x, a),
  );
  for (const api of ["trustedtwin", "middletwin"]) {
    proxies[api] = await startMock({
      api,
      upstream: `${upstream.url}/${api}`,
      port: 0,
      report: path.join(tmp, `${api}.json`),
      log: (l: string) => lines[api].push(l),
    });
    const view = JSON.parse(fs.readFileSync(resolveMockApis([api], { companions: false })[0].mockView, "utf8"));
    tours[api] = await runTour({ proxy: proxies[api].proxy, view, api, env: ENV, log: () => {} });
  }
  // The one drift the tour cannot reach: a request without keys (the tour sends them).
  await fetch(`${proxies.middletwin.url}/dart/core`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ action: "get_event", id: "e1" }),
  });
  await proxies.middletwin.proxy.settled();
});

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((p) => p.stop()));
  await upstream?.stop();
  await mocks?.stop();
  if (!process.env.KEEP_PROXY_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the validating proxy against a drifted upstream", () => {
  for (const drift of DRIFTS) {
    it(`reports ${drift.name}: ${drift.operation}, ${drift.location}`, () => {
      const found: Violation[] = proxies[drift.api].proxy.exchanges.flatMap(
        (x: { violations: Violation[] }) => x.violations,
      );
      const hit = found.find((v) => v.operation === drift.operation && v.location === drift.location);
      expect(hit, `${drift.operation} ${drift.location} in ${JSON.stringify(found, null, 1)}`).toBeDefined();
      expect(hit!.expected).toMatch(drift.expected);
      // One printed line names the operation, the location, what the spec says and what came back.
      expect(lines[drift.api]).toContain(
        `${hit!.operation}: ${hit!.location}: spec says ${hit!.expected}; got ${hit!.actual}`,
      );
    });
  }

  it("reports nothing else: every other operation of the tour conforms", () => {
    for (const api of ["trustedtwin", "middletwin"]) {
      const planted = new Set(DRIFTS.filter((d) => d.api === api).map((d) => d.operation));
      const violating = tours[api].results
        .filter((r: { violations: unknown[] }) => r.violations.length)
        .map((r: { operation: string }) => r.operation);
      expect(
        violating.filter((op: string) => !planted.has(op)),
        api,
      ).toEqual([]);
      expect(tours[api].called).toBeGreaterThan(10);
    }
  });

  it("passes credentials through as the client sent them", async () => {
    const raw = "Bearer  odd-casing-and-spacing==";
    await fetch(`${proxies.trustedtwin.url}/whoami`, { headers: { Authorization: raw, "X-Custom": "kept" } });
    await proxies.trustedtwin.proxy.settled();
    const last = upstream.received.at(-1)!;
    const header = (name: string) => last[last.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === name) + 1];
    expect(header("authorization")).toBe(raw);
    expect(header("x-custom")).toBe("kept");
  });

  it("passes every answer through unchanged: status, reason, headers and bytes", async () => {
    for (const [p, body] of [
      ["/whoami", undefined],
      ["/account", undefined],
      ["/nowhere/at/all", undefined],
    ] as const) {
      const headers = { authorization: ENV.TRUSTEDTWIN_SECRET };
      const direct = await rawRequest(`${upstream.url}/trustedtwin/`, "GET", `.${p}`, headers, body);
      const proxied = await rawRequest(proxies.trustedtwin.url, "GET", p, headers, body);
      const strip = (h: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(h).filter(([k]) => !["date", "connection", "keep-alive", "transfer-encoding"].includes(k)),
        );
      expect(proxied.status).toBe(direct.status);
      expect(proxied.statusMessage).toBe(direct.statusMessage);
      expect(strip(proxied.headers)).toEqual(strip(direct.headers));
      expect(proxied.body.equals(direct.body)).toBe(true);
    }
  });

  it("writes a report on stop that a maintainer can replay without credentials (--check-report)", async () => {
    // Its own request to a path the spec does not have (whatever ran before), then the report of everything.
    await fetch(`${proxies.trustedtwin.url}/nowhere/at/all`, { headers: { authorization: ENV.TRUSTEDTWIN_SECRET } });
    await proxies.trustedtwin.proxy.settled();
    await proxies.trustedtwin.stop();
    const file = path.join(tmp, "trustedtwin.json");
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(report.format).toBe("specforge-proxy-report/1");
    // The planted drifts, and the request above to a path the spec does not have.
    const violating = new Set(
      report.exchanges
        .filter((x: { violations: unknown[] }) => x.violations.length)
        .map((x: { operation: string }) => x.operation),
    );
    expect([...violating].sort()).toEqual(
      [...DRIFTS.filter((d) => d.api === "trustedtwin").map((d) => d.operation), "GET /nowhere/at/all"].sort(),
    );
    expect(fs.readFileSync(file, "utf8")).not.toContain(ENV.TRUSTEDTWIN_SECRET);
    const out: string[] = [];
    const code = await runProxyCli(["--check-report", file], {
      out: (l: string) => out.push(l),
      err: (l: string) => out.push(l),
    });
    expect(code).toBe(1);
    for (const drift of DRIFTS.filter((d) => d.api === "trustedtwin")) {
      expect(
        out.some((l) => l.startsWith(`${drift.operation}: ${drift.location}: spec says`)),
        `${drift.operation} in\n${out.join("\n")}`,
      ).toBe(true);
    }
    expect(out.at(-1)).toMatch(/^check-report trustedtwin: \d+ exchanges replayed/);
  });

  it("keeps bodies out of the report with bodies: false, and still replays status and content type", async () => {
    const file = path.join(tmp, "no-bodies.json");
    const proxy = await startMock({
      api: "trustedtwin",
      upstream: `${upstream.url}/trustedtwin`,
      port: 0,
      report: file,
      bodies: false,
      log: () => {},
    });
    await fetch(`${proxy.url}/whoami`, { headers: { authorization: ENV.TRUSTEDTWIN_SECRET } });
    await fetch(`${proxy.url}/twins/3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90`, {
      headers: { authorization: ENV.TRUSTEDTWIN_SECRET },
    });
    await proxy.stop();
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(report.exchanges.every((x: object) => !("responseBody" in x) && !("requestBody" in x))).toBe(true);
    const out: string[] = [];
    await runProxyCli(["trustedtwin", "--check-report", file], {
      out: (l: string) => out.push(l),
      err: (l: string) => out.push(l),
    });
    expect(out).toContain("who_am_i: response status: spec says one of 200, 401, 403, 500; got 418");
    expect(
      out.some((l) =>
        l.startsWith("get_twin: response body /status: spec says a required field; got missing (recorded;"),
      ),
    ).toBe(true);
  });
});

describe("compressed answers", () => {
  it("reach the app still compressed, and are checked decompressed", async () => {
    const whoami = JSON.parse(
      fs.readFileSync(resolveMockApis(["trustedtwin"], { companions: false })[0].mockView, "utf8"),
    ).paths["/whoami"].get.responses["200"];
    const good = Object.values<any>(whoami.content["application/json"].examples)[0].value;
    const bodies: Record<string, Buffer> = {
      "/whoami": zlib.gzipSync(JSON.stringify(good)),
      "/account": zlib.gzipSync(JSON.stringify({ unexpected: true })),
    };
    const server = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(bodies[req.url!] ?? bodies["/whoami"]);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const proxy = await startMock({
      api: "trustedtwin",
      upstream: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      port: 0,
      log: () => {},
    });
    try {
      const raw = await rawRequest(proxy.url, "GET", "/whoami", {
        authorization: "a-secret-value",
        "accept-encoding": "gzip",
      });
      expect(raw.headers["content-encoding"]).toBe("gzip");
      expect(raw.body.equals(bodies["/whoami"])).toBe(true);
      await rawRequest(proxy.url, "GET", "/account", { authorization: "a-secret-value", "accept-encoding": "gzip" });
      await proxy.proxy.settled();
      const [whoamiExchange, accountExchange] = proxy.proxy.exchanges;
      expect(whoamiExchange.violations).toEqual([]);
      // Checked as JSON (missing fields named), not refused as bytes that are not JSON.
      expect(accountExchange.violations.length).toBeGreaterThan(0);
      for (const v of accountExchange.violations) expect(v.location).toMatch(/^response body \/\w+/);
    } finally {
      await proxy.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
