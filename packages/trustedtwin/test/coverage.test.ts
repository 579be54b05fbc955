/**
 * Every operation of the bundled spec, called through the client by its operationId with a
 * request built from the spec, answered by the mock with a body that validates against the
 * operation's 2xx response schema. The operation list comes from the bundle, never by hand.
 */
import { describe, expect, inject, it } from "vitest";
import { createTrustedTwinClient } from "../src/index.js";
import { operationFunctions } from "../src/generated/trustedtwin/operations.gen.js";

/** Each operation function\'s spec (method, path, credentials, paging), by operationId. */
const operationTable = specTable(operationFunctions);
import { buildInit, bundle, deref, createValidator, listOperations, pathFor, successResponse } from "./spec.js";
import { operationTable as specTable } from "@specforge/mock/testing";

const baseUrl = inject("mockUrls").trustedtwin!;
const SECRET = "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB";

const operations = listOperations();
const validatorFor = createValidator();

/** Every operationId in the bundle, counted straight from its JSON (independently of listOperations). */
function operationIdsInBundle(): string[] {
  const ids: string[] = [];
  for (const item of Object.values<any>(bundle.paths))
    for (const value of Object.values<any>(item))
      if (value && typeof value === "object" && typeof value.operationId === "string") ids.push(value.operationId);
  return ids;
}

describe("operation coverage: every operation of the spec works through the client against the mock", () => {
  /** The operations whose test passed (a failed or skipped one never gets here). */
  const passed = new Set<string>();
  const requests: Request[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    return fetch(request);
  };
  const tt = createTrustedTwinClient({
    secret: SECRET,
    baseUrl,
    maxRetries: 0,
    fetch: recordingFetch,
  }) as unknown as Record<string, (init?: Record<string, unknown>) => Promise<unknown>>;

  it("lists the bundle's operations: unique operationIds, one client method and one table entry each", () => {
    const ids = operationIdsInBundle();
    expect(operations.length).toBeGreaterThan(80);
    expect(operations.map((o) => o.operationId).sort()).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(operationTable).sort()).toEqual([...ids].sort());
    for (const op of operations) {
      expect(typeof tt[op.operationId], op.operationId).toBe("function");
      expect(operationTable[op.operationId as keyof typeof operationTable]).toMatchObject({
        method: op.method,
        path: op.path,
      });
    }
  });

  it("validates for real: a body breaking the response schema is rejected", () => {
    const getTwin = operations.find((o) => o.operationId === "get_twin")!;
    const validate = validatorFor(successResponse(getTwin).schemaPointer!);
    expect(validate({ status: "zombie" })).toBe(false);
    expect(validate({ owner: "not-a-uuid", status: "alive", updated_ts: 1, creation_certificate: {} })).toBe(false);
  });

  for (const op of operations) {
    const success = successResponse(op);
    it(`${op.operationId}: ${op.method} ${op.path} → ${success.status}`, async () => {
      const init = buildInit(op);
      requests.length = 0;

      if (success.mediaType && !/json/i.test(success.mediaType)) {
        // A non-JSON success (download_doc answers application/octet-stream): the client resolves
        // to a Blob of the bytes the server sent.
        const raw = await fetch(`${baseUrl}${pathFor(op, init)}`, {
          method: op.method,
          headers: { authorization: SECRET },
        });
        expect(raw.status).toBe(success.status);
        expect(raw.headers.get("content-type")).toContain(success.mediaType);
        const expected = new Uint8Array(await raw.arrayBuffer());
        expect(expected.byteLength).toBeGreaterThan(0);
        const data = (await tt[op.operationId]!(init)) as unknown;
        expect(data).toBeInstanceOf(Blob);
        expect(new Uint8Array(await (data as Blob).arrayBuffer())).toEqual(expected);
        passed.add(op.operationId); // only once every assertion above held
        return;
      }

      const data = await tt[op.operationId]!(init);
      // The client sent exactly one request, with the operation's method and path.
      expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
        `${op.method} ${pathFor(op, init).split("?")[0]}`,
      ]);
      if (!success.schemaPointer) {
        expect(data).toBeUndefined();
        passed.add(op.operationId); // only once every assertion above held
        return;
      }
      const validate = validatorFor(success.schemaPointer);
      const valid = validate(data);
      expect(validate.errors ?? [], `${op.operationId} response: ${JSON.stringify(data)}`).toEqual([]);
      expect(valid).toBe(true);
      // The mock answers with the operation's own first named example (not some schema-level one).
      const examples = success.response.content[success.mediaType!].examples ?? {};
      const first = Object.values<any>(examples)[0];
      expect(first, `${op.operationId}: the ${success.status} response has a named example`).toBeDefined();
      expect(data).toEqual(deref(first).value);
      passed.add(op.operationId); // only once every assertion above held
    });
  }

  // Optional query parameters too: each one's example (or a value from its schema) is accepted.
  for (const op of operations.filter((o) => o.parameters.some((p) => p.in === "query" && !p.required))) {
    const success = successResponse(op);
    if (!success.mediaType || !/json/.test(success.mediaType)) continue;
    it(`${op.operationId} with every query parameter (${op.parameters
      .filter((p) => p.in === "query")
      .map((p) => p.name)
      .join(", ")}) → ${success.status}`, async () => {
      const init = buildInit(op, { allQuery: true });
      requests.length = 0;
      const data = await tt[op.operationId]!(init);
      const sent = new URL(requests[0]!.url).searchParams;
      for (const name of Object.keys(init.query as object)) expect(sent.has(name), `${name} sent`).toBe(true);
      const validate = validatorFor(success.schemaPointer!);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it("called every operation of the bundle and each one passed (none skipped, none failed)", () => {
    const ids = operationIdsInBundle();
    expect(ids.filter((id) => !passed.has(id))).toEqual([]);
    expect(passed.size).toBe(ids.length);
  });
});
