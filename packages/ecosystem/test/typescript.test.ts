// TypeScript consumers of the installed packages: the scenario sources themselves, compiled with
// `strict`, `skipLibCheck: false` and no @types/node, under every module resolution a user
// picks (node16, nodenext, bundler) in an ESM project, and under node16/nodenext in a CommonJS one
// (which resolves the packages' `require` types).
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import fs from "node:fs";
import { REPO_ROOT, runProgram } from "./eco.js";

const eco = inject("eco");
const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

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

describe("TypeScript consumers (typescript 5.9, strict, skipLibCheck false, no @types/node)", () => {
  it.concurrent.each(MATRIX)("$name", async ({ dir, module, moduleResolution }) => {
    const cwd = path.join(eco.consumer, dir);
    const config = `tsconfig.${moduleResolution}.json`;
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
    const ran = await runProgram(process.execPath, [tsc, "-p", config, "--listFiles"], { cwd, timeoutMs: 120_000 });
    expect(
      ran.code,
      `tsc -p ${config} in ${dir}:\n${ran.stdout
        .split("\n")
        .filter((l) => !l.startsWith("/"))
        .join("\n")}${ran.stderr}`,
    ).toBe(0);
    const files = ran.stdout.split("\n").filter(Boolean);
    // No Node typings reached the compile, and the packages' declarations were the installed ones.
    expect(files.filter((f) => /@types[/\\]node/.test(f))).toEqual([]);
    const cjsTypes = files.filter((f) => /@specforge[/\\]trustedtwin[/\\]dist[/\\]cjs[/\\]index\.d\.ts$/.test(f));
    expect(cjsTypes.length, "the CommonJS declarations are used exactly when the project is CommonJS").toBe(
      dir === "ts-cjs" ? 1 : 0,
    );
  });
});
