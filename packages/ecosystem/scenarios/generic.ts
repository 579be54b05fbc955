// The generic scenario: any client package driven from what it ships, in every runtime. Its plan
// (@specforge/testkit/generic-client, made in Node by the global setup from the package's manifest,
// spec and docs samples) names the factory and its options, a read with its docs sample's argument,
// and made-up credentials. Public API only: the factory, a method, the package's error class.

/**
 * What the global setup hands over per API (plain JSON; `{mock:<api>}` where a URL goes): the shape
 * of @specforge/testkit/generic-client's GenericPlan, restated because Bun and Deno run this source
 * in a consumer project that has only the published packages, not the private test kit.
 */
export interface GenericPlan {
  api: string;
  packageName: string;
  factory: string;
  options: Record<string, unknown>;
  secrets: string[];
  mocks?: string[];
  read?: { operation: string; method: string; init: unknown; ok: { status: number; body: unknown } };
  create?: { operation: string; method: string; init: unknown };
  undrivable?: string;
}

type Client = Record<string, unknown>;
type Method = (init: unknown) => Promise<unknown>;

function fillUrls(value: unknown, urls: Record<string, string>): unknown {
  if (typeof value === "string") return value.replace(/\{mock:([^}]+)\}/g, (found, api: string) => urls[api] ?? found);
  if (Array.isArray(value)) return value.map((v) => fillUrls(v, urls));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillUrls(v, urls)]));
  return value;
}

/** The JSON type of a value, as the expected result names it. */
export function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/**
 * Creates the client as the manifest says, calls the read against the mock and returns what it got;
 * then calls it where the mock has no such path and returns what the package's error class says.
 */
export async function genericScenario(pkg: Record<string, unknown>, plan: GenericPlan, urls: Record<string, string>) {
  if (!plan.read) return { api: plan.api, undrivable: plan.undrivable };
  const factory = pkg[plan.factory] as (options: Record<string, unknown>) => Client;
  const ErrorClass = Object.values(pkg).find(
    (v): v is abstract new (...args: never[]) => Error => typeof v === "function" && Object.hasOwn(v, "matchProvider"),
  );
  const options = fillUrls(plan.options, urls) as Record<string, unknown>;
  const call = (client: Client) => (client[plan.read!.method] as Method)(JSON.parse(JSON.stringify(plan.read!.init)));
  const answer = await call(factory({ ...options, maxRetries: 0 }));
  let error: Record<string, unknown> = { thrown: false };
  if (typeof options.baseUrl !== "string") error = { thrown: false, reason: "the factory takes no baseUrl" };
  else
    try {
      await call(factory({ ...options, baseUrl: `${options.baseUrl}/specforge-no-such-path`, maxRetries: 0 }));
    } catch (caught) {
      const e = caught as { status?: number; kind?: string; message?: string };
      const shown = `${e.message} ${JSON.stringify(caught)}`;
      error = {
        thrown: true,
        isPackageError: ErrorClass !== undefined && caught instanceof ErrorClass,
        status: e.status,
        kind: e.kind,
        leaksSecret: plan.secrets.some((secret) => shown.includes(secret)),
      };
    }
  return { api: plan.api, operation: plan.read.operation, answered: jsonType(answer), error };
}
