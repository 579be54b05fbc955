/// <reference types="@specforge/mock/vitest" />
// The client against its real mock (Prism on the spec): an operation taken from the spec, not
// from a list written here, is called through the client with a credential for every scheme.
import { readFileSync } from "node:fs";
import { type Operation, operationsOf, parameterExample, resolveRef, schemaExample } from "@specforge/model";
import { describe, expect, inject, it } from "vitest";
import { createProviderNameClient, operationFunctions, securitySchemes } from "../src/index.js";

const baseUrl = inject("mockUrls")["provider-name"]!;
const spec = JSON.parse(readFileSync(new URL("../openapi/provider-name.json", import.meta.url), "utf8"));

type Schema = { type?: unknown; format?: string; minimum?: number; items?: Schema };

/** A value the parameter's schema accepts: the spec's example, else one made from its type and format. */
function valueFor(schema: unknown): unknown {
  const given = schemaExample(spec, schema);
  if (given !== undefined) return given;
  const s: Schema = resolveRef(spec, schema) ?? {};
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "integer" || type === "number") return s.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "array") return [valueFor(s.items)];
  if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
  if (s.format === "date-time") return "2024-01-01T00:00:00Z";
  if (s.format === "date") return "2024-01-01";
  if (s.format === "email") return "someone@example.com";
  return "1";
}

/** The client's first GET operation with an example answer (else its first GET, else its first operation). */
function firstOperation() {
  const byId = new Map(operationsOf(spec).map((o) => [o.operationId, o]));
  const methods = Object.entries(operationFunctions).map(([method, fn]) => ({
    method,
    spec: fn.operation,
    operation: byId.get(fn.operation.name)!,
  }));
  // A GET whose success answer has an example first: Prism answers it at once, where it could take
  // long to make a body up from a large (or recursive) schema.
  const hasExample = (operation: Operation) =>
    operation.responses.some(
      (r) =>
        r.success &&
        Object.values(r.response?.content ?? {}).some(
          (media: any) =>
            media?.example !== undefined ||
            Object.keys(media?.examples ?? {}).length > 0 ||
            resolveRef(spec, media?.schema)?.examples?.length > 0,
        ),
    );
  const gets = methods.filter((m) => m.spec.method === "GET");
  const pick = gets.find((m) => hasExample(m.operation)) ?? gets[0] ?? methods[0];
  if (!pick) throw new Error("the spec has no operation the client exposes");
  const init: Record<string, Record<string, unknown>> = {};
  for (const p of pick.operation.parameters) {
    if (!p.required || p.in === "cookie") continue;
    (init[p.in] ??= {})[p.name] = parameterExample(spec, p) ?? valueFor(p.schema);
  }
  return { id: pick.method as keyof typeof operationFunctions, init };
}

/** A credential for every scheme the client can send (the mock checks presence and form, not value). */
const credentials = Object.fromEntries(
  Object.entries(securitySchemes as Record<string, { type: string; scheme?: string }>)
    .filter(([, s]) => s.type !== "mutualTLS")
    .map(([name, s]) => [
      name,
      s.type === "http" && s.scheme?.toLowerCase() === "basic"
        ? { username: "smoke", password: "smoke-password" }
        : "smoke-credential",
    ]),
);

describe("provider-name client against its mock", () => {
  it("calls an operation of the spec and gets its 2xx answer", async () => {
    const client = createProviderNameClient({ baseUrl, credentials, maxRetries: 0 });
    const { id, init } = firstOperation();
    const call = client[id] as unknown as (init: object) => Promise<unknown>;
    await expect(call(init)).resolves.not.toBeInstanceOf(Error);
  });

  it("refuses a credential for a scheme the spec does not have", () => {
    expect(() => createProviderNameClient({ baseUrl, credentials: { "no-such-scheme": "x" } as never })).toThrow(
      /not a security scheme/,
    );
  });
});
