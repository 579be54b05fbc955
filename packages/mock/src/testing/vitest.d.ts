/**
 * A vitest globalSetup starting the mocks of `apis` (API names, client package names or package
 * folders) on free ports; URLs via `inject("mockUrls")` and each mock's URL variable
 * (e.g. PETSTORE_MOCK_URL).
 */
export declare function mockGlobalSetup(
  apis: string[],
  options?: {
    cwd?: string;
    /** Every answer an example, as before the stateful mock (default false). */
    stateless?: boolean;
    /** Your fixtures on top of the spec's examples: `{ "<api>": { "<resource>": [item, ...] } }` or a JSON file's path. */
    seed?: string | Record<string, Record<string, unknown[]>>;
    /** How many items one mock's store holds (default 100,000). */
    maxItems?: number;
  } & import("../index.js").ProxyOptions & { upstreams?: string | Record<string, string> },
): (project: { provide(key: "mockUrls", value: Record<string, string>): void }) => Promise<() => Promise<void>>;

declare module "vitest" {
  export interface ProvidedContext {
    /** API name (as in the client package's manifest) -> base URL of its running mock. */
    mockUrls: Record<string, string>;
  }
}
