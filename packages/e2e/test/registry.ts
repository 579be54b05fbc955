/**
 * The APIs and providers the e2e tests cover, read from the registry (redocly.yaml, through codegen's
 * reader) and the client packages' manifests, never listed by hand: a provider added with
 * `npm run add-provider` is covered by every test that iterates these lists.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadRegistry } from "@specforge/codegen";
import { installedMockApis } from "@specforge/mock";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface RegistryApi {
  name: string;
  packageName: string;
  packageDir: string;
  mockPortEnv: string;
}

/** Every API of redocly.yaml, in its order. */
export const REGISTRY_APIS: RegistryApi[] = (await loadRegistry(REPO_ROOT)).apis;

/** The APIs another API's mock starts with it (a token endpoint), from the client packages' manifests. */
const companions = new Set<string>(
  (installedMockApis(REPO_ROOT) as { startsWith?: string[] }[]).flatMap((api) => api.startsWith ?? []),
);

/** The providers: every API that is not another's companion, in the registry's order. */
export const PROVIDERS: string[] = REGISTRY_APIS.filter((api) => !companions.has(api.name)).map((api) => api.name);

/** Each client package (short name, as under packages/) with the APIs it ships, companions included. */
export const CLIENT_PACKAGES: { name: string; packageName: string; apis: string[] }[] = [
  ...new Set(REGISTRY_APIS.map((api) => api.packageName)),
].map((packageName) => ({
  name: packageName.replace(/^@specforge\//, ""),
  packageName,
  apis: REGISTRY_APIS.filter((api) => api.packageName === packageName).map((api) => api.name),
}));

if (!PROVIDERS.length) throw new Error(`the registry (${REPO_ROOT}/redocly.yaml) names no provider`);
