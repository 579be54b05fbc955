// The one result per client that every runtime must produce.
import { expect } from "vitest";
import type { Client } from "./eco.js";

const TWIN = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";

/** What each client's scenario must return, in every runtime. */
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

/** Asserts one scenario result, naming the runtime in the failure. */
export function expectScenario(client: Client, where: string, result: unknown) {
  expect(result, `${client} in ${where}`).toEqual(EXPECTED[client]);
  if (client === "middletwin")
    expect((result as { members: string[] }).members, `${client} in ${where}`).toHaveLength(5);
}
