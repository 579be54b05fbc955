/**
 * The spec itself (read from the bundle): every operation is complete (summary, description, tags,
 * the documented success status, error responses), every body and success response has named
 * examples that validate, the mock serves those examples, and shared pieces are components.
 */
import { describe, expect, it } from "vitest";
import { operationFunctions } from "../src/generated/trustedtwin/operations.gen.js";

/** Each operation function\'s spec (method, path, credentials, paging), by operationId. */
const operationTable = specTable(operationFunctions);
import { bundle, createValidator, deref, listOperations, successResponse } from "./spec.js";
import { operationTable as specTable } from "@specforge/mock/testing";

const operations = listOperations();
const validatorFor = createValidator();
const table = operationTable as Record<string, { secured: boolean; pagination?: { items: string } }>;
const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

describe("spec completeness", () => {
  it("every operation: snake_case operationId, summary, description, declared tags", () => {
    const tags = new Set((bundle.tags as { name: string }[]).map((t) => t.name));
    const problems: string[] = [];
    for (const { operationId, operation } of operations) {
      if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(operationId)) problems.push(`${operationId}: not snake_case`);
      if (!operation.summary) problems.push(`${operationId}: no summary`);
      if (!operation.description) problems.push(`${operationId}: no description`);
      if (!operation.tags?.length) problems.push(`${operationId}: no tags`);
      for (const tag of operation.tags ?? [])
        if (!tags.has(tag)) problems.push(`${operationId}: undeclared tag ${tag}`);
    }
    expect(problems).toEqual([]);
  });

  it("success status: one 2xx per operation, 201 for POST (creates) and 200 otherwise", () => {
    const problems: string[] = [];
    for (const op of operations) {
      const successes = Object.keys(op.operation.responses).filter((s) => /^2/.test(s));
      const expected = op.method === "POST" ? "201" : "200";
      if (successes.join() !== expected) problems.push(`${op.operationId}: ${successes.join()} (expected ${expected})`);
    }
    expect(problems).toEqual([]);
  });

  it("error responses: 500 everywhere, 400 where there is input, 401/403 where secured, 404 where the path names a resource; all components", () => {
    const problems: string[] = [];
    for (const op of operations) {
      const { responses } = op.operation;
      const secured = table[op.operationId]!.secured;
      // Input: a path or query parameter or a body (who_am_i takes none, so it has no 400).
      const input = !!op.operation.requestBody || op.parameters.some((p) => p.in === "path" || p.in === "query");
      const expected = [
        "500",
        ...(input ? ["400"] : []),
        ...(secured ? ["401", "403"] : []),
        ...(op.path.includes("{") ? ["404"] : []),
      ];
      for (const status of expected) if (!responses[status]) problems.push(`${op.operationId}: no ${status}`);
      if (!secured && responses["401"]) problems.push(`${op.operationId}: no-auth operation declares 401`);
      for (const [status, response] of Object.entries<any>(responses))
        if (/^[45]/.test(status) && !String(response.$ref ?? "").startsWith("#/components/responses/"))
          problems.push(`${op.operationId}: ${status} is not a shared component response`);
    }
    expect(problems).toEqual([]);
  });

  it("error component responses: a named example whose subcode starts with the status", () => {
    const statusOf: Record<string, number> = {
      BadRequest: 400,
      Unauthorized: 401,
      Forbidden: 403,
      NotFound: 404,
      InternalError: 500,
    };
    expect(Object.keys(bundle.components.responses).sort()).toEqual(Object.keys(statusOf).sort());
    for (const [name, response] of Object.entries<any>(bundle.components.responses)) {
      const examples = Object.values<any>(response.content["application/json"].examples ?? {});
      expect(examples.length, name).toBeGreaterThan(0);
      const validate = validatorFor(`#/components/responses/${name}/content/application~1json/schema`);
      for (const example of examples) {
        expect(validate(example.value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
        expect(String(example.value.subcode).slice(0, 3), name).toBe(String(statusOf[name]));
      }
    }
  });

  it("every request body has named examples, each valid against its schema", () => {
    const problems: string[] = [];
    let bodies = 0;
    for (const op of operations) {
      if (!op.operation.requestBody) continue;
      const body = deref(op.operation.requestBody);
      const base = op.operation.requestBody.$ref ?? `${op.pointer}/requestBody`;
      for (const [mediaType, media] of Object.entries<any>(body.content)) {
        bodies++;
        const examples = Object.entries<any>(media.examples ?? {});
        if (!examples.length) problems.push(`${op.operationId}: ${mediaType} request has no named example`);
        const validate = validatorFor(`${base}/content/${escapePointer(mediaType)}/schema`);
        for (const [name, example] of examples)
          if (!validate(deref(example).value))
            problems.push(`${op.operationId}: request example ${name}: ${JSON.stringify(validate.errors)}`);
      }
    }
    expect(bodies).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });

  it("every 2xx response has named examples, each valid against its schema", () => {
    const problems: string[] = [];
    for (const op of operations) {
      const { response, status } = successResponse(op);
      const base = op.operation.responses[status].$ref ?? `${op.pointer}/responses/${status}`;
      for (const [mediaType, media] of Object.entries<any>(response.content ?? {})) {
        const examples = Object.entries<any>(media.examples ?? {});
        if (!examples.length) problems.push(`${op.operationId}: ${status} ${mediaType} has no named example`);
        if (!/json/.test(mediaType)) continue; // download_doc's bytes: an example string, nothing to validate
        const validate = validatorFor(`${base}/content/${escapePointer(mediaType)}/schema`);
        for (const [name, example] of examples)
          if (!validate(deref(example).value))
            problems.push(`${op.operationId}: ${status} example ${name}: ${JSON.stringify(validate.errors)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("no body schema carries a schema-level `examples` or `example` (Prism would serve it instead of the named examples)", () => {
    // Prism's first answer is `mediaType.example ?? schema.examples[0]` before the named examples
    // (@stoplight/http-spec), so a schema-level example would shadow every operation's own examples.
    const problems: string[] = [];
    const check = (where: string, content: Record<string, any> | undefined) => {
      for (const [mediaType, media] of Object.entries<any>(content ?? {})) {
        if ("example" in media) problems.push(`${where} ${mediaType}: media type \`example\``);
        const schema = deref(media.schema ?? {});
        if (schema.examples || "example" in schema)
          problems.push(`${where} ${mediaType}: schema-level examples (${media.schema?.$ref ?? "inline"})`);
      }
    };
    for (const op of operations) {
      for (const [status, response] of Object.entries<any>(op.operation.responses))
        check(`${op.operationId} ${status}`, deref(response).content);
      if (op.operation.requestBody) check(`${op.operationId} request`, deref(op.operation.requestBody).content);
    }
    expect(problems).toEqual([]);
  });

  it("every secured operation takes the shared X-TrustedTwin header parameter", () => {
    const missing = operations
      .filter((op) => table[op.operationId]!.secured)
      .filter((op) => !op.parameters.some((p) => p === bundle.components.parameters.XTrustedTwin))
      .map((op) => op.operationId);
    expect(missing).toEqual([]);
  });

  it("paginated operations: x-mock.exampleBy names existing examples, and each page has the items path", () => {
    for (const op of operations.filter((o) => table[o.operationId]!.pagination)) {
      const pagination = op.operation["x-pagination"];
      const exampleBy = op.operation["x-mock"]?.exampleBy;
      expect(exampleBy, `${op.operationId} has x-mock.exampleBy`).toBeDefined();
      const examples = successResponse(op).response.content["application/json"].examples;
      for (const name of Object.values<string>(exampleBy.examples))
        expect(Object.keys(examples), op.operationId).toContain(name);
      for (const [name, example] of Object.entries<any>(examples)) {
        const items = pagination.items.split(".").reduce((o: any, k: string) => o?.[k], example.value);
        expect(items, `${op.operationId} ${name}.${pagination.items}`).toBeTypeOf("object");
      }
    }
  });
});

describe("shared pieces are components", () => {
  it("no inline parameter is repeated verbatim across operations", () => {
    const seen = new Map<string, string[]>();
    for (const [, item] of Object.entries<any>(bundle.paths))
      for (const [method, op] of Object.entries<any>(item)) {
        if (method === "parameters") continue;
        for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
          if (p.$ref) continue;
          const key = JSON.stringify(p);
          seen.set(key, [...(seen.get(key) ?? []), op.operationId]);
        }
      }
    expect(
      [...seen].filter(([, ops]) => ops.length > 1).map(([p, ops]) => `${JSON.parse(p).name}: ${ops.join(", ")}`),
    ).toEqual([]);
  });

  it("no inline object schema is repeated across operations (same shape, descriptions aside)", () => {
    const seen = new Map<string, string[]>();
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          walk(n, `${where}/${i}`);
        });
        return;
      }
      const schema = node as Record<string, unknown>;
      if (schema.properties && !schema.$ref) {
        const { description: _d, examples: _e, "x-provenance": _p, "x-provenance-note": _n, ...shape } = schema;
        const key = JSON.stringify(shape);
        if (key.length > 60) seen.set(key, [...(seen.get(key) ?? []), where]);
      }
      for (const [k, v] of Object.entries(schema)) if (k !== "examples" && k !== "example") walk(v, `${where}/${k}`);
    };
    walk(bundle.paths, "#/paths");
    expect([...seen.values()].filter((places) => places.length > 1)).toEqual([]);
  });
});
