// Release checks that run inside `npm test` (packages/codegen/test/releases.test.ts):
//  - a breaking spec change (per `npm run diff`) since a client package's last release comes with a
//    pending changeset that bumps that package enough: major, or minor while the package is 0.x
//    (docs/decisions.md);
//  - the publishable packages are the workspaces whose package.json is not `private`.
// A package's last release is the last commit that touched its CHANGELOG.md: `changeset version`
// writes it on every release, and a package with no CHANGELOG.md in the history was never released.
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { loadRegistry } from "./config.mjs";
import { diffSpecs } from "./diff.mjs";

const BUMPS = ["none", "patch", "minor", "major"];

/** The workspace packages (root package.json `workspaces`, `dir/*` globs), with their manifests. */
export async function workspacePackages(repoRoot) {
  const root = JSON.parse(await fs.readFile(path.join(repoRoot, "package.json"), "utf8"));
  const dirs = [];
  for (const pattern of root.workspaces ?? []) {
    if (pattern.endsWith("/*")) {
      const parent = path.join(repoRoot, pattern.slice(0, -2));
      for (const name of (await fs.readdir(parent)).sort()) dirs.push(path.join(parent, name));
    } else dirs.push(path.join(repoRoot, pattern));
  }
  const packages = [];
  for (const dir of dirs) {
    try {
      const manifest = JSON.parse(await fs.readFile(path.join(dir, "package.json"), "utf8"));
      packages.push({
        dir,
        name: manifest.name,
        version: manifest.version,
        private: manifest.private === true,
        manifest,
      });
    } catch {
      // not a package
    }
  }
  return packages;
}

/** The packages npm would publish: every workspace not marked `private`. */
export async function publishablePackages(repoRoot) {
  return (await workspacePackages(repoRoot)).filter((p) => !p.private);
}

/** The bump a breaking change needs: major, or minor while the package is 0.x. */
export const requiredBump = (version) => (/^0\./.test(version) ? "minor" : "major");

/** The last commit that touched a package's CHANGELOG.md (its last release), or undefined. */
export function lastRelease(repoRoot, packageDir) {
  const file = path.relative(repoRoot, path.join(packageDir, "CHANGELOG.md"));
  const result = spawnSync("git", ["log", "-1", "--format=%H", "--", file], { cwd: repoRoot, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git log: ${result.stderr.trim()}`);
  return result.stdout.trim() || undefined;
}

/** Pending changesets: package name -> the highest bump any of them asks for. */
export async function pendingBumps(repoRoot) {
  const { default: read } = await import("@changesets/read");
  const bumps = new Map();
  for (const changeset of await read(repoRoot)) {
    for (const { name, type } of changeset.releases) {
      if (BUMPS.indexOf(type) > BUMPS.indexOf(bumps.get(name) ?? "none")) bumps.set(name, type);
    }
  }
  return bumps;
}

/**
 * For every publishable client package generated from a spec in redocly.yaml: the breaking changes
 * since its last release and whether a pending changeset covers them.
 * @returns {Promise<{ package: string, version: string, base?: string, apis: string[], breaking: string[], needs?: string, has: string, ok: boolean }[]>}
 */
export async function checkChangesets({ repoRoot } = {}) {
  const registry = await loadRegistry(repoRoot);
  repoRoot = registry.repoRoot;
  const publishable = new Map((await publishablePackages(repoRoot)).map((p) => [p.dir, p]));
  const bumps = await pendingBumps(repoRoot);
  const byPackage = new Map();
  for (const api of registry.apis) {
    const pkg = publishable.get(api.packageDir);
    if (!pkg) continue;
    if (!byPackage.has(pkg.dir)) byPackage.set(pkg.dir, { pkg, apis: [] });
    byPackage.get(pkg.dir).apis.push(api.name);
  }
  // One diff per release commit (usually every package was released by the same commit).
  const reports = new Map();
  const diffSince = async (base) => {
    if (!reports.has(base)) {
      const apis = [...byPackage.values()]
        .filter((e) => lastRelease(repoRoot, e.pkg.dir) === base)
        .flatMap((e) => e.apis);
      reports.set(base, diffSpecs({ repoRoot, base, only: apis }));
    }
    return reports.get(base);
  };
  const results = [];
  for (const { pkg, apis } of byPackage.values()) {
    const has = bumps.get(pkg.name) ?? "none";
    const base = lastRelease(repoRoot, pkg.dir);
    if (!base) {
      results.push({
        package: pkg.name,
        version: pkg.version,
        apis,
        breaking: [],
        has,
        ok: true,
        note: "never released (no CHANGELOG.md in the history)",
      });
      continue;
    }
    const report = await diffSince(base);
    const breaking = report.apis
      .filter((a) => apis.includes(a.api))
      .flatMap((a) =>
        a.entries
          .filter((e) => e.severity === "breaking")
          .map((e) => `${a.api}: ${e.kind === "document" ? "document" : `${e.kind} ${e.name}`}`),
      );
    const needs = breaking.length ? requiredBump(pkg.version) : undefined;
    const ok = !needs || BUMPS.indexOf(has) >= BUMPS.indexOf(needs);
    results.push({ package: pkg.name, version: pkg.version, base, apis, breaking, needs, has, ok });
  }
  return results;
}
