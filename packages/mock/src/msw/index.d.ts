import type { RequestHandler } from "msw";

/** A client package's mock view (`<package>/openapi.mock.json`), as JSON. */
export type MockView = { openapi: string; [key: string]: unknown };

export interface MockHandlersOptions {
  /**
   * Where the client calls: one URL for the (first) API, or one per API (keyed by API name in
   * Node, by the view's `info.title` for view objects). Default: the spec's server URL.
   */
  baseUrl?: string | Record<string, string>;
  /**
   * Fixtures the store starts from. With an API name (Node): as `startMock` takes them, a seed file's
   * path or `{ "<api>": { "<resource>": [item, ...] } }`. With a mock view: `{ "<resource>": [item, ...] }`.
   */
  seed?: string | Record<string, unknown>;
  /** Answer every request with the spec's examples, as `startMock({ stateless: true })`. */
  stateless?: boolean;
  /** The store's cap (all resources together); default 100,000. */
  maxItems?: number;
  /** Node: where installed client packages are looked up from (default: process.cwd()). */
  cwd?: string;
}

/** The stateful model's store as the server mock's has it. */
export interface InProcessState {
  store: { size: number; maxItems: number };
  fallbacks: number;
  reset(): void;
}

export interface MockHandlers {
  /** MSW request handlers: pass them to `setupServer` (msw/node) or `setupWorker` (msw/browser). */
  handlers: RequestHandler[];
  /** The store goes back to its seed (every API these handlers serve). */
  reset(): void;
  /** The named (first) API's state; undefined when stateless or the API has no resource model. */
  state: InProcessState | undefined;
  /** Every served API's state, in order (the named API first, then its companions). */
  states: Array<InProcessState | undefined>;
}

/**
 * In-process mock handlers on the server mock's state, validator and error shapes.
 * `api`: a mock view object (browsers and bundlers), several (an API and its token endpoint), or
 * in Node an API name (`petstore`, `petstore-auth`), a client package (`@acme/petstore`) or a
 * package folder, resolved as `specforge-mock` resolves it.
 */
export declare function createMockHandlers(
  api: string | MockView | MockView[],
  options?: MockHandlersOptions,
): MockHandlers;
