// The in-memory normalisation of imported specs (src/import.mjs) and the registry edit of
// add-provider (src/scaffold.mjs), on small inputs; the end-to-end run is packages/e2e's
// add-provider.test.ts.
import { describe, expect, it } from "vitest";
import { operationIdFor, summarizeWarnings, upgradeDocument, withRegistryEntry } from "../src/index.mjs";

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
