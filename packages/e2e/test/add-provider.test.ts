// `npm run add-provider` end to end, in a temporary copy of the repository (its tracked files,
// node_modules linked, the workspace's own packages linked to the copy): a starter provider and an
// imported published spec are added with one command each, generate, compile and pass their smoke
// test against their real mock, with no other file edited by hand. Failures leave nothing behind;
// a re-import keeps the overlay's additions; one API generates while another is broken. Each added
// package also runs, against the same mock, every docs sample of a read (2xx on the stateful mock).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, loadRegistry, runAddProviderCli } from "@specforge/codegen";
import { parseCurl } from "@specforge/codegen/samples";
import { serverUrl } from "@specforge/model";
import { readSampleRequests, readSamplesTest } from "@specforge/testkit/read-samples";
import { genericPlans } from "@specforge/testkit/generic-client";
import { copyRepository, linkWorkspace } from "@specforge/testkit/repo-copy";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "fixtures", "imports", "pet-shop", "openapi.yaml");
// Published specs' traits the mock failed on (issue 28 §5): a variable host, /pet/findByStatus beside
// /pet/{petId}, examples on the schemas only.
const petFinderFixture = path.join(here, "fixtures", "imports", "pet-finder", "openapi.yaml");
// A small Swagger 2.0 description (codegen's fixture for the in-memory upgrade).
const swagger2Fixture = path.resolve(here, "../../codegen/test/fixtures/swagger2/petstore.yaml");
let copy: string;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const options = { repoRoot: copy, out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const code = await runAddProviderCli(args, options);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/**
 * Each provider is added once, by whichever test needs it first, so every test runs alone (`-t`) or in any
 * order: the scaffolded one and the imported one, each with the CLI's result and its workspace linked.
 */
const added = new Map<string, Promise<Awaited<ReturnType<typeof cli>>>>();
function addOnce(name: string, args: string[]) {
  if (!added.has(name))
    added.set(
      name,
      cli([name, ...args, "--no-install"]).then(async (result) => {
        if (result.code === 0) await linkWorkspace(copy, name);
        return result;
      }),
    );
  return added.get(name)!;
}
const addShopFloor = () => addOnce("shop-floor", []);
const addPetShop = () => addOnce("pet-shop", ["--spec", fixture]);
async function expectAdded(result: Promise<Awaited<ReturnType<typeof cli>>>) {
  const { code, err } = await result;
  expect(err).toBe("");
  expect(code).toBe(0);
}

/** A fingerprint of the tree outside node_modules: every path and its content hash. */
async function fingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string) => {
    for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === "node_modules" || entry.isSymbolicLink()) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else hash.update(`${path.relative(copy, full)}\0`).update(await fs.readFile(full));
    }
  };
  await walk(copy);
  return hash.digest("hex");
}

/** Runs a command in a package of the copy; fails the test with its output. */
function run(cwd: string, command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, REDOCLY_TELEMETRY: "off" } });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} in ${path.relative(copy, cwd)} failed:\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/**
 * Type-checks a new client package (its sources and tests, strict, as its `npm test` does) and runs
 * its own tests (the smoke test starts its mock). Its dist/ build is turbo's `build`, as for every package.
 */
