// The in-memory normalisation of imported specs (src/import.mjs) and the registry edit of
// add-provider (src/scaffold.mjs), on small inputs; the end-to-end run is packages/e2e's
// add-provider.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseYaml } from "@redocly/openapi-core";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildApi,
  loadRegistry,
  operationIdFor,
  summarizeWarnings,
  upgradeDocument,
  withRegistryEntry,
} from "../src/index.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const swagger2File = path.join(here, "fixtures", "swagger2", "petstore.yaml");

const spec30 = () => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/a": {
      get: {
        parameters: [
          { name: "n", in: "query", schema: { type: "integer", minimum: 0, exclusiveMinimum: true }, example: 3 },
        ],
        responses: {
          200: {
            description: "ok",
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/A" },
                // An example payload that looks like a 3.0 schema: data, never rewritten.
                example: { type: "string", nullable: true, format: "binary", example: 1 },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      A: {
        type: "object",
        properties: {
          example: { type: "string", nullable: true },
          ref: { $ref: "#/components/schemas/B", nullable: true },
          either: { oneOf: [{ $ref: "#/components/schemas/B" }], nullable: true },
          state: { type: "string", enum: ["on", "off"], nullable: true },
          off: { type: "string", nullable: false },
        },
        "x-vendor": { nullable: true, type: "string" },
        example: { example: "x" },
      },
      B: { type: "string" },
    },
  },
});

describe("upgradeDocument (3.0 -> 3.1, in memory)", () => {
  const doc = upgradeDocument(spec30());
  const props = doc.components.schemas.A.properties;

  it("converts nullable, exclusive bounds and example", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(props.example).toEqual({ type: ["string", "null"] });
    expect(props.state).toEqual({ type: ["string", "null"], enum: ["on", "off", null] });
    expect(props.off).toEqual({ type: "string" });
    expect(doc.paths["/a"].get.parameters[0].schema).toEqual({ type: "integer", exclusiveMinimum: 0 });
    expect(doc.paths["/a"].get.parameters[0].examples).toEqual({ default: { value: 3 } });
  });

  it("turns nullable beside a $ref or a composition into a null alternative", () => {
    expect(props.ref).toEqual({ anyOf: [{ $ref: "#/components/schemas/B" }, { type: "null" }] });
    expect(props.either).toEqual({ oneOf: [{ $ref: "#/components/schemas/B" }, { type: "null" }] });
  });

  it("leaves example values and vendor extensions as they are", () => {
    const media = doc.paths["/a"].get.responses[200].content["application/json"];
    expect(Object.values(media.examples as Record<string, { value: unknown }>)[0]!.value).toEqual({
      type: "string",
      nullable: true,
      format: "binary",
      example: 1,
    });
    expect(doc.components.schemas.A["x-vendor"]).toEqual({ nullable: true, type: "string" });
    expect(doc.components.schemas.A.examples).toEqual([{ example: "x" }]);
  });

  it("returns a 3.1 document unchanged", () => {
    const doc31 = { openapi: "3.1.0", components: { schemas: { A: { type: "string", nullable: true } } } };
    expect(upgradeDocument(doc31)).toBe(doc31);
  });
});

