// TypeScript consumers of the installed packages: the scenario sources themselves, compiled with
// `strict`, `skipLibCheck: false` and no @types/node, under every module resolution a user
// picks (node16, nodenext, bundler) in an ESM project, and under node16/nodenext in a CommonJS one
// (which resolves the packages' `require` types), on each TypeScript this package installs:
// 5.9 (what the repository builds with), 6.0 (the last JavaScript compiler) and 7.0 (the native
// compiler, `typescript@latest`). The compilers come from this package's devDependencies and the
// client packages from the registry (redocly.yaml), so a new compiler or provider is a new cell.
import fs from "node:fs";
import path from "node:path";
import { loadRegistry } from "@specforge/codegen";
import { describe, expect, inject, it } from "vitest";
import { PKG_ROOT, REPO_ROOT, runProgram } from "./eco.js";

const eco = inject("eco");

const MATRIX = [
  { name: "ESM project, moduleResolution node16", dir: "ts", module: "node16", moduleResolution: "node16" },
  { name: "ESM project, moduleResolution nodenext", dir: "ts", module: "nodenext", moduleResolution: "nodenext" },
  { name: "ESM project, moduleResolution bundler", dir: "ts", module: "esnext", moduleResolution: "bundler" },
  { name: "CommonJS project, moduleResolution node16", dir: "ts-cjs", module: "node16", moduleResolution: "node16" },
  {
    name: "CommonJS project, moduleResolution nodenext",
    dir: "ts-cjs",
    module: "nodenext",
    moduleResolution: "nodenext",
  },
] as const;

/** The compilers: every devDependency of this package that is TypeScript (`typescript`, or an `npm:typescript@` alias). */
const manifest = JSON.parse(fs.readFileSync(path.join(PKG_ROOT, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};
const COMPILERS = Object.entries(manifest.devDependencies)
  .map(([alias, spec]) => {
    const version = alias === "typescript" ? spec : /^npm:typescript@(.+)$/.exec(spec)?.[1];
    return version ? { alias, version, tsc: path.join(REPO_ROOT, "node_modules", alias, "bin", "tsc") } : undefined;
  })
  .filter((c) => c !== undefined)
  .sort((a, b) => a.version.localeCompare(b.version, "en", { numeric: true }));

/** The client packages the registry names (an API's package appears once, whatever its APIs). */
const registry = await loadRegistry(REPO_ROOT);
const CLIENT_PACKAGES = [...new Set(registry.apis.map((api: { packageName: string }) => api.packageName))].sort();

const CELLS = COMPILERS.flatMap((compiler) => MATRIX.map((cell) => ({ ...cell, ...compiler })));

describe("TypeScript consumers (strict, skipLibCheck false, no @types/node)", () => {
  it("runs on TypeScript 5.9, 6.0 and 7.0, each the version its devDependency pins", async () => {
    expect(COMPILERS.map((c) => c.version.split(".").slice(0, 2).join("."))).toEqual(["5.9", "6.0", "7.0"]);
    for (const { alias, version, tsc } of COMPILERS) {
      expect(
        fs.existsSync(tsc),
        `${alias} is not installed at ${tsc}: run \`npm install\` at the repository root`,
      ).toBe(true);
      const ran = await runProgram(process.execPath, [tsc, "--version"], { cwd: REPO_ROOT, timeoutMs: 60_000 });
      expect(ran.stdout.trim(), alias).toBe(`Version ${version}`);
    }
  });

  it.concurrent.each(CELLS)(
    "TypeScript $version, $name",
    async ({ dir, module, moduleResolution, version, tsc }) => {
      const cwd = path.join(eco.consumer, dir);
      const config = `tsconfig.${moduleResolution}.${version}.json`;
      fs.writeFileSync(
        path.join(cwd, config),
        JSON.stringify(
          {
            compilerOptions: {
              strict: true,
              skipLibCheck: false,
              noEmit: true,
              types: [],
              target: "ES2022",
              module,
              moduleResolution,
              isolatedModules: true,
              verbatimModuleSyntax: false,
            },
            include: ["src/*.ts"],
          },
          null,
          2,
        ),
      );
      const ran = await runProgram(process.execPath, [tsc, "-p", config, "--listFiles"], { cwd, timeoutMs: 360_000 });
      expect(
        ran.code,
        `TypeScript ${version}: tsc -p ${config} in ${dir}:\n${ran.stdout
          .split("\n")
          .filter((l) => !l.startsWith("/"))
          .join("\n")}${ran.stderr}`,
      ).toBe(0);
      const files = ran.stdout.split("\n").filter(Boolean);
      // No Node typings reached the compile, and the packages' declarations were the installed ones.
      expect(files.filter((f) => /@types[/\\]node/.test(f))).toEqual([]);
      const used = (pkg: string, cjs: boolean) =>
        files.some((f) => f.replace(/\\/g, "/").endsWith(`node_modules/${pkg}/dist/${cjs ? "cjs/" : ""}index.d.ts`));
      for (const pkg of [...CLIENT_PACKAGES, "@specforge/runtime"]) {
        expect(used(pkg, dir === "ts-cjs"), `${pkg}'s ${dir === "ts-cjs" ? "CommonJS" : "ESM"} declarations`).toBe(
          true,
        );
        expect(used(pkg, dir !== "ts-cjs"), `${pkg}: only the declarations of the project's module kind`).toBe(false);
      }
    },
    400_000,
  ); // fifteen compiles share two cores with the other suites
});
