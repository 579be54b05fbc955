export interface RunningMock {
  /** The API's name (as in its client package's manifest, e.g. "petstore"). */
  api: string;
  /** The client package serving it. */
  packageName: string;
  /** The mock's public URL (the router in front of Prism). */
  url: string;
  port: number;
  prismUrl: string;
  prismPid: number;
  /** The variable the test helpers set to `url` (e.g. PETSTORE_MOCK_URL). */
  urlEnv?: string;
  /** Webhook delivery, when the API's spec has `x-mock-webhooks`. */
  webhooks?: {
    /** Waits until every message sent so far was delivered or given up on. */
    settled(): Promise<unknown>;
    /** The subscriptions the mock holds. */
    subscriptions(): Array<{
      id: string;
      topic: string;
      account: unknown;
      callback: string;
      validity: number;
      confirmed: boolean;
    }>;
  };
  /** The stateful mock's store (undefined with `stateless: true`). */
  store?: Store;
  /** Puts the store back to its seed: the spec's examples plus your fixtures (also `POST /__specforge/reset`). */
  reset(): Promise<void>;
  /** Stops the router and Prism's whole process group (idempotent). */
  stop(): Promise<void>;
}
/** The validating proxy's options (with `upstream`/`upstreams`: the API's answers come from the real API). */
export interface ProxyOptions {
  /** File the JSON report is written to on stop (credentials redacted). */
  report?: string;
  /** Keep bodies in the report (cut at `bodyLimit` characters); false leaves them out. Default true. */
  bodies?: boolean;
  /** Characters of each body the report keeps (default 4096). */
  bodyLimit?: number;
  /** Receives one line per violation (default: stderr). */
  log?: (line: string) => void;
  /** More values never to print or report. */
  secrets?: Iterable<string>;
}
export interface ProxyViolation {
  operation: string;
  /** e.g. "response body /twins/0/status", "response status", "request header X-Apikey". */
  location: string;
  expected: string;
  actual: string;
  rule: string;
  /** The spec element contradicted, as a JSON pointer into the mock view. */
  specElement?: string;
}
export interface ProxyExchange {
  operation: string;
  method: string;
  url: string;
  status?: number;
  error?: string;
  violations: ProxyViolation[];
}
export interface RunningProxy {
  url: string;
  port: number;
  upstream: string;
  exchanges: ProxyExchange[];
  addSecret(value: string): void;
  onExchange(listener: (exchange: ProxyExchange) => void): () => void;
  /** Resolves once every exchange so far has been checked. */
  settled(): Promise<void>;
  report(): object;
  reportText(): string;
  stop(): Promise<void>;
}
/** A mock whose answers come from the real API through the validating proxy. */
export interface RunningProxyMock {
  api: string;
  packageName: string;
  url: string;
  port: number;
  urlEnv?: string;
  upstream: string;
  proxy: RunningProxy;
  stop(): Promise<void>;
}
export interface TourSummary {
  called: number;
  conforming: number;
  violating: number;
  /** Calls the upstream did not answer (connection refused, reset, ...). */
  failed: number;
  skipped: Array<{ operation: string; reason: string }>;
  results: Array<{
    operation: string;
    method: string;
    status: number;
    violations: ProxyViolation[];
    fromAnswers: string[];
    error?: string;
  }>;
}
/** Runs the read-only tour (the mock view's `x-specforge-tour`) through a running proxy. */
export declare function runTour(options: {
  proxy: RunningProxy;
  view: object;
  api?: string;
  allowWrites?: boolean;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}): Promise<TourSummary>;