describe("Swagger 2.0 (upgraded to 3.1 in memory, as add-provider --spec imports it)", () => {
  const swagger2 = () => parseYaml(fs.readFileSync(swagger2File, "utf8"));
  const doc = upgradeDocument(swagger2());
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-swagger2-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("becomes 3.1: servers from host and basePath, definitions as components, bodies and media types", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.swagger).toBeUndefined();
    expect(doc.servers).toEqual([{ url: "https://pets.example.org/v1" }]);
    expect(doc.components.securitySchemes.api_key).toEqual({ type: "apiKey", in: "header", name: "X-Api-Key" });
    expect(Object.keys(doc.components.schemas)).toEqual(["NewPet", "Pet", "Error"]);
    expect(doc.components.schemas.Pet.allOf[0]).toEqual({ $ref: "#/components/schemas/NewPet" });
    // A property named `example` is a schema, not data.
    expect(doc.components.schemas.NewPet.properties.example.type).toBe("string");
    const create = doc.paths["/pets"].post;
    expect(create.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/NewPet" } } },
    });
    const tags = doc.paths["/pets"].get.parameters[1];
    expect(tags).toMatchObject({ name: "tags", in: "query", style: "form", explode: false });
  });

  it("keeps response examples as data, even one that looks like a 2.0 schema", () => {
    const media = doc.paths["/pets/{petId}"].get.responses[200].content["application/json"];
    expect(Object.values(media.examples as Record<string, { value: unknown }>)[0]!.value).toEqual({
      id: 1,
      name: "Rex",
      extra: { type: "file", in: "body", collectionFormat: "csv", "x-nullable": true },
    });
  });

  it("goes through the pipeline as an imported API: operations, docs samples and a mock view", async () => {
    fs.mkdirSync(path.join(work, "specs", "tiny"), { recursive: true });
    fs.copyFileSync(swagger2File, path.join(work, "specs", "tiny", "petstore.yaml"));
    fs.writeFileSync(
      path.join(work, "redocly.yaml"),
      [
        "plugins:",
        `  - ${JSON.stringify(path.join(here, "..", "src", "redocly-plugin.cjs"))}`,
        "telemetry: off",
        "apis:",
        "  tiny:",
        "    root: specs/tiny/petstore.yaml",
        "    extends:",
        "      - minimal",
        "      - specforge/imported",
        "    x-specforge:",
        "      package: packages/tiny",
        "      imported: true",
        "      mockPort: 5090",
        "      mockPortEnv: TINY_MOCK_PORT",
        "      client:",
        "        factory: createTinyClient",
        "        client: tiny",
        "        options:",
        "          credentials: {api_key: {env: TINY_API_KEY, scheme: api_key}}",
        "          baseUrl: {env: TINY_BASE_URL, default: '{server}'}",
        "",
      ].join("\n"),
    );
    const registry = await loadRegistry(work);
    const built = await buildApi(registry.apis[0], work);
    expect(Object.keys(built.table).sort()).toEqual(["createPet", "getPetById", "listPets"]);
    expect(built.bundled.openapi).toMatch(/^3\.1\./);
    const getPet = built.docs.paths["/pets/{petId}"].get;
    expect(getPet["x-codeSamples"].map((s: { lang: string }) => s.lang)).toContain("TypeScript");
    expect(built.mock.paths["/pets/{petId}"].get.responses["200"]).toBeDefined();
    // The provider's file is read, never rewritten.
    expect(fs.readFileSync(path.join(work, "specs", "tiny", "petstore.yaml"), "utf8")).toBe(
      fs.readFileSync(swagger2File, "utf8"),
    );
  }, 120_000);
});

describe("imported specs' names and warnings", () => {
  it("names an unnamed operation from its method and path", () => {
    expect(operationIdFor("get", "/pets/{petId}/toys")).toBe("get_pets_petId_toys");
    expect(operationIdFor("POST", "/")).toBe("post");
  });

  it("counts warnings per kind, each with what to do, and lists each when verbose", () => {
    const lines = [
      "specs/x/openapi.yaml:3:1 warn no-invalid-media-type-examples: Example value must conform",
      "specs/x/openapi.yaml:9:1 warn no-invalid-media-type-examples: Example value must conform",
      "specs/x/openapi.yaml:1:1 warn some-rule: something",
    ];
    const out = summarizeWarnings(lines, { verbose: false });
    expect(out[0]).toBe("3 warning(s) (SPECFORGE_VERBOSE=1 lists each):");
    expect(out[1]).toMatch(
      /^ +2 × no-invalid-media-type-examples: .*Correct them in the overlay.*First: specs\/x\/openapi.yaml:3:1: Example value/,
    );
    expect(out[2]).toMatch(/1 × some-rule: see https:\/\/redocly.com\/docs\/cli\/rules\//);
    expect(summarizeWarnings(lines, { verbose: true })).toEqual(lines);
  });
});

describe("withRegistryEntry", () => {
  it("appends to the apis block and keeps what follows it", () => {
    const text = "rules:\n  a: error\napis:\n  one:\n    root: one.yaml\n\n# trailing comment\ntelemetry: off\n";
    expect(withRegistryEntry(text, "  two:\n    root: two.yaml\n")).toBe(
      "rules:\n  a: error\napis:\n  one:\n    root: one.yaml\n  two:\n    root: two.yaml\n\n# trailing comment\ntelemetry: off\n",
    );
  });
});
