/**
 * Credentials: every secured operation is refused by the mock without `Authorization` (401); the
 * operations the provider documents as needing no credentials answer without it, and the client
 * never sends the secret to them.
 */
import { describe, expect, inject, it } from "vitest";
import { createTrustedTwinClient } from "../src/index.js";
import { operationFunctions } from "../src/generated/trustedtwin/operations.gen.js";

/** Each operation function\'s spec (method, path, credentials, paging), by operationId. */
const operationTable = specTable(operationFunctions);
import { buildInit, listOperations, pathFor, requestBodyExample, successResponse } from "./spec.js";
import { operationTable as specTable } from "@specforge/mock/testing";

const baseUrl = inject("mockUrls").trustedtwin!;
const SECRET = "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB";

/** The provider's documented no-credential operations (reference §1 "Endpoints that need no auth"). */
const DOCUMENTED_NO_AUTH = [
  "create_user_secret",
  "webhook_confirm_subscription",
  "webhook_refresh_subscription",
  "webhook_unsubscribe",
];

const operations = listOperations();
type Table = Record<string, { secured: boolean; method: string; path: string }>;
const table = operationTable as Table;

/** The operation's example request as a raw fetch: method, URL, JSON body. */
function rawRequest(op: (typeof operations)[number], headers: Record<string, string> = {}): [string, RequestInit] {
  const init = buildInit(op);
  const body = requestBodyExample(op);
  return [
    `${baseUrl}${pathFor(op, init)}`,
    {
      method: op.method,
      headers: { ...headers, ...(body ? { "content-type": body.mediaType } : {}) },
      ...(body ? { body: JSON.stringify(body.value) } : {}),
    },
  ];
}

describe("authentication", () => {
  const secured = operations.filter((op) => table[op.operationId]!.secured);
  const open = operations.filter((op) => !table[op.operationId]!.secured);

  it("the spec marks exactly the documented operations as needing no credentials", () => {
    expect(open.map((op) => op.operationId).sort()).toEqual([...DOCUMENTED_NO_AUTH].sort());
    expect(secured.length + open.length).toBe(operations.length);
    for (const op of open) expect(op.operation.security, op.operationId).toEqual([]);
  });

  for (const op of secured) {
    it(`${op.operationId}: ${op.method} ${op.path} without Authorization → 401`, async () => {
      const response = await fetch(...rawRequest(op));
      expect(response.status).toBe(401);
      const body = (await response.json()) as { subcode?: unknown; description?: unknown };
      expect(body.subcode).toBe(401000);
      expect(body.description).toBeTypeOf("string");
    });
  }

  for (const op of open) {
    it(`${op.operationId}: ${op.method} ${op.path} answers ${successResponse(op).status} without Authorization`, async () => {
      const response = await fetch(...rawRequest(op));
      expect(response.status).toBe(successResponse(op).status);
    });
  }

  it("the client sends the secret to every secured operation and never to the no-auth ones", async () => {
    const seen = new Map<string, string | null>();
    let current = "";
    const tt = createTrustedTwinClient({
      secret: SECRET,
      baseUrl,
      maxRetries: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        seen.set(current, request.headers.get("authorization"));
        return fetch(request);
      },
    }) as unknown as Record<string, (init?: Record<string, unknown>) => Promise<unknown>>;
    for (const op of operations) {
      current = op.operationId;
      // download_doc's binary answer makes the client throw (see coverage.test.ts); the request is what counts here.
      await tt[op.operationId]!(buildInit(op)).catch(() => undefined);
    }
    expect(seen.size).toBe(operations.length);
    for (const op of secured) expect(seen.get(op.operationId), op.operationId).toBe(SECRET);
    for (const op of open) expect(seen.get(op.operationId), op.operationId).toBeNull();
  });
});
