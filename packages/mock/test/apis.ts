// The providers the mock's tests cover, read from the repository's client packages' manifests (generated
// from redocly.yaml), never listed by hand: a provider added with `npm run add-provider` is covered too.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installedMockApis } from "../src/index.mjs";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Every API of the workspace's client packages that is not another's companion (a token endpoint). */
export function providerApis(): string[] {
  const apis = (installedMockApis(REPO_ROOT) as { name: string; packageDir: string; startsWith?: string[] }[]).filter(
    (api) => path.dirname(api.packageDir) === path.join(REPO_ROOT, "packages"),
  );
  const companions = new Set(apis.flatMap((api) => api.startsWith ?? []));
  const providers = apis.map((api) => api.name).filter((name) => !companions.has(name));
  if (!providers.length) throw new Error(`no client package with a manifest under ${REPO_ROOT}/packages`);
  return providers.sort();
}
