// Node 20, 22 and 24, from the installed tarballs: ESM `import` and CommonJS `require()`, plus the
// spec modules exactly as the READMEs show them.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, inject, it, expect } from "vitest";
import { nodeBinary, TESTED_NODE_VERSIONS } from "@specforge/testkit/node-versions";
import { CLIENTS, lastJson, runProgram } from "./eco.js";
import { EXPECTED, expectScenario, genericExpected } from "./expected.js";

const eco = inject("eco");
const urls = JSON.stringify(eco.urls);

it("every client package has the generic scenario; each hand-written scenario is a client's, with its expected result", async () => {
  const { scenarios } = await import("../scenarios/index.js");
  expect(CLIENTS.length).toBeGreaterThan(0);
  expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(scenarios).sort());
  expect(Object.keys(scenarios).filter((client) => !CLIENTS.includes(client))).toEqual([]);
  // One generic plan per API of each client (a provider added with add-provider is covered by it alone).
  for (const client of CLIENTS) {
    expect(eco.plans[client]?.length, client).toBeGreaterThan(0);
    for (const plan of eco.plans[client]!) expect(() => genericExpected(client, plan)).not.toThrow();
  }
});

// Every Node.js version users run: the machine's own, and 22 and 24 from npm (the pinned
// binaries of @specforge/testkit/node-versions, installed on first use).
const NODES = [
  ["this machine's", () => process.execPath],
  ...Object.keys(TESTED_NODE_VERSIONS).map((major) => [major, () => nodeBinary(Number(major))]),
] as const;

describe.each(NODES)("Node %s", (_name, binary) => {
  let node = "";
  let version = "";
  beforeAll(() => {
    node = binary();
    version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim().slice(1);
  }, 300_000);

  it.concurrent.each(CLIENTS)("ESM import: %s", async (client) => {
    const ran = await runProgram(node, [path.join("esm", "cli.js"), client, urls], { cwd: eco.consumer });
    const out = lastJson(`node esm/cli.js ${client}`, ran);
    expect(out.runtime).toBe(`node ${version}`);
    expectScenario(client, `Node ${version} ESM`, out.result);
  });

  it.concurrent.each(CLIENTS)("CommonJS require(): %s", async (client) => {
    const ran = await runProgram(node, [path.join("cjs", "cli.js"), client, urls], { cwd: eco.consumer });
    const out = lastJson<{ runtime: string; resolved: Record<string, string>; result: unknown }>(
      `node cjs/cli.js ${client}`,
      ran,
    );
    expect(out.runtime).toBe(`node ${version}`);
    // require() gets the packages' CommonJS builds, not their ESM through require(esm).
    for (const [id, file] of Object.entries(out.resolved)) expect(file, id).toMatch(/[/\\]dist[/\\]cjs[/\\]/);
    expect(ran.stderr, "no ExperimentalWarning or other noise").toBe("");
    expectScenario(client, `Node ${version} CommonJS`, out.result);
  });
});

describe("the spec modules, as the READMEs import them", () => {
  it("ESM default import, CommonJS require(), the raw JSON with an import attribute", async () => {
    const esm = `
      import tt from "@specforge/trustedtwin/openapi";
      import mt from "@specforge/middletwin/openapi";
      import mx from "@specforge/midaxo/openapi";
      import oauth from "@specforge/midaxo/oauth";
      import raw from "@specforge/trustedtwin/openapi.json" with { type: "json" };
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      console.log(JSON.stringify({
        esm: [tt.info.title, mt.info.title, mx.info.title, oauth.info.title],
        cjs: ["trustedtwin/openapi", "middletwin/openapi", "midaxo/openapi", "midaxo/oauth"].map((p) => require("@specforge/" + p).info.title),
        same: JSON.stringify(raw) === JSON.stringify(tt),
        json: require.resolve("@specforge/trustedtwin/openapi.json").endsWith("trustedtwin.json"),
      }));`;
    const ran = await runProgram(process.execPath, ["--input-type=module", "-e", esm], { cwd: eco.consumer });
    expect(ran.stderr).toBe("");
    const out = lastJson<{ esm: string[]; cjs: string[]; same: boolean; json: boolean }>("spec imports", ran);
    expect(out.esm).toEqual([
      "Trusted Twin API",
      "middletwin API",
      expect.stringMatching(/Midaxo/),
      expect.stringMatching(/token|OAuth|Midaxo/i),
    ]);
    expect(out.cjs).toEqual(out.esm);
    expect(out).toMatchObject({ same: true, json: true });
  });
});
