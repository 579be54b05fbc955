// The read-only tour with the real mocks as upstream: every API's tour runs every read-only
// operation of its plan and finds 0 violations; nothing that changes data is sent without
// `allowWrites`; operations without credentials are skipped with the variable to set; the CLI
// prints the summary and exits 0.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, startMocks, runTour, resolveMockApis } from "../src/index.mjs";
import { setupMocks } from "../src/testing/index.mjs";
import { providerApis } from "./apis.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const APIS = providerApis();
const view = (api: string) =>
  JSON.parse(fs.readFileSync(resolveMockApis([api], { companions: false })[0].mockView, "utf8"));

/** A value for every credential variable the plan names (the mocks check presence, not value). */
function credentialsEnv(api: string) {
  const env: Record<string, string> = {};
  for (const step of view(api)["x-specforge-tour"])
    for (const c of step.credentials) env[c.env] = `${c.env.toLowerCase()}-value-for-the-tour`;
  return env;
}

let mocks: { urls: Record<string, string>; stop(): Promise<void> };
beforeAll(async () => {
  // The mocks as they answer with the spec's own examples. (The stateful store's answers are a
  // separate model: its identities list carries fields the list schema does not declare.)
  mocks = await startMocks({ apis: APIS, ports: 0, stateless: true });
});
afterAll(async () => {
  await mocks?.stop();
});

/** Runs an API's tour through a proxy in front of its mock; the lines it printed, its summary, what reached the mock. */
async function tour(api: string, options: { env: Record<string, string>; allowWrites?: boolean }) {
  const lines: string[] = [];
  const proxy = await startMock({ api, upstream: mocks.urls[api], port: 0, log: (l: string) => lines.push(l) });
  try {
    const summary = await runTour({
      proxy: proxy.proxy,
      view: view(api),
      api,
      ...options,
      log: (l: string) => lines.push(l),
    });
    return { lines, summary, exchanges: proxy.proxy.exchanges as Array<{ operation: string }> };
  } finally {
    await proxy.stop();
  }
}

describe("the tour against the mocks", () => {
  for (const api of APIS) {
    it(`${api}: every read-only operation conforms, and no write reaches the upstream`, async () => {
      const plan = view(api)["x-specforge-tour"];
      const { lines, summary, exchanges } = await tour(api, { env: credentialsEnv(api) });
      const reads = plan.filter((s: { readOnly: boolean }) => s.readOnly);
      expect(summary.called, lines.join("\n")).toBe(reads.length);
      expect(summary.violating, lines.join("\n")).toBe(0);
      expect(summary.conforming).toBe(reads.length);
      expect(summary.skipped.map((s: { operation: string }) => s.operation).sort()).toEqual(
        plan
          .filter((s: { readOnly: boolean }) => !s.readOnly)
          .map((s: { operation: string }) => s.operation)
          .sort(),
      );
      // Identifiers come from earlier answers where one fits (a listed item is fetched next).
      expect(summary.results.filter((r: { fromAnswers: string[] }) => r.fromAnswers.length).length).toBeGreaterThan(0);
      // What reached the upstream: only reads (GET, or an RPC action the spec marks idempotent).
      const readOps = new Set(reads.map((s: { operation: string }) => s.operation));
      for (const x of exchanges) expect(readOps.has(x.operation), x.operation).toBe(true);
      expect(lines[0]).toMatch(
        /^Tour of .*: \d+ read-only operations; \d+ that change data are skipped \(--allow-writes runs them\)\.$/,
      );
    });
  }

  it("skips an operation whose credentials are not set, naming the variable", async () => {
    const { summary } = await tour("middletwin", { env: {} });
    expect(summary.violating).toBe(0);
    expect(summary.called).toBeGreaterThan(0); // the portal actions need no keys
    expect(summary.skipped.find((s: { operation: string }) => s.operation === "get_all_members")?.reason).toBe(
      "needs credentials: set MIDDLETWIN_PUBLIC_KEY and MIDDLETWIN_SECRET_KEY",
    );
  });

  it("runs writes only with allowWrites, and says so before it starts", async () => {
    const { lines, summary, exchanges } = await tour("middletwin", {
      env: credentialsEnv("middletwin"),
      allowWrites: true,
    });
    expect(lines[0]).toMatch(
      /^WRITES ALLOWED: the tour of middletwin runs all \d+ operations through .*, including \d+ that can create, change or delete data/,
    );
    expect(summary.skipped).toEqual([]);
    expect(exchanges).toHaveLength(view("middletwin")["x-specforge-tour"].length); // the writes reached the upstream too
    expect(summary.violating, lines.join("\n")).toBe(0);
  });

  it("specforge-mock <api> --upstream <url> --tour --report: prints the summary, writes the report, exits 0", async () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "specforge-tour-")), "report.json");
    const env = { ...process.env, ...credentialsEnv("trustedtwin"), TRUSTEDTWIN_MOCK_PORT: "0" };
    const child = spawn(
      process.execPath,
      [
        path.join(here, "../src/serve/cli.mjs"),
        "trustedtwin",
        "--upstream",
        mocks.urls.trustedtwin,
        "--tour",
        "--report",
        report,
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(out, out).toMatch(/Tour of trustedtwin: (\d+) called, \1 conforming, 0 violating, \d+ skipped\./);
    expect(code, out).toBe(0);
    const written = JSON.parse(fs.readFileSync(report, "utf8"));
    expect(written.summary.violations).toBe(0);
    expect(fs.readFileSync(report, "utf8")).not.toContain("trustedtwin_secret-value-for-the-tour");
    fs.rmSync(path.dirname(report), { recursive: true, force: true });
  });

  it("setupMocks(apis, { upstreams }) runs the proxy where the test helpers run the mock", async () => {
    const previous = process.env.MIDAXO_MOCK_URL;
    const running = await setupMocks(["midaxo"], { upstreams: { midaxo: mocks.urls.midaxo }, log: () => {} });
    try {
      const proxy = running.mocks[0];
      expect(process.env.MIDAXO_MOCK_URL).toBe(proxy.url);
      expect(proxy.upstream).toBe(mocks.urls.midaxo);
      const res = await fetch(`${proxy.url}/processes?first=10`, { headers: { authorization: "a-raw-token-value" } });
      expect(res.status).toBe(200);
      await proxy.proxy.settled();
      expect(
        proxy.proxy.exchanges.map((x: { operation: string; violations: unknown[] }) => [
          x.operation,
          x.violations.length,
        ]),
      ).toEqual([["list_processes", 0]]);
    } finally {
      await running.stop();
      if (previous === undefined) delete process.env.MIDAXO_MOCK_URL;
      else process.env.MIDAXO_MOCK_URL = previous;
    }
  });
});
