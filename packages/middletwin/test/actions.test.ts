/**
 * Contract tests derived from the bundle: every action of the spec, called through the client
 * against the mock, answers with a body that validates against that action's own response schema;
 * and the docs view (middletwin.docs.json) has one operation per action, tagged and marked.
 */
import { describe, expect, inject, it } from "vitest";
import { actionFunctions, createMiddletwinClient, type ActionName } from "../src/index.js";
import { bundle, createValidator, docsView, listActions } from "./helpers.js";

const baseUrl = inject("mockUrls").middletwin!;
const actions = listActions();
const validatorFor = createValidator();

describe("every action of the spec against the mock", () => {
  it("enumerates the actions from the request union (one per oneOf variant, mapping and client method)", () => {
    const union = bundle.components.schemas.ActionRequest;
    expect(actions.length).toBeGreaterThan(0);
    expect(actions).toHaveLength(union.oneOf.length);
    expect(actions.map((a) => a.name).sort()).toEqual(Object.keys(actionFunctions).sort());
  });

  it("calls each action with its example and validates the answer against its own response schema", async () => {
    const mt = createMiddletwinClient({ publicKey: "pk_test_7f3a9c", secretKey: "sk_test_b81e44d0", baseUrl });
    const called: string[] = [];
    const failures: string[] = [];
    await Promise.all(
      actions.map(async (action) => {
        const result = await mt.call(action.name as ActionName, action.params as never).catch((e: unknown) => {
          failures.push(`${action.name}: ${String(e)}`);
          return undefined;
        });
        if (result === undefined) return;
        const validate = validatorFor(action.responseRef);
        if (!validate(result)) failures.push(`${action.name}: ${JSON.stringify(validate.errors)}`);
        expect((result as { success: boolean }).success).toBe(true);
        called.push(action.name);
      }),
    );
    expect(failures).toEqual([]);
    expect(called).toHaveLength(actions.length);
  });

  it("answers a different body per action (the router forwards by action)", async () => {
    const mt = createMiddletwinClient({ publicKey: "pk_test_7f3a9c", secretKey: "sk_test_b81e44d0", baseUrl });
    const tenant = await mt.call("get_tenant", { subdomain: "demo" });
    const members = await mt.call("get_all_members", { limit: 2 });
    expect(tenant).toHaveProperty("tenant");
    expect(tenant).not.toHaveProperty("members");
    expect(members).toHaveProperty("members");
    expect(members).not.toHaveProperty("tenant");
  });
});

describe("the docs view (no browser)", () => {
  const operations = Object.entries<any>(docsView.paths).flatMap(([path, item]) =>
    Object.entries<any>(item).map(([method, op]) => ({ path, method, op })),
  );

  it("has one operation per action, named by the action and tagged by its object type", () => {
    expect(operations).toHaveLength(actions.length);
    const byId = new Map(operations.map((o) => [o.op.operationId, o]));
    const tagNames = new Set((docsView.tags ?? []).map((t: { name: string }) => t.name));
    for (const action of actions) {
      const entry = byId.get(action.name);
      expect(entry, `docs operation for ${action.name}`).toBeDefined();
      expect(entry!.op.tags).toEqual(action.xAction.tags);
      for (const tag of entry!.op.tags) expect(tagNames.has(tag), `tag ${tag} is declared`).toBe(true);
    }
  });

  it("shows the Inferred marker (description text and x-badges) on inferred actions only", () => {
    const byId = new Map(operations.map((o) => [o.op.operationId, o.op]));
    const inferred = actions.filter((a) => a.xAction.provenance === "inferred");
    const documented = actions.filter((a) => a.xAction.provenance !== "inferred");
    expect(inferred.length).toBeGreaterThan(0);
    expect(documented.map((a) => a.name)).toEqual(
      expect.arrayContaining(["get_all_members", "get_tenant", "lookup_member"]),
    );
    for (const action of inferred) {
      const op = byId.get(action.name);
      expect(op.description, action.name).toMatch(/^\*Inferred\b/);
      expect(op["x-badges"], action.name).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "Inferred" })]),
      );
    }
    for (const action of documented) {
      const op = byId.get(action.name);
      expect(op.description ?? "", action.name).not.toMatch(/Inferred/);
      expect(op["x-badges"] ?? [], action.name).not.toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "Inferred" })]),
      );
    }
  });

  it("shows each Inferred note once (shared parts of the actions are not marked once per action)", () => {
    const repeated: string[] = [];
    JSON.stringify(docsView, (key, value: unknown) => {
      if (key === "description" && typeof value === "string" && value.split("*Inferred:").length > 2)
        repeated.push(value.slice(0, 120));
      return value;
    });
    expect(repeated).toEqual([]);
  });
});
