// The mock view leaves out what Prism cannot serve as published: examples holding `$ref` keys,
// media types it cannot serialize, examples that do not match their schema. The fixture is
// hand-written (test/fixtures/mock-quirks.yaml); packages/corpus runs Prism on it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseYaml } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import {
  answerableMedia,
  answerableMockView,
  dropInvalidExamples,
  dropRefKeyExamples,
  mockFixWarnings,
  mockView,
} from "../src/index.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = () => parseYaml(fs.readFileSync(path.join(here, "fixtures", "mock-quirks.yaml"), "utf8")) as any;
const json = (value: unknown) => JSON.stringify(value);

describe("mock view of a published spec", () => {
  it("drops every example whose value holds a $ref key, and nothing else", () => {
    const view = mockView(fixture(), undefined);
    expect(dropRefKeyExamples(view)).toBe(3); // the named example, the components example, the schema example
    const media = view.paths["/schemas/{id}"].get.responses["200"].content["application/json"];
    expect(media.examples).toBeUndefined();
    expect(media.example).toBeUndefined(); // preferNamedExamples had copied the first one here
    expect(view.components.examples ?? {}).toEqual({});
    expect(view.components.schemas.Thing.examples).toBeUndefined();
    // A property called `example`, and a string that merely mentions $ref, stay.
    expect(view.components.schemas.StoredSchema.properties.example.examples).toHaveLength(1);
    expect(json(view)).not.toMatch(/#\/definitions\//);
    expect(json(view)).not.toMatch(/#\/nowhere/);
  });

  it("serves media Prism cannot serialize as application/json, and drops them beside a JSON type", () => {
    const view = mockView(fixture(), undefined);
    expect(answerableMedia(view)).toBe(3);
    expect(Object.keys(view.paths["/schemas/{id}"].get.responses["401"].content)).toEqual(["application/json"]);
    expect(Object.keys(view.paths["/things"].get.responses["500"].content)).toEqual(["application/json"]);
    expect(Object.keys(view.components.responses.Unauthorized.content)).toEqual(["application/json"]);
    // The schema travels with the renamed media type.
    expect(view.paths["/things"].get.responses["500"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Problem",
    });
  });

  it("skips examples that do not match their schema, keeps the valid ones", async () => {
    const view = mockView(fixture(), undefined);
    dropRefKeyExamples(view);
    expect(await dropInvalidExamples(view)).toBe(1);
    const media = view.paths["/things"].get.responses["200"].content["application/json"];
    expect(Object.keys(media.examples)).toEqual(["valid"]);
  });

  it("answers with the first example left (mockView made the first named example the default)", async () => {
    const view = mockView(fixture(), undefined);
    await answerableMockView(view);
    const media = view.paths["/things"].get.responses["200"].content["application/json"];
    expect(media.example).toEqual({ items: [{ id: "1", name: "one" }] });
    expect(view.paths["/schemas/{id}"].get.responses["200"].content["application/json"].example).toBeUndefined();
  });

  it("checks examples beside a `schema: null` (published specs have it; Redocly's rule would crash)", async () => {
    const doc = fixture();
    doc.paths["/things"].post = {
      operationId: "addThing",
      summary: "Adds a thing",
      requestBody: { content: { "application/json": { schema: null } } },
      responses: { "204": { description: "Added." } },
    };
    const view = mockView(doc, undefined);
    expect(await dropInvalidExamples(view)).toBe(2); // the invalid named example and the Thing schema's
    expect(view.paths["/things"].post.requestBody.content["application/json"]).toEqual({ schema: null });
  });

  it("takes a dropped shared example's references along, webhooks included", async () => {
    const doc = fixture();
    doc.webhooks = {
      thingAdded: {
        post: {
          requestBody: {
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/Thing" },
                examples: { bad: { $ref: "#/components/examples/BadThing" } },
              },
            },
          },
          responses: { "200": { description: "Received." } },
        },
      },
    };
    doc.components.examples.BadThing = { value: { id: 3, name: "three" } };
    const view = mockView(doc, undefined);
    await answerableMockView(view);
    expect(view.components.examples?.BadThing).toBeUndefined();
    expect(view.webhooks.thingAdded.post.requestBody.content["application/json"].examples).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain("#/components/examples/");
  });

  it("reports each kind of fix with what the user can do, and nothing for a clean spec", async () => {
    const counts = await answerableMockView(mockView(fixture(), undefined));
    expect(counts).toEqual({ refExamples: 3, media: 3, invalidExamples: 1 });
    const lines = mockFixWarnings("specs/quirks/openapi.yaml", counts);
    expect(lines).toEqual([
      expect.stringMatching(/^specs\/quirks\/openapi.yaml:1:1 warn specforge\/mock-ref-example: 3 example/),
      expect.stringMatching(/^specs\/quirks\/openapi.yaml:1:1 warn specforge\/mock-media: 3 response media/),
      expect.stringMatching(/^specs\/quirks\/openapi.yaml:1:1 warn specforge\/mock-invalid-example: 1 example/),
    ]);
    expect(mockFixWarnings("x", { refExamples: 0, media: 0, invalidExamples: 0 })).toEqual([]);
  });
});
