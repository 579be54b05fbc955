// The generic plan on a small client package written here (manifest, bundle, docs samples): which
// operations it drives, the credentials it makes per scheme, and the reason it gives when it cannot.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createManifest, manifestText } from "@specforge/model/manifest";
import { afterAll, describe, expect, it } from "vitest";
import { fillUrls, genericPlans, sampleCall } from "../src/generic-client.mjs";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const thing = { type: "object", required: ["id"], properties: { id: { type: "string" } } };
const answer = (example?: unknown) => ({
  description: "ok",
  content: { "application/json": { schema: thing, ...(example ? { example } : {}) } },
});
const sample = (call: string) =>
  `import { createAcmeClient } from "@specforge/acme";\n\nconst acme = createAcmeClient({});\n\n${call}\nconsole.log(result);`;

/** A client package folder with one API `acme` of these schemes and operations. */
function pkg(schemes: Record<string, object>, options: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-generic-"));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, "openapi"));
  const security = [Object.fromEntries(Object.keys(schemes).map((s) => [s, []]))];
  const bundle = {
    openapi: "3.1.0",
    info: { title: "Acme", version: "1" },
    security,
    components: { securitySchemes: schemes },
    paths: {
      "/things/{id}": {
        delete: { operationId: "delete_thing", responses: { 200: answer({ id: "t-1" }) } },
        get: { operationId: "get_thing", responses: { 200: answer({ id: "t-1" }), 404: { description: "no" } } },
      },
      "/things": { post: { operationId: "create_thing", responses: { 201: answer() } } },
    },
  };
  const samples = {
    delete_thing: sample('const result = await acme.delete_thing({ path: { id: "t-1" } });'),
    get_thing: sample(
      'const result = await acme.get_thing({\n  path: { id: "t-1" },\n  query: { "x-y": [1, true] },\n});',
    ),
    create_thing: sample('const result = await acme.create_thing({ body: { name: "n" } });'),
  };
  fs.writeFileSync(path.join(dir, "openapi", "acme.json"), JSON.stringify(bundle));
  fs.writeFileSync(path.join(dir, "openapi", "acme.samples.json"), JSON.stringify({ specforgeSamples: 1, samples }));
  const manifest = createManifest("@specforge/acme", [
    {
      name: "acme",
      bundle: "acme.json",
      mockView: "acme.mock.json",
      samples: "acme.samples.json",
      mockUrlEnv: "ACME_MOCK_URL",
      startsWith: [],
      client: { factory: "createAcmeClient", options, mockEnv: { ACME_BASE_URL: "{mock:acme}" } },
    },
  ]);
  fs.writeFileSync(path.join(dir, "openapi", "specforge.json"), manifestText(manifest));
  return dir;
}

describe("genericPlans", () => {
  it("reads a safe operation (not DELETE) with its sample's argument, creates with the POST, a credential per scheme", () => {
    const dir = pkg(
      { Key: { type: "apiKey", in: "query", name: "key" }, Basic: { type: "http", scheme: "basic" } },
      {
        credentials: { Key: { env: "ACME_KEY", scheme: "Key" }, Basic: { env: "ACME_BASIC", scheme: "Basic" } },
        baseUrl: { env: "ACME_BASE_URL", default: "{server}" },
      },
    );
    const [plan] = genericPlans(dir);
    expect(plan).toMatchObject({
      api: "acme",
      factory: "createAcmeClient",
      read: {
        operation: "get_thing",
        init: { path: { id: "t-1" }, query: { "x-y": [1, true] } },
        ok: { status: 200, body: { id: "t-1" } },
      },
      create: { operation: "create_thing", init: { body: { name: "n" } } },
      options: { baseUrl: "{mock:acme}" },
    });
    const { Key, Basic } = plan!.options.credentials as { Key: string; Basic: { username: string; password: string } };
    expect(plan!.secrets).toEqual([Key, Basic.username, Basic.password]);
    expect(new Set(plan!.secrets).size).toBe(3);
    expect(fillUrls(plan!.options, { acme: "http://127.0.0.1:9" })).toMatchObject({ baseUrl: "http://127.0.0.1:9" });
  });

  it("says why it cannot drive an API whose read needs a client certificate", () => {
    const dir = pkg({ Cert: { type: "mutualTLS" } }, { baseUrl: { env: "ACME_BASE_URL" } });
    const [plan] = genericPlans(dir);
    expect(plan!.read).toBeUndefined();
    expect(plan!.undrivable).toMatch(/get_thing: its security scheme "Cert" is mutualTLS/);
  });

  it("takes the call and argument of a docs sample, with or without an argument", () => {
    expect(sampleCall("const result = await tt.who_am_i();")).toEqual({ method: "who_am_i", init: undefined });
    expect(sampleCall('await mt.delete_member({ id: "1" });')).toEqual({ method: "delete_member", init: { id: "1" } });
    expect(sampleCall("console.log(1);")).toBeUndefined();
  });
});
