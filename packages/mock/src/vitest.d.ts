/**
 * A vitest globalSetup starting the mocks of `apis` (API names, client package names or package
 * folders) on free ports; URLs via `inject("mockUrls")` and each mock's URL variable
 * (e.g. PETSTORE_MOCK_URL).
 */
export declare function mockGlobalSetup(
  apis: string[],
  options?: { cwd?: string } & import("./index.js").ProxyOptions & { upstreams?: string | Record<string, string> },
): (project: { provide(key: "mockUrls", value: Record<string, string>): void }) => Promise<() => Promise<void>>;

declare module "vitest" {
  export interface ProvidedContext {
    /** API name (as in the client package's manifest) -> base URL of its running mock. */
    mockUrls: Record<string, string>;
  }
}