/** Replays a proxy report against an API's mock view (no credentials needed). */
export declare function checkReport(
  report: object,
  api: { view: object; envelope?: object },
): { lines: string[]; violations: ProxyViolation[]; recorded: ProxyViolation[]; exchanges: number };
export declare const REPORT_FORMAT: string;
export declare function startProxy(
  options: ProxyOptions & {
    view: object;
    bundle?: object;
    api: string;
    packageName?: string;
    upstream: string;
    port?: number;
    host?: string;
  },
): Promise<RunningProxy>;
export declare function startProxyFor(
  entry: MockApi,
  options: ProxyOptions & { upstream: string; port?: number; host?: string },
): Promise<RunningProxy>;
export interface RunningMocks {
  mocks: RunningMock[];
  /** API name -> base URL. */
  urls: Record<string, string>;
  /** Puts every mock's store back to its seed. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}
/** Fixtures: `{ "<api>": { "<resource>": [item, ...] } }`; an item is the stored value, or `{ parent, key, value }` for a nested or keyed-map resource. */
export type MockSeed = Record<string, Record<string, unknown[]>>;
export interface StateOptions {
  /** Today's stateless mock: every answer is an example (default false). */
  stateless?: boolean;
  /** Your fixtures, on top of the spec's examples: an object or the path of a JSON file. */
  seed?: string | MockSeed;
  /** How many items one mock's store holds (default 100,000); a create past it answers 507. */
  maxItems?: number;
}
export interface ChangeEvent {
  resource: string;
  kind: "created" | "updated" | "deleted";
  key: string;
  value: unknown;
  parentKeys: string[];
}
export declare const DEFAULT_MAX_ITEMS: number;
/** The reserved path prefix of the mock's own endpoints: POST /__specforge/reset, GET /__specforge/state. */
export declare const CONTROL_PREFIX: string;
export declare class StoreFullError extends Error {
  maxItems: number;
}
export declare class Store {
  constructor(options?: {
    maxItems?: number;
    seed?: { resource: string; parentKeys?: string[]; key: string; value: unknown }[];
  });
  readonly size: number;
  readonly maxItems: number;
  reset(): void;
  /** Called after every create, update and delete (not on reset); returns the unsubscribe function. */
  onChange(listener: (event: ChangeEvent) => void): () => void;
  get(resource: string, parentKeys: string[], key: string): unknown;
  has(resource: string, parentKeys: string[], key: string): boolean;
  put(resource: string, parentKeys: string[], key: string, value: unknown): "created" | "updated";
  delete(resource: string, parentKeys: string[], key: string): unknown;
  entries(resource: string, parentKeys: string[]): [string, unknown][];
}
/** An API a client package ships a mock for (from its `openapi/specforge.json`). */
export interface MockApi {
  name: string;
  packageName: string;
  packageDir: string;
  mockView: string;
  bundle: string;
  mockPort?: number;
  mockPortEnv?: string;
  mockUrlEnv?: string;
  startsWith: string[];
}
export declare class PortInUseError extends Error {
  port: number;
}
export interface ResolveOptions {
  /** Folder to resolve client packages from (default: process.cwd()). */
  cwd?: string;
}
/**
 * Starts the mock of one API on `port` (0 = any free port; default: the API's default port).
 * `api`: an API name ("petstore"), a client package name ("@acme/petstore") or a package folder.
 */
export declare function startMock(
  options: { api: string; port?: number; host?: string; upstream?: undefined } & StateOptions & ResolveOptions,
): Promise<RunningMock>;
/** With `upstream`: the validating proxy in front of the real API (default port: 0, any free port). */
export declare function startMock(
  options: { api: string; port?: number; host?: string; upstream: string } & ProxyOptions & ResolveOptions,
): Promise<RunningProxyMock>;
/**
 * Starts several mocks (default: every installed client package's), each with the APIs it starts
 * with (a token endpoint with its API). `ports`: per API name, or one number for all (0 = free ports);
 * otherwise each API's port variable, else its default port.
 */
export declare function startMocks(
  options?: {
    apis?: string[];
    host?: string;
    env?: Record<string, string | undefined>;
    ports?: number | Record<string, number>;
    /** APIs (by name) to run as validating proxies in front of these URLs; a string: the one API named. */
    upstreams?: string | Record<string, string>;
  } & ProxyOptions &
    StateOptions &
    ResolveOptions,
): Promise<RunningMocks>;
/** Starts mocks on free ports and sets each one's URL variable; `teardownMocks()` stops them. For any test runner. */
export declare function setupMocks(
  apis?: string[],
  options?: {
    cwd?: string;
    host?: string;
    ports?: number | Record<string, number>;
    setEnv?: boolean;
    upstreams?: string | Record<string, string>;
  } & ProxyOptions &
    StateOptions,
): Promise<RunningMocks>;
/** Stops every mock `setupMocks` started in this process. */
export declare function teardownMocks(): Promise<void>;
/** Resolves names (API, package or folder) to the APIs to serve, with the APIs each one starts with. */
export declare function resolveMockApis(names?: string[], options?: { cwd?: string; companions?: boolean }): MockApi[];
/** Every API of every installed client package reachable from `cwd`. */
export declare function installedMockApis(cwd?: string): MockApi[];
export declare function readManifest(manifestFile: string, packageDir?: string): MockApi[];
export declare function portFor(
  entry: { mockPort?: number; mockPortEnv?: string },
  env?: Record<string, string | undefined>,
): number;
export declare function startPrism(options: {
  spec: string;
  port?: number;
  host?: string;
  timeoutMs?: number;
}): Promise<{
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}>;
export declare function freePort(host?: string): Promise<number>;
/** Stops a detached child and its whole process group; resolves once it has exited. */
export declare function stopProcessGroup(
  child: import("node:child_process").ChildProcess,
  graceMs?: number,
): Promise<void>;
/** The kinds of bad input the router answers itself, in the provider's error shape (`x-mock.badInput`). */
export declare const BAD_INPUT_CASES: readonly string[];
export declare const BAD_INPUT_DEFAULTS: { body: unknown; maxBodyBytes: number; status: Record<string, number> };
export declare function compileRules(routerSpec?: object, view?: object): any;
export declare function route(
  rules: any,
  request: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: Uint8Array },
): any;
export declare function rejection(
  rules: any,
  kind: string,
  message: string,
  vars?: Record<string, string>,
  headers?: Record<string, string>,
): any;
export declare function startRouter(options: {
  routerSpec?: object;
  view?: object;
  /** The view compiled once (compileMockView); default: compiled from `view`/`routerSpec`. */
  compiled?: CompiledMockView;
  /** Prism's URL; or leave it out and give `upstreamReady`, resolving to it. */
  upstream?: string;
  /** Requests that need Prism wait for it; it resolves to Prism's URL when `upstream` is left out. */
  upstreamReady?: Promise<string | undefined>;
  port?: number;
  host?: string;
  state?: unknown;
}): Promise<{ server: import("node:http").Server; port: number }>;
/** A mock view compiled once per mock instance: its `x-specforge-mock` contract and the router's rules. */
export interface CompiledMockView {
  view: import("@specforge/model").MockView;
  contract: import("@specforge/model").MockContract;
  rules: unknown;
}
/** Compiles a mock view's `x-specforge-mock` rules once, for the router, the state and the validator. */
export declare function compileMockView(view: object): CompiledMockView;
/** The stateful mock of one mock view, without HTTP (undefined when the view has no resource model). */
export declare function compileState(
  view: object | CompiledMockView,
  options?: { seed?: string | Record<string, unknown[]>; maxItems?: number },
): unknown;
