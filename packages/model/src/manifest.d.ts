// Types of @specforge/model/manifest.

export declare const MANIFEST_VERSION: 1;
export declare const MANIFEST_EXPORT: "./specforge.json";
export declare const MANIFEST_FILE: "openapi/specforge.json";

/** How a program creates the API's client: the factory and its options (`{env, default?, scheme?}` or literals). */
export interface ManifestClient {
  factory: string;
  options: Record<string, unknown>;
  mockEnv?: Record<string, string>;
}

/** One API as the manifest file holds it (paths relative to the manifest). */
export interface ManifestApi {
  name: string;
  bundle: string;
  mockView: string;
  /** The TypeScript docs sample of each operation (`{specforgeSamples: 1, samples: {<operationId>: source}}`). */
  samples?: string;
  mockPort?: number;
  mockPortEnv?: string;
  mockUrlEnv: string;
  /** APIs that start with this one (e.g. its token endpoint). */
  startsWith: string[];
  client?: ManifestClient;
}

export interface Manifest {
  specforgeManifest: 1;
  package: string;
  apis: ManifestApi[];
}

/** One API of an installed package, with absolute paths. */
export interface InstalledApi {
  name: string;
  packageName: string;
  packageDir: string;
  bundle: string;
  mockView: string;
  /** The package's TypeScript docs samples, when its manifest lists them. */
  samples?: string;
  mockPort?: number;
  mockPortEnv?: string;
  mockUrlEnv?: string;
  startsWith: string[];
  /** The API whose client uses this one (its token endpoint): then it has no tools of its own. */
  companionOf?: string;
  client?: ManifestClient;
  /** Every API of the package: its default mock port and the variable overriding it. */
  mocks: Record<string, { port?: number; portEnv?: string }>;
}

export declare function createManifest(packageName: string, apis: ManifestApi[]): Manifest;
export declare function manifestText(manifest: Manifest): string;
export declare function parseManifest(text: string, file?: string): Manifest;
export declare function readManifest(file: string, packageDir?: string): InstalledApi[];
export declare function manifestInPackage(dir: string): string | undefined;
export declare function installedApis(starts: string[]): InstalledApi[];
