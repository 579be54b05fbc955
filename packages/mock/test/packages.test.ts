// What the mock serves is resolved from the caller's project: an API name, a client package name
// or a package folder, through the manifest each client package ships. No provider is named in
// the mock's code.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadRegistry } from "@specforge/codegen";
import { resolveMockApis, installedMockApis, startMock } from "../src/index.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const names = (apis: { name: string }[]) => apis.map((a) => a.name);

describe("resolving what to serve", () => {
  it("finds every installed client package's APIs (workspace packages are installed packages): the registry's", async () => {
    const registered = (await loadRegistry(repoRoot)).apis.map((api: { name: string }) => api.name);
    expect(names(installedMockApis(repoRoot)).sort()).toEqual(registered.sort());
  });

  it("by API name, package name or folder; an API brings the APIs it starts with", () => {
    expect(names(resolveMockApis(["trustedtwin"]))).toEqual(["trustedtwin"]);
    expect(names(resolveMockApis(["midaxo"]))).toEqual(["midaxo", "midaxo-oauth"]);
    expect(names(resolveMockApis(["midaxo-oauth"]))).toEqual(["midaxo-oauth"]);
    expect(names(resolveMockApis(["midaxo"], { companions: false }))).toEqual(["midaxo"]);
    expect(names(resolveMockApis(["@specforge/midaxo", "middletwin"]))).toEqual([
      "midaxo",
      "midaxo-oauth",
      "middletwin",
    ]);
    expect(names(resolveMockApis(["../../trustedtwin"], { cwd: here }))).toEqual(["trustedtwin"]);
    const [tt] = resolveMockApis(["trustedtwin"]);
    expect(tt).toMatchObject({
      packageName: "@specforge/trustedtwin",
      mockPort: 4030,
      mockPortEnv: "TRUSTEDTWIN_MOCK_PORT",
      mockUrlEnv: "TRUSTEDTWIN_MOCK_URL",
    });
    expect(fs.existsSync(tt.mockView)).toBe(true);
  });

  it("an unknown name fails with one line listing what is installed", () => {
    expect(() => resolveMockApis(["nope"])).toThrow(
      /^unknown API "nope": installed client packages serve .*trustedtwin.*; name an API, a package \(@scope\/name\) or a package folder$/,
    );
    expect(() => resolveMockApis(["./no-such-folder"])).toThrow(/is not a client package with a mock manifest/);
  });

  describe("in a project outside this repository", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-mock-project-"));
    afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

    it("serves a package that ships only its manifest and mock view", async () => {
      const pkg = path.join(project, "node_modules", "@acme", "pets");
      fs.mkdirSync(path.join(pkg, "openapi"), { recursive: true });
      fs.writeFileSync(
        path.join(pkg, "package.json"),
        JSON.stringify({ name: "@acme/pets", exports: { "./specforge.json": "./openapi/specforge.json" } }),
      );
      const view = {
        openapi: "3.1.0",
        info: { title: "Pets", version: "1" },
        paths: {
          "/pets": {
            get: {
              responses: {
                200: {
                  description: "ok",
                  content: { "application/json": { examples: { a: { value: [{ name: "Rex" }] } } } },
                },
              },
            },
          },
        },
        "x-mock": { badInput: { body: { oops: "{message}" } } },
        "x-specforge-mock": { exampleBy: [] },
      };
      fs.writeFileSync(path.join(pkg, "openapi", "pets.mock.json"), JSON.stringify(view));
      fs.writeFileSync(
        path.join(pkg, "openapi", "specforge.json"),
        JSON.stringify({
          specforgeManifest: 1,
          package: "@acme/pets",
          apis: [
            {
              name: "pets",
              bundle: "pets.json",
              mockView: "pets.mock.json",
              mockPortEnv: "PETS_MOCK_PORT",
              startsWith: [],
            },
          ],
        }),
      );
      expect(names(resolveMockApis(["pets"], { cwd: project }))).toEqual(["pets"]);
      expect(names(resolveMockApis(["@acme/pets"], { cwd: project }))).toEqual(["pets"]);
      const mock = await startMock({ api: "pets", port: 0, cwd: project });
      try {
        expect(await (await fetch(`${mock.url}/pets`)).json()).toEqual([{ name: "Rex" }]);
        const bad = await fetch(`${mock.url}/cats`);
        expect([bad.status, await bad.json()]).toEqual([404, { oops: "No operation at /cats (unknown path)" }]);
      } finally {
        await mock.stop();
      }
    }, 60_000);
  });
});

describe("the mock's code", () => {
  it("names no provider: every provider fact comes from the client package's spec", () => {
    const providers = ["trusted.?twin", "middletwin", "midaxo", "dart/core", "subcode", "errorMessage"];
    // grep exits 1 when nothing matches; anything else (2: a missing folder, a bad pattern) is a failure.
    const result = spawnSync("grep", ["-rilE", providers.join("|"), path.join(here, "..", "src")], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("");
    expect(result.status).toBe(1);
  });

  it("does not depend on the generator (a published mock must not pull it in)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(here, "..", "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies)).not.toContain("@specforge/codegen");
    expect(pkg.private).toBeUndefined();
    const sources = fs
      .readdirSync(path.join(here, "..", "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => fs.statSync(path.join(here, "..", "src", f)).isFile())
      .map((f) => fs.readFileSync(path.join(here, "..", "src", f), "utf8"));
    expect(sources.some((s) => s.includes("@specforge/codegen"))).toBe(false);
  });
});
