/**
 * Contract tests derived from the bundle: every operation of the Midaxo spec, called through the
 * client against the mocks (API + token endpoint), answers with a 2xx body that validates
 * against its response schema.
 */
import { describe, expect, inject, it } from "vitest";
import { createMidaxoClient } from "../src/index.js";
import { operationFunctions } from "../src/generated/midaxo/operations.gen.js";

/** Each operation function\'s spec (method, path, credentials, paging), by operationId. */
const operationTable = specTable(operationFunctions);
import { createValidator, listOperations, recorder } from "./helpers.js";
import { operationTable as specTable } from "@specforge/mock/testing";

const urls = inject("mockUrls");
const baseUrl = urls.midaxo!;
const tokenUrl = `${urls["midaxo-oauth"]!}/oauth/token`;
const operations = listOperations();
const validatorFor = createValidator();

describe("every operation of the spec against the mock", () => {
  it("enumerates the operations from the bundle (and the client has each one)", () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(operationTable).sort());
  });

  it("calls each operation and validates its 2xx body against the response schema", async () => {
    const wire = recorder();
    const midaxo = createMidaxoClient({
      region: "eu",
      clientId: "client-id-1234",
      clientSecret: "client-secret-5678",
      baseUrl,
      tokenUrl,
      fetch: wire.fetch,
    });
    const client = midaxo as unknown as Record<string, (init: object) => Promise<unknown>>;
    const failures: string[] = [];
    const called: string[] = [];
    for (const op of operations) {
      const body = await client[op.operationId]!({ path: op.pathParams }).catch((e: unknown) => {
        failures.push(`${op.operationId}: ${String(e)}`);
        return undefined;
      });
      if (body === undefined) continue;
      const validate = validatorFor(op.successSchema);
      if (!validate(body)) failures.push(`${op.operationId}: ${JSON.stringify(validate.errors)}`);
      called.push(op.operationId);
    }
    expect(failures).toEqual([]);
    expect(called).toHaveLength(operations.length);
    // One token for the whole run; each operation went to its own method and path.
    const api = wire.requests.filter((r) => new URL(r.url).origin === new URL(baseUrl).origin);
    expect(wire.requests.length - api.length).toBe(1);
    expect(api.map((r) => `${r.method} ${decodeURIComponent(new URL(r.url).pathname)}`)).toEqual(
      operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, (_, name: string) => o.pathParams[name]!)}`),
    );
  });

  it("the API mock answers 401 without Authorization", async () => {
    const response = await fetch(`${baseUrl}/processes`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "Unauthorized" });
  });

  it("the token mock issues a token for a form-encoded client-credentials request", async () => {
    const response = await fetch(tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "id",
        client_secret: "secret",
        audience: "kappa-appsync-app-api",
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    expect(body.access_token).toMatch(/^eyJ/);
    expect(body.expires_in).toBeGreaterThan(0);
  });
});
