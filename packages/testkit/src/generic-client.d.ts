/** The generic plan of one API of a client package (plain JSON; `{mock:<api>}` where a URL goes). */
export interface GenericPlan {
  api: string;
  packageName: string;
  /** The factory the manifest names, e.g. `createAcmeClient`. */
  factory: string;
  /** The factory's options: made-up credentials, `{mock:<api>}` in URLs (see `fillUrls`). */
  options: Record<string, unknown>;
  /** Every made-up credential among the options. */
  secrets: string[];
  /** The APIs whose URLs the options name (the package's mocks, a token endpoint included). */
  mocks?: string[];
  /** An idempotent call with a docs sample (a secured read first) and its success answer. */
  read?: { operation: string; method: string; init: unknown; ok: { status: number; body: unknown } };
  /** A non-idempotent call with a docs sample, where the API has one. */
  create?: { operation: string; method: string; init: unknown };
  /** Why this API cannot be driven generically (then `read` is absent): the suites say it, naming the API. */
  undrivable?: string;
}

/** One plan per API of the client package in `packageDir` that is not another's companion. */
export declare function genericPlans(packageDir: string): GenericPlan[];
/** The call a docs sample makes: its method and argument. */
export declare function sampleCall(source: string | undefined): { method: string; init: unknown } | undefined;
/** Every string of `value` (deeply) with `{mock:<api>}` replaced by `urls[api]`. */
export declare function fillUrls<T>(value: T, urls: Record<string, string>): T;
