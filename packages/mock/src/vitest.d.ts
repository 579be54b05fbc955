/** A vitest globalSetup starting the mocks of `apis` on free ports; URLs via `inject("mockUrls")`. */
export declare function mockGlobalSetup(apis: string[]): (project: { provide(key: "mockUrls", value: Record<string, string>): void }) => Promise<() => Promise<void>>;

declare module "vitest" {
  export interface ProvidedContext {
    /** API name (as in redocly.yaml) -> base URL of its running mock. */
    mockUrls: Record<string, string>;
  }
}