async function buildAndTest(name: string) {
  const dir = path.join(copy, "packages", name);
  // Every docs sample of a read, against the mock the package's own tests start (its global setup).
  const view = JSON.parse(await fs.readFile(path.join(dir, "openapi", `${name}.docs.json`), "utf8"));
  const requests = readSampleRequests(view, parseCurl, serverUrl(view.servers?.[0]) || "http://localhost");
  await fs.writeFile(path.join(dir, "test", "read-samples.test.ts"), readSamplesTest({ api: name, requests }));
  run(dir, process.execPath, [path.join(copy, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
  const output = run(dir, process.execPath, [
    path.join(copy, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--reporter=dot",
  ]);
  console.log(`${name}: ${/read samples: [^\n]*/.exec(output)?.[0] ?? "no read-samples figure"}`);
  return output;
}

beforeAll(async () => {
  copy = await copyRepository("specforge-add-provider-");
}, 120_000);
afterAll(async () => {
  if (copy) await fs.rm(copy, { recursive: true, force: true });
});

describe("npm run add-provider", () => {
  it("scaffolds a house-style provider whose package compiles and passes its smoke test against its mock", async () => {
    const before = (await loadRegistry(copy)).apis
      .filter((a: { name: string }) => !added.has(a.name))
      .map((a: { mockPort: number }) => a.mockPort);
    await expectAdded(addShopFloor());
    const registry = await loadRegistry(copy);
    const api = registry.apis.find((a: { name: string }) => a.name === "shop-floor") as any;
    expect(api).toMatchObject({
      packageName: "@specforge/shop-floor",
      mockPortEnv: "SHOP_FLOOR_MOCK_PORT",
      imported: false,
    });
    expect(before).not.toContain(api.mockPort);
    expect(api.client.options.credentials).toEqual({ ApiKey: { env: "SHOP_FLOOR_API_KEY", scheme: "ApiKey" } });
    const spec = await fs.readFile(path.join(copy, "specs", "shop-floor", "openapi.yaml"), "utf8");
    expect(spec).toMatch(/^openapi: 3\.1\.0$/m);
    expect(spec).toContain("x-provenance: inferred");
    const pkg = JSON.parse(await fs.readFile(path.join(copy, "packages", "shop-floor", "package.json"), "utf8"));
    expect(pkg.exports["./openapi"].import.default).toBe("./dist/spec/shop-floor.js");
    // The suites over every API (e2e: samples and docs) depend on it, so turbo builds it first.
    const e2e = JSON.parse(await fs.readFile(path.join(copy, "packages", "e2e", "package.json"), "utf8"));
    expect(e2e.dependencies["@specforge/shop-floor"]).toBe("0.0.0");
    expect(pkg.files).toEqual(
      expect.arrayContaining([
        "dist",
        "openapi/shop-floor.json",
        "openapi/shop-floor.mock.json",
        "openapi/shop-floor.samples.json",
        "openapi/specforge.json",
        "README.md",
        "CHANGELOG.md",
      ]),
    );
    // Every operation of the docs view carries a TypeScript and a curl sample.
    const docs = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "shop-floor", "openapi", "shop-floor.docs.json"), "utf8"),
    );
    const ops = Object.values(docs.paths).flatMap((item: any) => Object.values(item)) as any[];
    expect(ops.length).toBeGreaterThan(0);
    // The package ships each operation's TypeScript sample for the MCP server's search, as its manifest says.
    const manifest = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "shop-floor", "openapi", "specforge.json"), "utf8"),
    );
    expect(manifest.apis[0].samples).toBe("shop-floor.samples.json");
    const shipped = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "shop-floor", "openapi", "shop-floor.samples.json"), "utf8"),
    );
    expect(Object.keys(shipped.samples).sort()).toEqual(ops.map((op) => op.operationId).sort());
    for (const op of ops)
      expect(op["x-codeSamples"].map((s: { label: string }) => s.label)).toEqual(["TypeScript", "curl"]);
    expect(await buildAndTest("shop-floor")).toMatch(/3 passed/);
    // No test code to write: the fault suite's generic driver and the ecosystem's generic scenario can drive
    // it from what the package ships, and its README's quick start calls an operation (readme.test.ts runs it).
    const [plan] = genericPlans(path.join(copy, "packages", "shop-floor"));
    expect(plan).toMatchObject({
      api: "shop-floor",
      factory: "createShopFloorClient",
      options: { credentials: { ApiKey: expect.any(String) }, baseUrl: "{mock:shop-floor}" },
      read: { operation: "list_items", init: {}, ok: { status: 200, body: { items: [{ id: "item-1" }] } } },
    });
    expect(plan!.undrivable).toBeUndefined();
    const readme = await fs.readFile(path.join(copy, "packages", "shop-floor", "README.md"), "utf8");
    expect(readme).toMatch(
      /```ts\nimport \{ createShopFloorClient \} from "@specforge\/shop-floor";[\s\S]*baseUrl: "http:\/\/127\.0\.0\.1:\d+",[\s\S]*await shopFloor\.get_item\(/,
    );
    expect(readme).not.toMatch(/\{\{\w+\}\}/);
  }, 180_000);

  it("refuses a name that exists or is no name, and changes nothing", async () => {
    await expectAdded(addShopFloor());
    const before = await fingerprint();
    for (const [args, message] of [
      [["shop-floor", "--no-install"], /"shop-floor" exists: redocly.yaml already registers/],
      [["trustedtwin", "--no-install"], /"trustedtwin" exists/],
      [["runtime", "--no-install"], /"runtime" exists: packages\/runtime\/ is already there/],
      [["Bad_Name", "--no-install"], /is not a provider name/],
    ] as const) {
      const result = await cli([...args]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(message);
    }
    expect((await cli(["--spec"])).code).toBe(2);
    expect(await fingerprint()).toBe(before);
  });

  it("imports a published 3.0 spec as is: byte for byte, camelCase methods, vendor extensions, a query key", async () => {
    await expectAdded(addPetShop());
    const result = await addPetShop();
    // Warnings are counted per kind, each with what to do.
    expect(result.out).toMatch(/\d+ warning\(s\)/);
    expect(result.out).toMatch(/1 × specforge\/operation-id: .*name them in the overlay/);
    expect(await fs.readFile(path.join(copy, "specs", "pet-shop", "openapi.yaml"))).toEqual(await fs.readFile(fixture));
    expect(await fs.readFile(path.join(copy, "specs", "pet-shop", "docs", "intro.md"), "utf8")).toContain(
      "Getting started",
    );
    const registry = await fs.readFile(path.join(copy, "redocly.yaml"), "utf8");
    expect(registry).toMatch(
      / {2}pet-shop:\n {4}root: specs\/pet-shop\/openapi.yaml\n[\s\S]*- specforge\/imported[\s\S]*imported: true\n {6}overlay: specs\/pet-shop\/specforge.overlay.yaml/,
    );
    const ops = await fs.readFile(
      path.join(copy, "packages", "pet-shop", "src", "generated", "pet-shop", "operations.gen.ts"),
      "utf8",
    );
    for (const name of ["listPets", "createPet", "getPet", "delete_pets_petId", "get__pets__petId__photo_getById"])
      expect(ops).toContain(`export const ${name} =`);
    const bundle = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "pet-shop", "openapi", "pet-shop.json"), "utf8"),
    );
    expect(bundle.openapi).toMatch(/^3\.1\./);
    expect(bundle.paths["/pets"].get["x-shop-docs-type"]).toBe("collection");
    expect(bundle.components.schemas.Pet.properties.owner).toEqual({
      anyOf: [{ $ref: "#/components/schemas/Owner" }, { type: "null" }],
    });
    expect(bundle.components.schemas.Pet.properties.age.type).toEqual(["integer", "null"]);
    expect(bundle.paths["/pets"].get.parameters[1].schema).toMatchObject({ exclusiveMinimum: 0 });
    const docs = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "pet-shop", "openapi", "pet-shop.docs.json"), "utf8"),
    );
    expect(docs.paths["/pets"].get["x-codeSamples"][1].source).toContain(`hapikey='"$PET_SHOP_HAPIKEY"`);
    expect(await buildAndTest("pet-shop")).toMatch(/3 passed/);
    // An imported spec is driven generically too: its credential goes where its scheme says (a query key).
    const [plan] = genericPlans(path.join(copy, "packages", "pet-shop"));
    expect(plan!.undrivable).toBeUndefined();
    expect(plan!.read?.operation).toBeTruthy();
  }, 180_000);

  it("imports a published Swagger 2.0 spec as is and upgrades it in memory: client, docs and mock work", async () => {
    const result = await cli(["tiny-pets", "--spec", swagger2Fixture, "--no-install"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    await linkWorkspace(copy, "tiny-pets");
    expect(await fs.readFile(path.join(copy, "specs", "tiny-pets", "petstore.yaml"))).toEqual(
      await fs.readFile(swagger2Fixture),
    );
    const bundle = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "tiny-pets", "openapi", "tiny-pets.json"), "utf8"),
    );
    expect(bundle.openapi).toMatch(/^3\.1\./);
    expect(bundle.servers).toEqual([{ url: "https://pets.example.org/v1" }]);
    const ops = await fs.readFile(
      path.join(copy, "packages", "tiny-pets", "src", "generated", "tiny-pets", "operations.gen.ts"),
      "utf8",
    );
    for (const name of ["listPets", "createPet", "getPetById"]) expect(ops).toContain(`export const ${name} =`);
    // The security scheme of 2.0's securityDefinitions reaches the docs' samples.
    const registry = await fs.readFile(path.join(copy, "redocly.yaml"), "utf8");
    expect(registry).toMatch(/ {2}tiny-pets:[\s\S]*"api_key": \{env: TINY_PETS_API_KEY, scheme: "api_key"\}/);
    expect(await buildAndTest("tiny-pets")).toMatch(/3 passed/);
  }, 180_000);

  it("imports a spec whose host is a server variable, with a literal path beside a template and examples on schemas only: its scaffolded tests and every read sample pass", async () => {
    const result = await cli(["pet-finder", "--spec", petFinderFixture, "--no-install"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    await linkWorkspace(copy, "pet-finder");
    const docs = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "pet-finder", "openapi", "pet-finder.docs.json"), "utf8"),
    );
    // The samples call the server with its variable at its default.
    const curl = (p: string) => docs.paths[p].get["x-codeSamples"][1].source as string;
    expect(curl("/pet/{petId}")).toContain("'https://pets.example.com/api/v1/pet/1'");
    expect(curl("/pet/findByStatus")).toContain("'https://pets.example.com/api/v1/pet/findByStatus?status=available'");
    // The pet the getPetById sample reads is in the seed, made from the Pet schema's property examples.
    const view = JSON.parse(
      await fs.readFile(path.join(copy, "packages", "pet-finder", "openapi", "pet-finder.mock.json"), "utf8"),
    );
    expect(view["x-specforge-mock"].resources["/pet"].seed).toEqual([
      { parentKeys: [], key: "1", value: { id: 1, name: "doggie", photoUrls: ["my-photoUrls"], status: "available" } },
    ]);
    const output = await buildAndTest("pet-finder");
    expect(output).toMatch(/3 passed/);
    expect(output).toMatch(/read samples: 2 of 2 answered 2xx/);
  }, 180_000);

  it("writes nothing when the new provider does not generate", async () => {
    const broken = path.join(copy, "broken-spec", "openapi.yaml");
    await fs.mkdir(path.join(path.dirname(broken), "docs"), { recursive: true });
    await fs.copyFile(
      path.join(path.dirname(fixture), "docs", "intro.md"),
      path.join(path.dirname(broken), "docs", "intro.md"),
    );
    // Two operations with one operationId: one method name for two operations breaks generation.
    await fs.writeFile(
      broken,
      (await fs.readFile(fixture, "utf8")).replace("operationId: getPet", "operationId: listPets"),
    );
    const before = await fingerprint();
    const result = await cli(["broken-shop", "--spec", broken, "--no-install"]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/does not generate[\s\S]*operation-operationId-unique[\s\S]*nothing was added/);
    expect(await fingerprint()).toBe(before);
  }, 60_000);

  it("re-imports a new release of the spec and keeps the overlay's additions", async () => {
    await expectAdded(addPetShop());
    const overlay = path.join(copy, "specs", "pet-shop", "specforge.overlay.yaml");
    await fs.writeFile(
      overlay,
      (await fs.readFile(overlay, "utf8")).replace(
        "actions: []",
        [
          "actions:",
          "  - target: $.paths['/pets'].get",
          "    update:",
          "      x-pagination: {style: cursor, items: data, cursorParam: after, nextCursor: paging.next}",
          "  - target: $.paths['/gone'].get",
          "    update: {summary: Gone}",
        ].join("\n"),
      ),
    );
    const release = (await fs.readFile(fixture, "utf8"))
      .replace("version: 2.4.1", "version: 2.5.0")
      .replace(
        "  /pets/{petId}/photo:",
        "  /pets/{petId}/vaccinations:\n    get:\n      operationId: listVaccinations\n      summary: List vaccinations\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: The vaccinations}\n  /pets/{petId}/photo:",
      );
    await fs.writeFile(path.join(copy, "specs", "pet-shop", "openapi.yaml"), release);
    const logs: string[] = [];
    await generate({ repoRoot: copy, only: ["pet-shop"], log: (l: string) => logs.push(l) });
    expect(logs.join("\n")).toMatch(/specforge\/overlay-target: .*matches nothing/);
    const ops = await fs.readFile(
      path.join(copy, "packages", "pet-shop", "src", "generated", "pet-shop", "operations.gen.ts"),
      "utf8",
    );
    expect(ops).toContain("export const listVaccinations =");
    expect(ops).toMatch(
      /export const listPets = .*"pagination":\{"style":"cursor","items":"data","cursorParam":"after","nextCursor":"paging.next"/,
    );
    expect(await fs.readFile(path.join(copy, "specs", "pet-shop", "openapi.yaml"), "utf8")).toBe(release);
  }, 60_000);

  it("generates one provider while another's spec is broken; generating all stays all-or-nothing", async () => {
    await expectAdded(addShopFloor());
    const tt = path.join(copy, "specs", "trustedtwin", "openapi.yaml");
    const intact = await fs.readFile(tt, "utf8");
    await fs.writeFile(tt, `${intact}\n  broken: [\n`);
    try {
      const generated = path.join(
        copy,
        "packages",
        "shop-floor",
        "src",
        "generated",
        "shop-floor",
        "operations.gen.ts",
      );
      const before = await fs.readFile(generated, "utf8");
      const spec = path.join(copy, "specs", "shop-floor", "openapi.yaml");
      await fs.writeFile(
        spec,
        (await fs.readFile(spec, "utf8")).replace("summary: Get an item", "summary: Get one item"),
      );
      const failing = await generate({ repoRoot: copy, log: () => {} }).then(
        () => ({ lines: ["generate succeeded with a broken spec"] }),
        (e: { lines?: string[] }) => e,
      );
      expect(failing.lines?.join("\n")).toMatch(/specs\/trustedtwin\/openapi.yaml:\d+:\d+ error yaml-syntax/);
      expect(await fs.readFile(generated, "utf8")).toBe(before);
      await generate({ repoRoot: copy, only: ["shop-floor"], log: () => {} });
      expect(await fs.readFile(generated, "utf8")).toContain("Get one item");
    } finally {
      await fs.writeFile(tt, intact); // the other tests (in any order) generate with a sound spec
    }
  }, 120_000);
});
