// The one result per client that every runtime must produce: its hand-written scenario's (below), and
// its generic scenario's, derived from the plan its package's shipped files give (setup.ts, generic.ts).
import type { GenericPlan } from "@specforge/testkit/generic-client";
import { expect, inject } from "vitest";
import { jsonType } from "../scenarios/generic.js";
import type { Client } from "./eco.js";

const TWIN = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";

/** What each client's hand-written scenario must return, in every runtime. */
export const EXPECTED: Record<Client, unknown> = {
  trustedtwin: {
    spec: "Trusted Twin API",
    webhooks: {
      trigger: "ledger.entry.updated",
      oldValue: 31.5,
      parseError: "NotificationParseError",
      account: "8d0b2c4e-1f3a-4b5c-9d7e-6f8a0b1c2d3e",
      confirmStatus: 404,
    },
    account: expect.stringMatching(/^[0-9a-f-]{36}$/),
    twin: { uuid: TWIN, status: "alive", standalone: "alive" },
    scanned: 5,
    firstTwin: TWIN,
    pages: ["200", "200", "200"],
    error: {
      thrown: true,
      isTrustedTwinError: true,
      isNotFoundError: true,
      status: 404,
      subcode: 404653,
      hasDescription: true,
      hasTrace: true,
      leaksSecret: false,
    },
  },
  middletwin: {
    spec: "middletwin API",
    tenant: "demo",
    firstPage: expect.any(Number),
    members: expect.arrayContaining(["Lovelace"]),
    pages: ["200", "200", "200"],
    error: {
      thrown: true,
      isMiddletwinError: true,
      kind: "api",
      status: 200,
      action: "no_such_action",
      errorMessage: "Unknown action: no_such_action",
      leaksKey: false,
    },
  },
  midaxo: {
    spec: expect.stringMatching(/Midaxo/),
    oauth: ["/oauth/token"],
    tokenRequests: 1,
    projects: ["Project Falcon", "Project Heron", "Project Osprey", "Project Kestrel", "Project Merlin"],
    pages: ["200", "200", "200"],
    error: { thrown: true, isMidaxoError: true, status: 404 },
  },
};

/**
 * What the generic scenario of one API returns: its read answered (a value of its example's JSON type),
 * and a call where the mock has no such path failing with the package's error class, without a credential.
 * An API the plan cannot drive fails here, saying why, unless its client has a hand-written scenario.
 */
export function genericExpected(client: Client, plan: GenericPlan): unknown {
  if (!plan.read) {
    if (client in EXPECTED) return { api: plan.api, undrivable: plan.undrivable };
    throw new Error(
      `${plan.api} cannot be driven by the generic scenario (${plan.undrivable}): add a scenario for ${client} to packages/ecosystem/scenarios and its result to test/expected.ts`,
    );
  }
  return {
    api: plan.api,
    operation: plan.read.operation,
    answered: jsonType(plan.read.ok.body),
    error:
      "baseUrl" in plan.options
        ? { thrown: true, isPackageError: true, status: 404, kind: "not_found", leaksSecret: false }
        : { thrown: false, reason: "the factory takes no baseUrl" },
  };
}

/** What a client's run returns in every runtime: its hand-written scenario's result, if any, and the generic ones. */
export function expectedOf(client: Client): unknown {
  const generic = (inject("eco").plans[client] ?? []).map((plan) => genericExpected(client, plan));
  return client in EXPECTED ? { scenario: EXPECTED[client], generic } : { generic };
}

/** Asserts one client's run, naming the runtime in the failure. */
export function expectScenario(client: Client, where: string, result: unknown) {
  expect(result, `${client} in ${where}`).toEqual(expectedOf(client));
  if (client === "middletwin")
    expect((result as { scenario: { members: string[] } }).scenario.members, `${client} in ${where}`).toHaveLength(5);
}
