/**
 * The generic fault driver: any client package driven from what it ships (its manifest's factory and
 * options, its spec's idempotency and examples, its docs samples: @specforge/testkit/generic-client).
 * A provider of the registry without a hand-written driver (providers.ts) gets this one; the three
 * hand-written providers are driven by it too, in faults-generic.test.ts, so the generic path is
 * tested here and not only in a copy of the repository with a new provider.
 */
import path from "node:path";
import type { CallOptions, RequestSettings, SpecforgeError } from "@specforge/runtime";
import { fillUrls, genericPlans, type GenericPlan } from "@specforge/testkit/generic-client";
import { json, type Step } from "./fault-server.js";
import { REGISTRY_APIS } from "./registry.js";

export type ErrorClass = abstract new (...args: never[]) => SpecforgeError;

export interface GenericParts {
  ErrorClass: ErrorClass;
  secrets: string[];
  read(options?: CallOptions): Promise<unknown>;
  create?: (options?: CallOptions) => Promise<unknown>;
  ok: Step;
  /** The operations the calls make (read, create). */
  operations: { read: string; create?: string };
}

type Method = (init: unknown, options?: CallOptions) => Promise<unknown>;
type Factory = (options: Record<string, unknown>) => Record<string, unknown>;

/** Each registry provider's generic plan, from its client package's shipped files. */
export const GENERIC_PLANS: Map<string, GenericPlan> = new Map(
  [...new Set(REGISTRY_APIS.map((api) => api.packageDir))]
    .flatMap((dir) => genericPlans(path.resolve(dir)))
    .map((plan) => [plan.api, plan]),
);

/** The package's own error class: the export that names its provider (`static matchProvider`). */
function errorClassOf(pkg: Record<string, unknown>, plan: GenericPlan): ErrorClass {
  const found = Object.values(pkg).filter((v) => typeof v === "function" && Object.hasOwn(v, "matchProvider"));
  if (found.length !== 1)
    throw new Error(
      `${plan.packageName} exports ${found.length} error classes with a matchProvider (expected its one provider error class)`,
    );
  return found[0] as ErrorClass;
}

/** The package's exports, imported once per package. */
const imported = new Map<string, Promise<Record<string, unknown>>>();
const load = (name: string) => {
  if (!imported.has(name)) imported.set(name, import(name) as Promise<Record<string, unknown>>);
  return imported.get(name)!;
};

/**
 * A driver maker for one API: its client on `baseUrl` (every mock URL of its options, a token endpoint
 * included, goes to the one fault server: it answers POST /oauth/token apart). `credentials`, when given,
 * replace the plan's made-up ones in order (a property test's generated values).
 */
export async function genericDriver(
  api: string,
): Promise<(baseUrl: string, settings: RequestSettings, credentials?: string[]) => GenericParts> {
  const plan = GENERIC_PLANS.get(api);
  if (!plan) throw new Error(`no generic plan for "${api}": its client package's manifest does not list it`);
  const read = plan.read;
  if (!read) throw new Error(`${api} cannot be driven generically: ${plan.undrivable}`);
  const pkg = await load(plan.packageName);
  const factory = pkg[plan.factory] as Factory | undefined;
  if (typeof factory !== "function") throw new Error(`${plan.packageName} exports no ${plan.factory}`);
  const ErrorClass = errorClassOf(pkg, plan);
  return (baseUrl, settings, credentials) => {
    const urls = Object.fromEntries((plan.mocks ?? [api]).map((name) => [name, baseUrl]));
    const given = credentials?.length ? plan.secrets.map((_, i) => credentials[i % credentials.length]!) : plan.secrets;
    const options = replaceSecrets(fillUrls(plan.options, urls), plan.secrets, given);
    const client = factory({ ...options, ...settings });
    const method = (name: string): Method => {
      const fn = client[name];
      if (typeof fn !== "function") throw new Error(`${plan.factory}()'s client has no method ${name}`);
      return fn as Method;
    };
    const create = plan.create;
    return {
      ErrorClass,
      secrets: given,
      read: (o) => method(read.method)(structuredClone(read.init), o),
      ...(create ? { create: (o?: CallOptions) => method(create.method)(structuredClone(create.init), o) } : {}),
      ok: json(read.ok.status, read.ok.body ?? {}),
      operations: { read: read.operation, ...(create ? { create: create.operation } : {}) },
    };
  };
}

/** `value` with each string equal to `from[i]` replaced by `to[i]`, deeply. */
function replaceSecrets<T>(value: T, from: string[], to: string[]): T {
  if (typeof value === "string") {
    const i = from.indexOf(value);
    return (i === -1 ? value : to[i]) as T;
  }
  if (Array.isArray(value)) return value.map((v) => replaceSecrets(v, from, to)) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecrets(v, from, to)])) as T;
  return value;
}
