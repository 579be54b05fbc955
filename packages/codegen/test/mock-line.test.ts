/**
 * The "Mock:" line of each operation in the published docs says what the mock does, for the API's
 * users; why an operation is not stateful, and what a spec's author can do about it, is printed by
 * `npm run generate` as a warning instead.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HTTP_METHODS } from "@specforge/model";
import { describe, expect, it } from "vitest";
import { loadRegistry, outputPaths } from "../src/index.mjs";
import { addMockStateToDocs, mockStateWarnings, resourceModel } from "../src/resources.mjs";

type Json = any;
const here = path.dirname(fileURLToPath(import.meta.url));
/** Words of the spec's author, never of the API's user. */
const AUTHOR_TERMS = /x-mock|idPath|x-specforge|not stateful|resource model|set x-/;

const ok = (schema: Json, example: Json) => ({
  description: "OK",
  content: { "application/json": { schema, examples: { one: { value: example } } } },
});
const thing = {
  type: "object",
  required: ["thingId", "name"],
  properties: { thingId: { type: "string" }, name: { type: "string" } },
};
const gadget = { type: "object", required: ["label"], properties: { label: { type: "string" } } };

/** A spec with a stateful collection, a collection whose items carry no id, and a singleton. */
const spec = (): Json => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/things": {
      post: {
        operationId: "create_thing",
        requestBody: { content: { "application/json": { schema: thing } } },
        responses: { "201": ok(thing, { thingId: "t1", name: "one" }) },
      },
    },
    "/things/{thingId}": {
      parameters: [{ name: "thingId", in: "path", required: true, schema: { type: "string" }, example: "t1" }],
      get: { operationId: "get_thing", responses: { "200": ok(thing, { thingId: "t1", name: "one" }) } },
      delete: { operationId: "delete_thing", responses: { "200": ok(thing, { thingId: "t1", name: "one" }) } },
    },
    "/gadgets": {
      get: {
        operationId: "list_gadgets",
        responses: {
          "200": ok(
            { type: "object", properties: { gadgets: { type: "array", items: gadget } } },
            { gadgets: [{ label: "a" }] },
          ),
        },
      },
    },
    "/gadgets/{code}": {
      parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
      get: { operationId: "get_gadget", responses: { "200": ok(gadget, { label: "a" }) } },
    },
    "/health": { get: { operationId: "health", responses: { "200": ok({ type: "object" }, {}) } } },
  },
});

/** The Mock lines of a docs view, by operationId. */
function mockLines(view: Json): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of Object.values<Json>(view.paths ?? {}))
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op?.operationId) continue;
      out.set(
        op.operationId,
        String(op.description ?? "")
          .split("\n")
          .filter((line) => line.startsWith("**Mock:**")),
      );
    }
  return out;
}

describe("the docs' Mock line speaks to the API's users", () => {
  const model = resourceModel(spec(), undefined);
  const lines = mockLines(addMockStateToDocs(spec(), model));

  it("says whether the mock keeps state, once per operation, without the spec author's advice", () => {
    expect([...lines.keys()].sort()).toEqual([
      "create_thing",
      "delete_thing",
      "get_gadget",
      "get_thing",
      "health",
      "list_gadgets",
    ]);
    for (const [id, found] of lines) {
      expect(found, id).toHaveLength(1);
      expect(found[0], id).not.toMatch(AUTHOR_TERMS);
    }
    expect(lines.get("create_thing")![0]).toMatch(/keeps state: stores what it creates in `\/things`/);
    expect(lines.get("get_thing")![0]).toMatch(/keeps state: reads from `\/things`/);
    expect(lines.get("delete_thing")![0]).toMatch(/later reads answer not found/);
    for (const id of ["list_gadgets", "get_gadget", "health"])
      expect(lines.get(id)![0], id).toMatch(/documented example .*keeps no state here/);
  });

  it("leaves the advice to `npm run generate`: one warning per reason, naming the operations and what to set", () => {
    const warnings: string[] = mockStateWarnings("specs/t/openapi.yaml", model);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^specs\/t\/openapi.yaml:1:1 warn specforge\/mock-stateless: get_gadget, list_gadgets answer with examples: no id field found in the item of \/gadgets \(set x-mock.resource.idPath\)/,
      ),
    ]);
    // A singleton is not shaped like a resource: nothing to advise.
    expect(warnings.join("\n")).not.toContain("health");
  });
});

describe("the repository's docs views", () => {
  const repoRoot = path.resolve(here, "../../..");

  it("every operation of every registered API has one Mock line in the user's terms", async () => {
    const registry = await loadRegistry(repoRoot);
    const problems: string[] = [];
    for (const api of registry.apis) {
      const file = outputPaths(api).docsView;
      if (!existsSync(file)) {
        problems.push(`${api.name}: ${path.relative(repoRoot, file)} is missing: run npm run generate`);
        continue;
      }
      for (const [id, found] of mockLines(JSON.parse(readFileSync(file, "utf8")))) {
        if (found.length !== 1) problems.push(`${api.name} ${id}: ${found.length} Mock lines`);
        for (const line of found) if (AUTHOR_TERMS.test(line)) problems.push(`${api.name} ${id}: ${line}`);
      }
    }
    expect(problems.join("\n")).toBe("");
  });
});
