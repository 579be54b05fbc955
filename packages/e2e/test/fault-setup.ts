// What the fault tests share: a fault server and a client on it per test, and checks of the
// error a call raised (faults.test.ts and faults-calls.test.ts).
import { SpecforgeError, type AttemptEvent, type RequestSettings } from "@specforge/runtime";
import { expect, type TestContext } from "vitest";
import { startFaultServer, type FaultServer } from "./fault-server.js";
import { connect, DEFAULT_CREDENTIALS, type Driver, type ProviderName } from "./providers.js";

/**
 * A fault server and a client on it, for one test (closed when that test ends; tests run concurrently):
 * the provider's own driver, or with `generic` the generic driver (generic-driver.ts).
 */
export async function setup(
  ctx: TestContext,
  name: ProviderName,
  settings: RequestSettings = {},
  { generic = false }: { generic?: boolean } = {},
): Promise<{ server: FaultServer; client: Driver }> {
  const server = await startFaultServer();
  ctx.onTestFinished(() => server.close());
  const client = connect(name, server, settings, DEFAULT_CREDENTIALS, { generic });
  server.fallback = client.ok;
  return { server, client };
}

/** The events of the operation itself (not of Midaxo's token requests). */
export const apiEvents = (client: Driver): AttemptEvent[] =>
  client.events.filter((e) => e.operation !== "create_token");

export function expectTyped(error: unknown, client: Driver): SpecforgeError {
  expect(error).toBeInstanceOf(SpecforgeError);
  expect(error).toBeInstanceOf(client.ErrorClass);
  return error as SpecforgeError;
}
