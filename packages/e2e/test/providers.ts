/**
 * Each provider's client, pointed at a fault server, behind one small interface: an idempotent
 * read, a non-idempotent create (where the API has one), the secrets it holds and a valid answer.
 */
import { createMidaxoClient, MidaxoError } from "@specforge/midaxo";
import { createMiddletwinClient, MiddletwinError } from "@specforge/middletwin";
import type { AttemptEvent, CallOptions, RequestSettings } from "@specforge/runtime";
import { createTrustedTwinClient, TrustedTwinError } from "@specforge/trustedtwin";
import { json, type FaultServer, type Step } from "./fault-server.js";
import { type ErrorClass, genericDriver } from "./generic-driver.js";
import { PROVIDERS } from "./registry.js";

export { PROVIDERS };
export type { ErrorClass };
/**
 * A provider of the registry (registry.ts): driven by its hand-written driver below, else by the
 * generic one (generic-driver.ts); a provider neither can drive fails its fault tests saying why.
 */
export type ProviderName = string;

export interface Driver {
  name: ProviderName;
  ErrorClass: ErrorClass;
  /** The credentials the client was given (Midaxo's issued tokens are on the server). */
  secrets: string[];
  /** Every onAttempt event. */
  events: AttemptEvent[];
  /** An idempotent call (GET, or an action the spec marks idempotent). */
  read(options?: CallOptions): Promise<unknown>;
  /** A non-idempotent call (POST, or a create action); Midaxo's API has none. */
  create?: (options?: CallOptions) => Promise<unknown>;
  /** A valid 200 answer to `read`. */
  ok: Step;
  /** Driven by the generic driver (from what the client package ships), not a hand-written one. */
  generic?: true;
}

export interface Credentials {
  secret: string;
  publicKey: string;
  secretKey: string;
  clientId: string;
  clientSecret: string;
}

export const DEFAULT_CREDENTIALS: Credentials = {
  secret: "tt-Zx9/8+vQe3Lr1pAa0bCdEfGh",
  publicKey: "mt-pub-4f3e2d1c0b9a",
  secretKey: "mt-sec-9a8b7c6d5e4f3a2b",
  clientId: "mx-client-id-77b1",
  clientSecret: "mx-client-secret-0c1d2e3f4a5b",
};

/**
 * Fast retries by default, so a suite of faults runs in a few seconds. The per-attempt timeout is only a
 * safety net (the tests of timeouts set their own): 2 s timed out local answers on a loaded 2-core machine,
 * which added attempts the tests then counted.
 */
export const FAST: RequestSettings = { retry: { initialDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 15_000 };

type DriverParts = Omit<Driver, "events" | "name">;

/** How each provider's client is driven: a read, a create, its secrets and a valid answer (its own facts). */
const DRIVERS: Record<string, (baseUrl: string, settings: RequestSettings, credentials: Credentials) => DriverParts> = {
  trustedtwin: (baseUrl, merged, credentials) => {
    const tt = createTrustedTwinClient({ secret: credentials.secret, baseUrl, ...merged });
    return {
      ErrorClass: TrustedTwinError,
      secrets: [credentials.secret],
      read: (o) => tt.who_am_i({}, o),
      create: (o) =>
        tt.create_twin({ body: { description: { name: "pump-7", note: "ünïcode ✓", depth: { n: [1, 2, 3] } } } }, o),
      ok: json(200, { account: "8d0b2c4e-1f3a-4b5c-9d7e-6f8a0b1c2d3e", user: "u", role: "r" }),
    };
  },
  middletwin: (baseUrl, merged, credentials) => {
    const mt = createMiddletwinClient({
      publicKey: credentials.publicKey,
      secretKey: credentials.secretKey,
      baseUrl,
      ...merged,
    });
    return {
      ErrorClass: MiddletwinError,
      secrets: [credentials.publicKey, credentials.secretKey],
      read: (o) => mt.get_member({ id: "1001" }, o),
      create: (o) => mt.create_member({ fname: "Ada", lname: "Lovelace", email: "ada@example.com" }, o),
      ok: json(200, { success: true, errorMessage: "", member: { id: "1001", fname: "Ada", lname: "Lovelace" } }),
    };
  },
  midaxo: (baseUrl, merged, credentials) => {
    const mx = createMidaxoClient({
      region: "eu",
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      baseUrl,
      tokenUrl: `${baseUrl}/oauth/token`,
      ...merged,
    });
    return {
      ErrorClass: MidaxoError,
      secrets: [credentials.clientId, credentials.clientSecret],
      read: (o) => mx.get_process({ path: { processId: "p1" } }, o),
      ok: json(200, { id: "p1", name: "Pipeline" }),
    };
  },
};

/** The providers with a hand-written driver (each must be a provider of the registry). */
export const DRIVEN = Object.keys(DRIVERS);

/** Every provider's generic driver, or why there is none (the plan's reason: its auth, no sample to call...). */
export const GENERIC = new Map(
  await Promise.all(
    PROVIDERS.map(async (name) => [name, await genericDriver(name).catch((error: Error) => error)] as const),
  ),
);

/**
 * A client of `name` on the fault server: its hand-written driver, else (or with `generic`) the generic
 * one. `credentials` other than the defaults replace the generic driver's made-up ones, in order.
 */
export function connect(
  name: ProviderName,
  server: FaultServer,
  settings: RequestSettings = {},
  credentials: Credentials = DEFAULT_CREDENTIALS,
  { generic = false }: { generic?: boolean } = {},
): Driver {
  const events: AttemptEvent[] = [];
  const merged: RequestSettings = { ...FAST, ...settings, onAttempt: (e) => events.push(e) };
  const driver = DRIVERS[name];
  if (driver && !generic) return { name, events, ...driver(server.url, merged, credentials) };
  const made = GENERIC.get(name);
  if (!made || made instanceof Error)
    throw new Error(
      `no fault driver for "${name}": ${made?.message ?? "not a provider of the registry"}; ` +
        "add one to DRIVERS in packages/e2e/test/providers.ts (a read, a create, its secrets, a valid answer)",
    );
  const given =
    credentials === DEFAULT_CREDENTIALS
      ? undefined
      : [
          credentials.secret,
          credentials.publicKey,
          credentials.secretKey,
          credentials.clientId,
          credentials.clientSecret,
        ];
  const { operations: _, ...parts } = made(server.url, merged, given);
  return { name, events, generic: true, ...parts };
}

/**
 * Runs `call`, which must reject, and returns what it rejected with and how long that took. The
 * clock starts before the call does: a client's timers start inside the call, so a clock started
 * after it would measure less than the client waited.
 */
export async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error("expected the call to fail");
}

/** Runs `call` and returns its value and how long it took, the clock started before the call. */
export async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: performance.now() - started };
}
