// What users install: `npm pack` the client packages and the runtime, install the tarballs into a
// fresh project outside the workspace (@specforge/testkit/consumer: once per content, shared by the suites), then import them from plain Node and type-check a
// TypeScript consumer against their published types (exports maps, `files`, declarations).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRegistry } from "@specforge/codegen";
import { consumerProject } from "@specforge/testkit/consumer";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
// The runtime and every client package the registry names (a provider added later is checked too).
const registry = await loadRegistry(repoRoot);
const packages = [
  "runtime",
  ...new Set((registry.apis as { packageDir: string }[]).map((a) => path.basename(a.packageDir))),
];
let project: string;

beforeAll(async () => {
  project = (await consumerProject(fs.mkdtempSync(path.join(os.tmpdir(), "specforge-consumer-")))).dir;
}, 300_000);

afterAll(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

describe("the published packages", () => {
  it("ship only dist, their README and their OpenAPI files (no docs view)", () => {
    for (const name of packages.slice(1)) {
      const files = execFileSync("find", ["."], {
        cwd: path.join(project, "node_modules", "@specforge", name),
        encoding: "utf8",
      })
        .split("\n")
        .filter((f) => /\.\w+$/.test(f));
      expect(
        files.some((f) => f.startsWith("./dist/index.js")),
        name,
      ).toBe(true);
      expect(
        files.some((f) => f.startsWith("./src/") || f.startsWith("./test/")),
        name,
      ).toBe(false);
      expect(
        files.some((f) => f.startsWith("./openapi/") && f.endsWith(".json")),
        name,
      ).toBe(true);
      // The docs view is the docs site's (0.1-0.5 MB per API); the MCP server's search reads `<api>.samples.json`.
      expect(
        files.filter((f) => f.endsWith(".docs.json")),
        name,
      ).toEqual([]);
    }
  });

  it("every client package imports in plain Node and exports the factory its manifest names", () => {
    const factories = packages.slice(1).flatMap((name) => {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(project, "node_modules", "@specforge", name, "openapi", "specforge.json"), "utf8"),
      );
      return (manifest.apis as { client?: { factory: string } }[])
        .filter((api) => api.client)
        .map((api) => ({ module: `@specforge/${name}`, factory: api.client!.factory }));
    });
    expect(new Set(factories.map((f) => f.module)).size).toBe(packages.length - 1);
    const script = `const factories = ${JSON.stringify(factories)};
      const seen = {};
      for (const { module, factory } of factories) seen[factory] = typeof (await import(module))[factory];
      console.log(JSON.stringify(seen));`;
    fs.writeFileSync(path.join(project, "factories.mjs"), script);
    const out = JSON.parse(execFileSync(process.execPath, ["factories.mjs"], { cwd: project, encoding: "utf8" }));
    expect(out).toEqual(Object.fromEntries(factories.map((f) => [f.factory, "function"])));
  });

  it("import from plain Node and build clients", () => {
    const script = `
      import { createTrustedTwinClient, TrustedTwinError, AuthenticationError } from "@specforge/trustedtwin";
      import { createMiddletwinClient } from "@specforge/middletwin";
      import { createMidaxoClient } from "@specforge/midaxo";
      import { createRequire } from "node:module";
      const tt = createTrustedTwinClient({ secret: "s" });
      const mt = createMiddletwinClient({ publicKey: "p", secretKey: "k" });
      const mx = createMidaxoClient({ region: "us", clientId: "i", clientSecret: "c" });
      const spec = createRequire(import.meta.url)("@specforge/trustedtwin/openapi.json");
      console.log(JSON.stringify({
        tt: typeof tt.get_twin, scan: typeof tt.paginate.scan_twins, mt: typeof mt.call, members: typeof mt.get_all_members,
        mx: typeof mx.list_projects, spec: spec.info.title, error: typeof TrustedTwinError, auth: typeof AuthenticationError,
      }));`;
    fs.writeFileSync(path.join(project, "use.mjs"), script);
    const out = JSON.parse(execFileSync(process.execPath, ["use.mjs"], { cwd: project, encoding: "utf8" }));
    expect(out).toEqual({
      tt: "function",
      scan: "function",
      mt: "function",
      members: "function",
      mx: "function",
      spec: "Trusted Twin API",
      error: "function",
      auth: "function",
    });
  });

  it("serve the MCP server's search with each operation's docs sample, read from the installed package", () => {
    // Every API with tools of its own (a token endpoint is its API's companion): search its first operation.
    const script = `
      import { createMcpService } from "@specforge/mcp";
      import { installedApis } from "@specforge/model/manifest";
      const out = {};
      for (const api of installedApis([process.cwd()]).filter((a) => !a.companionOf)) {
        const service = await createMcpService({ api: api.name, mock: true, cwd: process.cwd(), log: () => {} });
        const first = service.api.samples ? Object.keys(JSON.parse((await import("node:fs")).readFileSync(service.api.samples, "utf8")).samples)[0] : undefined;
        const result = await service.callTool("search", { query: first ?? "" });
        const hit = JSON.parse(result.content[0].text)[0];
        out[api.name] = { first, name: hit?.name, sample: hit?.sample ?? null, dir: api.packageDir };
        await service.close();
      }
      console.log(JSON.stringify(out));`;
    fs.writeFileSync(path.join(project, "mcp-search.mjs"), script);
    const out = JSON.parse(execFileSync(process.execPath, ["mcp-search.mjs"], { cwd: project, encoding: "utf8" }));
    const served = (registry.apis as { name: string }[]).map((a) => a.name).filter((name) => name in out);
    expect(served.length, JSON.stringify(out)).toBeGreaterThanOrEqual(3);
    for (const name of served) {
      const { first, name: hit, sample, dir } = out[name];
      // The installed copy, not the workspace's: the samples came with the tarball.
      expect(fs.realpathSync(dir).startsWith(fs.realpathSync(repoRoot)), `${name}: ${dir}`).toBe(false);
      expect(first, `${name}: its manifest lists a samples file`).toBeTruthy();
      expect(hit, name).toBe(first);
      expect(sample, `${name}: ${first}'s docs sample`).toContain(`client.${first}(`);
    }
  }, 120_000);

  it("type-check a TypeScript consumer against the published declarations", () => {
    fs.writeFileSync(
      path.join(project, "use.ts"),
      `import { createTrustedTwinClient } from "@specforge/trustedtwin";
import { createMiddletwinClient } from "@specforge/middletwin";
const tt = createTrustedTwinClient({ secret: "s" });
export async function main() {
  const twin = await tt.get_twin({ path: { twin: "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90" } });
  const status: "alive" | "terminated" = twin.status;
  const mt = createMiddletwinClient();
  const { tenant } = await mt.call("get_tenant", { subdomain: "demo" });
  // @ts-expect-error: not an action
  await mt.call("no_such_action", {});
  return [status, tenant.id];
}
`,
    );
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["use.ts"],
      }),
    );
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const result = (() => {
      try {
        return execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });
      } catch (error) {
        throw new Error(`tsc failed:\n${(error as { stdout?: string }).stdout}`);
      }
    })();
    expect(result).toBe("");
  }, 120_000); // a full tsc run of the published declarations: seconds alone, more on a busy machine
});
