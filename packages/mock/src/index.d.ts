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
  /** Stops the router and Prism's whole process group (idempotent). */
  stop(): Promise<void>;
}
export interface RunningMocks {
  mocks: RunningMock[];
  /** API name -> base URL. */
  urls: Record<string, string>;
  stop(): Promise<void>;
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
export declare function startMock(options: { api: string; port?: number; host?: string } & ResolveOptions): Promise<RunningMock>;
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
  } & ResolveOptions,
): Promise<RunningMocks>;
/** Starts mocks on free ports and sets each one's URL variable; `teardownMocks()` stops them. For any test runner. */
export declare function setupMocks(
  apis?: string[],
  options?: { cwd?: string; host?: string; ports?: number | Record<string, number>; setEnv?: boolean },
): Promise<RunningMocks>;
/** Stops every mock `setupMocks` started in this process. */
export declare function teardownMocks(): Promise<void>;
/** Resolves names (API, package or folder) to the APIs to serve, with the APIs each one starts with. */
export declare function resolveMockApis(names?: string[], options?: { cwd?: string; companions?: boolean }): MockApi[];
/** Every API of every installed client package reachable from `cwd`. */
export declare function installedMockApis(cwd?: string): MockApi[];
export declare function readManifest(manifestFile: string, packageDir?: string): MockApi[];
export declare function portFor(entry: { mockPort?: number; mockPortEnv?: string }, env?: Record<string, string | undefined>): number;
export declare function startPrism(options: { spec: string; port?: number; host?: string; timeoutMs?: number }): Promise<{
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}>;
export declare function freePort(host?: string): Promise<number>;
/** Stops a detached child and its whole process group; resolves once it has exited. */
export declare function stopProcessGroup(child: import("node:child_process").ChildProcess, graceMs?: number): Promise<void>;
/** The kinds of bad input the router answers itself, in the provider's error shape (`x-mock.badInput`). */
export declare const BAD_INPUT_CASES: readonly string[];
export declare const BAD_INPUT_DEFAULTS: { body: unknown; maxBodyBytes: number; status: Record<string, number> };
export declare function compileRules(routerSpec?: object, view?: object): any;
export declare function route(rules: any, request: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: Uint8Array }): any;
export declare function rejection(rules: any, kind: string, message: string, vars?: Record<string, string>, headers?: Record<string, string>): any;
export declare function startRouter(options: { routerSpec?: object; view?: object; upstream: string; port?: number; host?: string }): Promise<{ server: import("node:http").Server; port: number }>;
