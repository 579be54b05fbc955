/**
 * Requests that break the spec get a 4xx whose Trusted Twin error body names the offending field
 * (the mock writes Prism's validation findings into `description`).
 */
import { describe, expect, inject, it } from "vitest";
import { createTrustedTwinClient, TrustedTwinError, ValidationError } from "../src/index.js";
import { buildInit, createValidator, deref, listOperations, requestBodyExample, type SpecOperation } from "./spec.js";

const baseUrl = inject("mockUrls").trustedtwin!;
const SECRET = "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB";
const tt = createTrustedTwinClient({ secret: SECRET, baseUrl, maxRetries: 0 });
const validatorFor = createValidator();

describe("request validation", () => {
  it("create_twin with description: 5 → 400 TrustedTwinError whose description names `description`", async () => {
    // @ts-expect-error description must be an object (or null): the types refuse it too.
    const error = await tt.create_twin({ body: { description: 5 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrustedTwinError);
    expect(error).toBeInstanceOf(ValidationError);
    const e = error as TrustedTwinError;
    expect(e.status).toBe(400);
    expect(e.subcode).toBe(400415);
    expect(e.description).toMatch(/\bdescription\b/);
    expect(e.trace).toBeTypeOf("string");
  });

  it("a query parameter of the wrong type → 400 naming the parameter", async () => {
    const response = await fetch(`${baseUrl}/twins?count=many`, { headers: { authorization: SECRET } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { description: string };
    expect(body.description).toMatch(/\bcount\b/);
  });

  // Every operation with a JSON body: break one top-level property (a value its schema refuses) → 4xx naming it.
  const WRONG_VALUES: unknown[] = [5, "not-valid", true, [], { unexpected: 1 }, null];
  const withBodies = listOperations()
    .map((op) => ({ op, example: requestBodyExample(op) }))
    .filter(
      (x): x is { op: SpecOperation; example: NonNullable<ReturnType<typeof requestBodyExample>> } =>
        !!x.example && /json/.test(x.example.mediaType),
    );

  it("the spec has operations with JSON bodies to break", () => expect(withBodies.length).toBeGreaterThan(30));

  for (const { op, example } of withBodies) {
    it(`${op.operationId}: a body breaking its schema → 4xx naming the field`, async () => {
      const requestBody = deref(op.operation.requestBody);
      const bodyPointer = op.operation.requestBody.$ref ?? `${op.pointer}/requestBody`;
      const validate = validatorFor(`${bodyPointer}/content/${example.mediaType.replace(/\//g, "~1")}/schema`);
      expect(validate(example.value), `${op.operationId}: its own example is valid`).toBe(true);
      // Find a top-level property and a value for it that the schema refuses.
      const base = (
        example.value && typeof example.value === "object" && !Array.isArray(example.value) ? example.value : {}
      ) as Record<string, unknown>;
      const schema = deref(requestBody.content[example.mediaType].schema);
      const candidates = [...new Set([...Object.keys(base), ...Object.keys(schema.properties ?? {})])];
      let broken: { field: string; body: Record<string, unknown> } | undefined;
      for (const field of candidates) {
        for (const wrong of WRONG_VALUES) {
          const body = { ...base, [field]: wrong };
          if (!validate(body)) {
            broken = { field, body };
            break;
          }
        }
        if (broken) break;
      }
      expect(broken, `${op.operationId}: some property can be broken`).toBeDefined();
      const init = { ...buildInit(op), body: broken!.body };
      const call = (tt as unknown as Record<string, (init: unknown) => Promise<unknown>>)[op.operationId]!;
      const error = await call(init).catch((e: unknown) => e);
      expect(error, `${op.operationId} accepted ${JSON.stringify(broken!.body)}`).toBeInstanceOf(TrustedTwinError);
      const e = error as TrustedTwinError;
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(500);
      // Prism spells a field as a JSON pointer segment (`/` → `~1`), e.g. a CIDR key `203.0.113.0~124`.
      const spellings = [broken!.field, broken!.field.replace(/~/g, "~0").replace(/\//g, "~1")];
      expect(
        spellings.some((f) => e.description?.includes(f)),
        `${e.description} names ${broken!.field}`,
      ).toBe(true);
    });
  }
});
