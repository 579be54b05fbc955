// The package gates, on the tarballs exactly as they would be published: are-the-types-wrong
// and publint find no problem, and every package.json has the metadata users and registries read.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { PACKAGES, PKG_ROOT, REPO_ROOT, runProgram } from "./eco.js";

const eco = inject("eco");
const bin = (name: string) =>
  [path.join(PKG_ROOT, "node_modules", ".bin", name), path.join(REPO_ROOT, "node_modules", ".bin", name)].find((f) =>
    fs.existsSync(f),
  )!;

describe.each(PACKAGES)("@specforge/%s", (name) => {
  const tarball = () => eco.tarballs[`@specforge/${name}`]!;

  // Profile node16: every resolution mode that reads `exports` (node16 from ESM and from CJS,
  // bundler). TypeScript's legacy `node10` mode ignores `exports`, so subpath imports cannot work
  // there; the root entry still resolves in it (`main` + `types`), and the ts matrix covers the rest.
  it("are-the-types-wrong: no problem", async () => {
    const ran = await runProgram(bin("attw"), [tarball(), "--profile", "node16", "--format", "json", "--no-color"], {
      cwd: eco.root,
      timeoutMs: 120_000,
    });
    const report = JSON.parse(ran.stdout) as {
      analysis: { problems: Array<{ kind: string; resolutionKind?: string; entrypoint?: string }> };
    };
    const problems = report.analysis.problems.filter((p) => p.resolutionKind !== "node10");
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
    expect(ran.code, ran.stderr).toBe(0);
  });

  it("publint: no error, warning or suggestion", async () => {
    const ran = await runProgram(bin("publint"), ["run", tarball(), "--strict", "--level", "suggestion"], {
      cwd: eco.root,
      timeoutMs: 60_000,
    });
    expect(`${ran.stdout}${ran.stderr}`).toContain("All good!");
    expect(ran.code).toBe(0);
  });

  it("package.json: repository, homepage, keywords, engines, sideEffects, files, exports for types/import/require", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "packages", name, "package.json"), "utf8"));
    expect(pkg.private).toBeUndefined();
    expect(pkg.repository).toEqual({
      type: "git",
      url: "git+https://github.com/specforge/specforge.git",
      directory: `packages/${name}`,
    });
    expect(pkg.homepage).toBe(
      name === "runtime"
        ? "https://github.com/specforge/specforge/tree/main/packages/runtime#readme"
        : `https://specforge.github.io/specforge/${name}.html`,
    );
    expect(pkg.keywords.length).toBeGreaterThan(3);
    expect(pkg.engines).toEqual({ node: ">=20.19" });
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.files).toContain("dist");
    for (const [subpath, target] of Object.entries(pkg.exports as Record<string, unknown>)) {
      if (typeof target === "string") continue; // ./package.json and the raw spec files
      // A `module-sync` condition (decision 28: the runtime's ./paging-styles, read before any build)
      // points at plain JavaScript the package ships; the other conditions are the built files.
      const { "module-sync": sync, ...built } = target as Record<string, unknown>;
      if (sync !== undefined) {
        expect(sync, `${subpath}: module-sync`).toMatch(/^\.\/src\/.*\.js$/);
        expect(pkg.files, `${subpath}: module-sync's file is published`).toContain((sync as string).slice(2));
        expect(fs.existsSync(path.join(REPO_ROOT, "packages", name, sync as string)), `${subpath}: ${sync}`).toBe(true);
      }
      expect(built, subpath).toEqual({
        import: {
          types: expect.stringMatching(/^\.\/dist\/.*\.d\.ts$/),
          default: expect.stringMatching(/^\.\/dist\/.*\.js$/),
        },
        require: {
          types: expect.stringMatching(/^\.\/dist\/cjs\/.*\.d\.ts$/),
          default: expect.stringMatching(/^\.\/dist\/cjs\/.*\.js$/),
        },
      });
    }
  });
});
